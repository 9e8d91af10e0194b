"""Two or three counters of one town, as real files: one office set up, then copied, each copy
given its own terminal and counter number (what joining does), for the sync tests."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date
from pathlib import Path

from desktop_app.domain.roles import Role
from desktop_app.services.registration import application_from_record, update_details
from desktop_app.services.session import Session
from desktop_app.services.sync_apply import ApplyResult, apply_changes
from desktop_app.services.sync_pairing import invite, join
from desktop_app.services.sync_transfer import export_changes, import_package
from desktop_app.store.database import Database
from desktop_app.store.migrations import SYNCED_TABLES

# Columns that are this file's own (references are compared by the record's uuid).
_LOCAL = ("id",)


def counters(base: Database, folder: Path, count: int) -> list[Session]:
    """`count` counters copied from `base`, numbered 1.. (branch counters)."""
    sessions = []
    for number in range(1, count + 1):
        path = folder / f"counter-{number}.sqlite"
        base.backup_to(path)
        db = Database(path)
        terminal = f"counter-{number}-{uuid.uuid4().hex[:8]}"
        with db.transaction():
            db.execute("UPDATE change_sequences SET local = 0 WHERE local = 1")
            db.execute("UPDATE office SET terminal_id = ?, counter = ?", (terminal, number))
            db.execute("INSERT INTO change_sequences (terminal, last, local) VALUES (?, 0, 1)",
                       (terminal,))
        sessions.append(Session(db, clerk=f"clerk{number}", role=Role.ADMIN))
    return sessions


def edit_person(session: Session, registrant_id: int, today: date, **values) -> None:
    """Change some of a registrant's details at this counter, the rest as they are on file."""
    person = application_from_record(session.db.registrants.get(registrant_id))
    update_details(session, registrant_id, dataclasses.replace(person, **values), today=today)


def own_changes(session: Session) -> list[dict]:
    return list(session.db.changes.since(session.terminal, 0))


def apply(session: Session, changes: list[dict]) -> ApplyResult:
    return apply_changes(session, changes)


def _references(db: Database, table: str) -> dict[str, str]:
    return {row[3]: row[2] for row in db.execute(f"PRAGMA foreign_key_list({table})")
            if row[2] in SYNCED_TABLES}


def synced_rows(db: Database) -> dict[str, list[tuple]]:
    """Every synced table's rows by uuid, references as the referenced record's uuid."""
    rows = {}
    for table in SYNCED_TABLES:
        pointing = _references(db, table)
        found = []
        for row in db.execute(f"SELECT * FROM {table}"):
            record = dict(row)
            for name, target in pointing.items():
                if record[name] is not None:
                    record[name] = db.execute(f"SELECT uuid FROM {target} WHERE id = ?",
                                              (record[name],)).fetchone()[0]
            found.append(tuple(sorted((k, v) for k, v in record.items() if k not in _LOCAL)))
        rows[table] = sorted(found, key=lambda r: dict(r)["uuid"])
    return rows



def paired_counters(admin: Session, password: str, folder: Path) -> tuple[Session, Session]:
    """The main office (the admin's file) and a branch, counter 1, paired through the services
    as `sync invite`, `sync join` and `sync import` pair them."""
    made = invite(admin, password, folder)
    joined = join(folder / "branch.sqlite", made.path, made.secret, 1, admin.clerk, password,
                  folder)
    import_package(admin, joined.reply)
    branch = Database(folder / "branch.sqlite")
    return admin, Session(branch, clerk=admin.clerk, role=admin.role)


def carry(sender: Session, receiver: Session, password: str, folder: Path):
    """A change set from `sender` for `receiver`, written and imported as on the stick."""
    counter = str(receiver.db.office.get()["counter"])
    return import_package(receiver, export_changes(sender, password, counter, folder).path)
