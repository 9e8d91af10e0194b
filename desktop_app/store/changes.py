"""The change log's reads and the stamping of its rows (the rows themselves are written by the
triggers of store/migrations/m012_change_log.py, on every write to a synced table)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from desktop_app.store.migrations.m012_change_log import logged_rows_statement

if TYPE_CHECKING:
    from desktop_app.store.database import Database

COLUMNS = ("change_id", "terminal", "sequence", "at", "entity", "record_uuid", "operation",
           "base_version", "version", "old_values", "new_values", "redacted", "audit_id")
# The audit row of the write whose range of changes holds the change (None: made by hand).
_SELECT = ("SELECT " + ", ".join(f"c.{column}" for column in COLUMNS[:-1])
           + ", (SELECT CASE WHEN w.first_change <= c.id THEN w.audit_id END"
             " FROM change_writes AS w WHERE w.last_change >= c.id"
             " ORDER BY w.last_change LIMIT 1) FROM changes AS c")


def _change(row) -> dict:
    change = dict(zip(COLUMNS, row, strict=True))
    change["change_id"] = str(uuid.UUID(bytes=change["change_id"]))
    for key in ("old_values", "new_values"):
        change[key] = json.loads(change[key]) if change[key] is not None else None
    return change


class ChangeLog:
    def __init__(self, db: Database):
        self.db = db

    def last_id(self) -> int:
        return self.db.execute("SELECT coalesce(max(id), 0) FROM changes").fetchone()[0]

    def name_write(self, after_id: int, audit_id: int) -> None:
        """Name the audit row on the changes written since `after_id` (one write's changes)."""
        self.db.execute("INSERT INTO change_writes (audit_id, first_change, last_change)"
                        " SELECT ?, min(id), max(id) FROM changes WHERE id > ?"
                        " HAVING count(*) > 0", (audit_id, after_id))

    @contextmanager
    def logged_in_bulk(self, table: str) -> Iterator[list[int]]:
        """Rows inserted meanwhile get their changes in one statement afterwards, not one
        trigger call each (a trigger on the register costs as much as the insert itself;
        bench/change_log.py). The same rows, in the same form, as the trigger writes; inside the
        caller's transaction, so a rollback puts the trigger back too.

        The rows are found as those with a rowid above the table's largest before: the caller
        appends to the list it is given how many rows it inserted, and a load that put a row
        below (in a gap) is refused rather than left partly unlogged."""
        if not self.db.connection.in_transaction:  # a load on its own: its own transaction
            with self.db.transaction(), self.logged_in_bulk(table) as inserted:
                yield inserted
            return
        name = f"changes_{table}_insert"
        found = self.db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'"
                                " AND name = ?", (name,)).fetchone()
        set_up = self.db.execute("SELECT 1 FROM change_sequences WHERE local = 1").fetchone()
        if found is None or set_up is None:  # not a synced table; a file with no office yet,
            # whose triggers log nothing either (no terminal to log for)
            yield []
            return
        after = self.db.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
        self.db.execute(f"DROP TRIGGER {name}")
        inserted: list[int] = []
        yield inserted
        logged = self.db.execute(logged_rows_statement(self.db.connection, table),
                                 (after,)).rowcount
        if logged != sum(inserted):
            raise RuntimeError(f"{table}: {sum(inserted)} rows loaded, {logged} logged")
        self.db.execute("UPDATE change_sequences SET last = last + ? WHERE local = 1", (logged,))
        self.db.execute(found[0])

    def last_sequence(self, terminal: str) -> int:
        row = self.db.execute("SELECT last FROM change_sequences WHERE terminal = ?",
                              (terminal,)).fetchone()
        return row[0] if row else 0

    def since(self, terminal: str, sequence: int, limit: int | None = None) -> Iterator[dict]:
        """The terminal's changes after `sequence`, in order: what a peer that acknowledged
        `sequence` has not had yet."""
        rows = self.db.execute(
            f"{_SELECT} WHERE c.terminal = ? AND c.sequence > ? ORDER BY c.sequence LIMIT ?",
            (terminal, sequence, -1 if limit is None else limit))
        for row in rows:
            yield self._enriched(_change(row))

    def _enriched(self, change: dict) -> dict:
        """What another counter needs beside the row: the clerk who made the change (from its
        audit row, or as received from the origin) and, by record UUID, each record a field
        points to by this file's row id (a row id means nothing on another counter). The
        record as it is now: one deleted since is None."""
        from desktop_app.store.sync_state import references  # it reads this module's rows

        pointing = references(self.db, change["entity"])
        found: dict[str, dict] = {}
        for side, key in (("old", "old_values"), ("new", "new_values")):
            for field, value in (change[key] or {}).items():
                if field in pointing and value is not None:
                    row = self.db.execute(f"SELECT uuid FROM {pointing[field]} WHERE id = ?",
                                          (value,)).fetchone()
                    found.setdefault(side, {})[field] = row[0] if row else None
        change["references"] = found
        change["clerk"] = self.clerk_of(change)
        return change

    def clerk_of(self, change: dict) -> str | None:
        """Who made a change: as received from its origin, or from its audit row here."""
        received = self.db.execute("SELECT clerk FROM sync_applied WHERE change_id = ?",
                                   (uuid.UUID(change["change_id"]).bytes,)).fetchone()
        if received is not None:
            return received[0]
        if change["audit_id"] is not None:
            return self.db.execute("SELECT clerk FROM audit WHERE id = ?",
                                   (change["audit_id"],)).fetchone()[0]
        return None

    def of_record(self, entity: str, record_uuid: str) -> list[dict]:
        rows = self.db.execute(
            f"{_SELECT} WHERE c.entity = ? AND c.record_uuid = ? ORDER BY c.id",
            (entity, record_uuid))
        return [_change(row) for row in rows]

    def redact(self, entity: str, record_uuid: str, values: dict) -> int:
        """Put `values` in place of what the record's changes held for those fields (an
        anonymised person's name, address, notes…); returns how many changes were touched."""
        touched = 0
        for change in self.of_record(entity, record_uuid):
            blanked = {}
            for key in ("old_values", "new_values"):
                held = change[key]
                if held is not None:
                    held = {field: values.get(field, value) for field, value in held.items()}
                blanked[key] = None if held is None else json.dumps(held, ensure_ascii=False)
            self.db.execute(
                "UPDATE changes SET old_values = ?, new_values = ?, redacted = 1"
                " WHERE change_id = ?",
                (blanked["old_values"], blanked["new_values"],
                 uuid.UUID(change["change_id"]).bytes))
            touched += 1
        return touched
