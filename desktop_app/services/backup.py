"""Backups through SQLite's online backup API, and restoring one without risking the current file.

A backup is a consistent copy taken while the app runs, optionally encrypted (see backup_crypto).
Restoring checks the candidate completely (decryption, integrity, schema version, audit chain,
migration to this app's schema) in a scratch file beside the database; only then is the current
file copied aside and replaced. A refused backup leaves the current file exactly as it was.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop_app.domain.errors import NotGenuine, PermissionDenied, RuleRefused
from desktop_app.domain.file_problems import naming, reason
from desktop_app.domain.policy import (
    BACKUP_AUTOMATIC,
    BACKUP_FOLDER,
    BACKUP_INTERVAL_HOURS,
    BACKUP_KEEP,
    BACKUP_PASSPHRASE,
)
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.services.backup_crypto import (
    SQLITE_MAGIC,
    decrypt_file,
    encrypt_file,
    is_encrypted,
)
from desktop_app.services.policy import change_setting, setting
from desktop_app.services.session import Session
from desktop_app.store import files
from desktop_app.store.database import DamagedFile, Database
from desktop_app.store.migrations import LATEST_VERSION

__all__ = ["BackupContents", "backup_folder", "backup_if_due", "check_backup", "choose_backups",
           "create_backup", "is_encrypted", "restore_backup"]

LAST_AUTOMATIC = "backup.last_automatic"  # {"at": UTC instant, "audit_id": newest row then}
AUTOMATIC_PREFIX = "futasato-"
PLAIN_SUFFIX, SEALED_SUFFIX = ".sqlite", ".sqlite.enc"


def backup_folder(db: Database) -> Path:
    """The town's backup folder, or `backups` beside the database file."""
    chosen = setting(db, BACKUP_FOLDER)
    return Path(chosen) if chosen else db.path.parent / "backups"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write(db: Database, out: Path, passphrase: str | None) -> dict:
    """Copy the live file to `out` (encrypted when a passphrase is given); nothing half-written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    plain = out.with_name(out.name + ".part")
    sealed = out.with_name(out.name + ".enc-part")
    try:
        plain.unlink(missing_ok=True)
        db.backup_to(plain)
        _check_copy(plain)
        if passphrase:
            encrypt_file(plain, sealed, passphrase)
            os.replace(sealed, out)
        else:
            os.replace(plain, out)
    except OSError as error:  # named as the clerk chose it, not as its .part
        raise naming(error, out, plain, sealed) from None
    finally:
        plain.unlink(missing_ok=True)
        sealed.unlink(missing_ok=True)
    return {"file": str(out), "bytes": out.stat().st_size, "sha256": _sha256(out),
            "encrypted": bool(passphrase), "schema": db.schema_version,
            "audit_rows_up_to": db.audit.last_id()}


def _check_copy(path: Path) -> None:
    result = files.quick_check(path)
    if result != "ok":
        raise RuleRefused(N_("The copy of the database failed its check ({problem}); "
                             "no backup was written."), {"problem": result})


def _check_passphrase(passphrase: str | None) -> None:
    if passphrase is not None and len(passphrase) < 8:
        raise RuleRefused(N_("A backup passphrase needs at least 8 characters."),
                          field=N_("Passphrase"))


def choose_backups(session: Session, *, folder: str = "", passphrase: str = "") -> None:
    """Where automatic backups go and the passphrase that encrypts them (first run, 設定).
    An empty value leaves that setting as it was; the folder is created now, so a folder that
    cannot be written is refused here and not at the first backup."""
    _check_passphrase(passphrase or None)
    if folder:
        try:
            Path(folder).mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise RuleRefused(N_("The backup folder {folder} cannot be created ({error})."),
                              {"folder": folder, "error": reason(error)},
                              field=N_("Backup folder")) from None
        change_setting(session, BACKUP_FOLDER, str(Path(folder).resolve()))
    if passphrase:
        change_setting(session, BACKUP_PASSPHRASE, passphrase)


def create_backup(session: Session, out: Path, *, passphrase: str | None = None) -> dict:
    """A backup on demand (supervisors and administrators); returns what the audit row says."""
    session.require(Permission.BACKUP)
    _check_passphrase(passphrase)
    out = Path(out)
    if out.resolve() == session.db.path.resolve():
        raise RuleRefused(N_("A backup cannot overwrite the database itself."))
    info = _write(session.db, out, passphrase)
    _record(session, "backup.create", out, info)
    return info


def _record(session: Session, action: str, out: Path, info: dict, **settings) -> None:
    """The audit row of a finished copy (with any settings to keep); no row, no file."""
    try:
        with session.write(action, "backup") as change:
            change.entity_id, change.after = out.name, info
            for key, value in settings.items():
                session.db.settings.put(key, value)
    except BaseException:
        out.unlink(missing_ok=True)
        raise


def backup_if_due(session: Session, *, closing: bool = False,
                  now: datetime | None = None) -> Path | None:
    """The automatic backup: at close, and once per interval while the app runs.

    Skipped when the town turned it off, or when nothing but backups happened since the last
    one. Written into the backup folder, encrypted when the town set a passphrase, and the
    oldest automatic backups beyond the number to keep are removed. Runs for any clerk.
    """
    db = session.db
    if not setting(db, BACKUP_AUTOMATIC):
        return None
    now = now or datetime.now(UTC)
    last = db.settings.get(LAST_AUTOMATIC)
    if last and not db.audit.anything_since(last["audit_id"], "backup."):
        return None
    if last and not closing:
        interval = timedelta(hours=setting(db, BACKUP_INTERVAL_HOURS))
        if now - datetime.fromisoformat(last["at"]) < interval:
            return None
    passphrase = setting(db, BACKUP_PASSPHRASE) or None
    folder = backup_folder(db)
    stamp = now.astimezone().strftime("%Y%m%d-%H%M%S")
    suffix = SEALED_SUFFIX if passphrase else PLAIN_SUFFIX
    out = folder / f"{AUTOMATIC_PREFIX}{stamp}{suffix}"
    number = 1
    while out.exists():
        number += 1
        out = folder / f"{AUTOMATIC_PREFIX}{stamp}-{number}{suffix}"
    info = {**_write(db, out, passphrase), "closing": closing}
    _record(session, "backup.automatic", out, info,
            **{LAST_AUTOMATIC: {"at": now.replace(microsecond=0).isoformat(),
                                "audit_id": info["audit_rows_up_to"]}})
    _prune(folder, setting(db, BACKUP_KEEP))
    return out


def automatic_backups(folder: Path) -> list[Path]:
    """The automatic backups in `folder`, oldest first (their names sort by time)."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.name.startswith(AUTOMATIC_PREFIX)
             and (p.name.endswith(PLAIN_SUFFIX) or p.name.endswith(SEALED_SUFFIX))]
    return sorted(found, key=lambda p: p.name)


def _prune(folder: Path, keep: int) -> None:
    """Remove automatic backups beyond the newest `keep`; other files are never touched."""
    backups = automatic_backups(folder)
    for old in backups[:max(0, len(backups) - keep)]:
        old.unlink(missing_ok=True)


# Restoring.

def _refuse_damaged(source: Path, detail: str) -> RuleRefused:
    return RuleRefused(N_("{path} is not a sound Futasato backup ({detail}); nothing was "
                          "changed."), {"path": source.name, "detail": detail})


def _prepare(source: Path, scratch: Path, passphrase: str | None) -> int:
    """Put a checked copy of `source`, migrated to this app's schema, at `scratch`.

    Returns the schema version the backup was written with.
    """
    with open(source, "rb") as handle:
        start = handle.read(len(SQLITE_MAGIC))
    if is_encrypted(source):
        if not passphrase:
            raise RuleRefused(N_("{path} is encrypted: give its passphrase."),
                              {"path": source.name}, field=N_("Passphrase"))
        decrypt_file(source, scratch, passphrase)
    elif start == SQLITE_MAGIC:
        try:
            files.copy_file(source, scratch)
        except DamagedFile as error:
            raise _refuse_damaged(source, error.detail) from None
    else:
        raise _refuse_damaged(source, "not an SQLite file")
    version = _check_candidate(source, scratch)
    candidate = Database(scratch, migrate=False)
    try:
        broken = candidate.audit.verify()
    finally:
        candidate.close()
    if broken is not None:
        raise NotGenuine(N_("The audit trail in {path} has been tampered with at row {row}; "
                            "nothing was changed."), {"path": source.name, "row": broken.row_id})
    if version < LATEST_VERSION:
        for stale in scratch.parent.glob(f"{scratch.stem}.v*.bak.sqlite"):
            stale.unlink()
        Database(scratch).close()  # runs the migrations, each in its own transaction
        for copy in scratch.parent.glob(f"{scratch.stem}.v*.bak.sqlite"):
            copy.unlink()  # the migration's own safety copy of a scratch file is not needed
        _check_candidate(source, scratch)
    return version


def _check_candidate(source: Path, scratch: Path) -> int:
    try:
        found = files.candidate(scratch)
    except DamagedFile as error:
        raise _refuse_damaged(source, error.detail) from None
    if found.problems:
        raise _refuse_damaged(source, "; ".join(found.problems[:3]))
    version = found.schema_version
    if version > LATEST_VERSION:
        raise RuleRefused(N_("{path} was written by a newer version of Futasato (schema "
                             "{found}, this app knows up to {known}); nothing was changed."),
                          {"path": source.name, "found": version, "known": LATEST_VERSION})
    if version < 1 or not found.has_office:
        raise _refuse_damaged(source, "no Futasato office in it")
    return version


@dataclass(frozen=True)
class BackupContents:
    """What a backup that passed every check holds, for the administrator to confirm."""

    file: Path
    size: int
    encrypted: bool
    file_time: str  # when the file was last written, UTC ISO
    office_name: str
    municipality_code: str
    schema_version: int  # as written; older ones are brought up to date when restored
    upgrade_needed: bool
    last_change_at: str  # the newest audit row it holds: the moment it shows the register as of
    last_change_by: str
    audit_rows: int
    registrants: int


def check_backup(session: Session, source: Path, *,
                 passphrase: str | None = None) -> BackupContents:
    """Every check restoring makes (decryption, integrity, schema version, audit chain,
    migration), on a scratch copy removed afterwards, and what the backup holds. Administrators
    only, as restoring is; nothing is changed and nothing audited (the restore is)."""
    session.require(Permission.RESTORE)
    source = Path(source)
    if not source.is_file():
        raise RuleRefused(N_("{path} does not exist."), {"path": str(source)})
    with tempfile.TemporaryDirectory(prefix="futasato-check-") as folder:
        scratch = Path(folder) / "candidate.sqlite"
        version = _prepare(source, scratch, passphrase)
        candidate = Database(scratch, migrate=False)
        try:
            office = candidate.office.get() or {}
            last = (candidate.audit.recent(1) or [{}])[0]
            counts = candidate.table_counts()
        finally:
            candidate.close()
    written = datetime.fromtimestamp(source.stat().st_mtime, UTC).replace(microsecond=0)
    return BackupContents(
        file=source, size=source.stat().st_size, encrypted=is_encrypted(source),
        file_time=written.isoformat(), office_name=office.get("office_name", ""),
        municipality_code=office.get("municipality_code", ""), schema_version=version,
        upgrade_needed=version < LATEST_VERSION, last_change_at=last.get("at", ""),
        last_change_by=last.get("clerk", ""), audit_rows=counts.get("audit", 0),
        registrants=counts.get("registrants", 0))


def restore_backup(target: Path, source: Path, *, passphrase: str | None = None,
                   session: Session | None = None) -> dict:
    """Replace the database at `target` with the backup `source`.

    When `target` exists, `session` must be an administrator's session on it; that database
    is closed here, and the caller opens the restored file anew. The current file is kept
    aside as `<name>.before-restore-<time>.sqlite` in the same folder.
    """
    target, source = Path(target), Path(source)
    if not source.is_file():
        raise RuleRefused(N_("{path} does not exist."), {"path": str(source)})
    if target.exists():
        if session is None:
            raise PermissionDenied(N_("Sign in as an administrator of the current file to "
                                      "replace it."))
        session.require(Permission.RESTORE)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    scratch = target.with_name(f"{target.stem}.restoring-{stamp}.sqlite")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        schema_from = _prepare(source, scratch, passphrase)
        aside = None
        clerk = session.clerk if session else "-"
        if target.exists():
            aside = target.with_name(f"{target.stem}.before-restore-{stamp}.sqlite")
            with session.write("backup.restore_replaces", "backup") as change:
                change.entity_id = source.name
                change.after = {"from": source.name, "set_aside": aside.name}
            session.db.backup_to(aside)
            session.db.close()
            # The last connection to close removes the WAL file; if it is still there, some
            # other window or command has the file open, and replacing it would lose data.
            if Path(f"{target}-wal").exists():
                raise RuleRefused(N_("The database is still open in another window or "
                                     "command; close it and restore again."))
            Path(f"{target}-shm").unlink(missing_ok=True)
        os.replace(scratch, target)
    finally:
        for part in (scratch, Path(f"{scratch}-wal"), Path(f"{scratch}-shm")):
            part.unlink(missing_ok=True)
    restored = Database(target)
    try:
        terminal = restored.office.get()["terminal_id"]
        info = {"from": str(source), "schema_from": schema_from,
                "schema_now": restored.schema_version,
                "set_aside": str(aside) if aside else None}
        with restored.transaction():
            restored.audit.append(clerk=clerk, terminal=terminal, action="backup.restore",
                                  entity="backup", entity_id=source.name,
                                  after={**info, "from": source.name,
                                         "set_aside": aside.name if aside else None})
    finally:
        restored.close()
    return info
