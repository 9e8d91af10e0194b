"""What the operating system said about a file, in the clerk's words and language: a full disk,
a read-only stick, a folder Futasato may not use. The OS's own text is English whatever the
language of the app, and names neither the folder nor what to do."""

from __future__ import annotations

import errno
from pathlib import Path

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.text import N_, Msg

_NO_ROOM = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}  # EDQUOT: a quota, not Windows
_NOT_ALLOWED = {errno.EACCES, errno.EPERM}


def reason(error: OSError) -> str:
    """Why, for a message that already names its folder; translated when the message is shown."""
    if error.errno in _NO_ROOM:
        return Msg(N_("there is no room left on the disk"))
    if error.errno == errno.EROFS:
        return Msg(N_("the folder is read-only"))
    if error.errno in _NOT_ALLOWED:
        return Msg(N_("Futasato is not allowed to use it"))
    return error.strerror or str(error)


def unusable_file(error: OSError) -> RuleRefused:
    """The refusal for an OSError that names its file, naming the file and its folder."""
    path = Path(error.filename)
    params = {"file": path.name, "folder": str(path.parent)}
    if error.errno in _NO_ROOM:
        return RuleRefused(N_("There is no room left in {folder} for {file}: free some space "
                              "there or choose another folder. Nothing was saved there."), params)
    if error.errno == errno.EROFS:
        return RuleRefused(N_("{folder} is read-only, so {file} cannot be written there: "
                              "choose another folder."), params)
    if error.errno in _NOT_ALLOWED:
        return RuleRefused(N_("Futasato is not allowed to use {file} in {folder}: choose "
                              "another folder, or ask for the right to use it."), params)
    return RuleRefused(N_("{file} in {folder}: {reason}"),
                       {**params, "reason": error.strerror or str(error)})


def database_disk_full(path: Path) -> RuleRefused:
    """The database's own disk is full: the change was rolled back whole."""
    return RuleRefused(N_("The disk that holds the database {file} is full ({folder}): the "
                          "change was not saved. Free some space there and try again."),
                       {"file": path.name, "folder": str(path.parent)})


def naming(error: OSError, target: str | Path, *stand_ins: str | Path) -> OSError:
    """The same error naming `target` when it names no file (a write on a full disk) or one of
    the temporary files written in its place (`NAME.part`), which the clerk never sees."""
    if error.filename is not None and str(error.filename) not in {str(p) for p in stand_ins}:
        return error
    return OSError(error.errno, error.strerror, str(target))
