"""`futasato backup` and `futasato restore`.

The passphrase of an encrypted backup comes from FUTASATO_BACKUP_PASSPHRASE or a prompt.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from desktop_app.commands.common import (
    EXIT_OK,
    UsageError,
    clerk_session,
    database_path,
    emit,
    open_database,
)
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.text import N_
from desktop_app.i18n import _


def register(commands) -> None:
    backup = commands.add_parser("backup", help=_("copy the database to a backup file"))
    backup.add_argument("--out", type=Path,
                        help=_("the backup file (default: a new file in the backup folder)"))
    backup.add_argument("--encrypt", action="store_true",
                        help=_("encrypt the backup with a passphrase"))
    backup.set_defaults(run=run_backup)
    restore = commands.add_parser(
        "restore", help=_("replace the database with a backup, keeping the current file aside"))
    restore.add_argument("file", type=Path, help=_("the backup file"))
    restore.set_defaults(run=run_restore)


def passphrase(prompt: str, *, confirm: bool) -> str:
    given = os.environ.get("FUTASATO_BACKUP_PASSPHRASE")
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise UsageError(_("Set FUTASATO_BACKUP_PASSPHRASE or run the command in a terminal."))
    typed = getpass.getpass(prompt)
    if confirm and getpass.getpass(_("Repeat the passphrase: ")) != typed:
        raise RuleRefused(N_("The two passphrases differ."), field=N_("Passphrase"))
    return typed


def run_backup(args: argparse.Namespace) -> int:
    from desktop_app.domain.roles import Permission
    from desktop_app.services.backup import backup_folder, create_backup

    db = open_database(args)
    try:
        session = clerk_session(db)
        session.require(Permission.BACKUP)  # before a passphrase is asked
        secret = passphrase(_("Backup passphrase: "), confirm=True) if args.encrypt else None
        out = args.out
        if out is None:
            from datetime import datetime

            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            out = backup_folder(db) / (f"manual-{stamp}.sqlite" + (".enc" if secret else ""))
        info = create_backup(session, out, passphrase=secret)
    finally:
        db.close()
    emit(args, info, _("Backup written to {path} ({size} bytes, SHA-256 {sha256}).").format(
        path=info["file"], size=info["bytes"], sha256=info["sha256"]))
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    from desktop_app.services.backup import is_encrypted, restore_backup

    if not args.file.is_file():
        raise RuleRefused(N_("{path} does not exist."), {"path": str(args.file)})
    target = database_path(args)
    session = None
    db = None
    if target.exists():
        db = open_database(args)
        session = clerk_session(db)
    try:
        if session is not None:
            from desktop_app.domain.roles import Permission

            session.require(Permission.RESTORE)
        secret = (passphrase(_("Backup passphrase: "), confirm=False)
                  if is_encrypted(args.file) else None)
        info = restore_backup(target, args.file, passphrase=secret, session=session)
    finally:
        if db is not None:
            db.close()
    text = _("Restored {source} into {target} (schema {before} → {after}).").format(
        source=args.file, target=target, before=info["schema_from"], after=info["schema_now"])
    if info["set_aside"]:
        text += "\n" + _("The previous file was kept as {path}.").format(path=info["set_aside"])
    emit(args, info, text)
    return EXIT_OK
