"""The change log's reads and the stamping of its rows (the rows themselves are written by the
triggers of store/migrations/m012_change_log.py, on every write to a synced table)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.store.database import Database

COLUMNS = ("change_id", "terminal", "sequence", "at", "entity", "record_uuid", "operation",
           "base_version", "version", "old_values", "new_values", "audit_id", "redacted")


def _change(row) -> dict:
    change = dict(zip(COLUMNS, row, strict=True))
    for key in ("old_values", "new_values"):
        change[key] = json.loads(change[key]) if change[key] is not None else None
    return change


class ChangeLog:
    def __init__(self, db: Database):
        self.db = db

    def last_id(self) -> int:
        return self.db.execute("SELECT coalesce(max(id), 0) FROM changes").fetchone()[0]

    def stamp_audit(self, after_id: int, audit_id: int) -> int:
        """Name the audit row on the changes written since `after_id` (one write's changes)."""
        return self.db.execute("UPDATE changes SET audit_id = ? WHERE id > ?",
                               (audit_id, after_id)).rowcount

    def last_sequence(self, terminal: str) -> int:
        row = self.db.execute("SELECT last FROM change_sequences WHERE terminal = ?",
                              (terminal,)).fetchone()
        return row[0] if row else 0

    def since(self, terminal: str, sequence: int, limit: int | None = None) -> Iterator[dict]:
        """The terminal's changes after `sequence`, in order: what a peer that acknowledged
        `sequence` has not had yet."""
        rows = self.db.execute(
            f"SELECT {', '.join(COLUMNS)} FROM changes WHERE terminal = ? AND sequence > ?"
            " ORDER BY sequence LIMIT ?", (terminal, sequence, -1 if limit is None else limit))
        for row in rows:
            yield _change(row)

    def of_record(self, entity: str, record_uuid: str) -> list[dict]:
        rows = self.db.execute(
            f"SELECT {', '.join(COLUMNS)} FROM changes WHERE entity = ? AND record_uuid = ?"
            " ORDER BY id", (entity, record_uuid))
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
                    held = {field: values.get(field, value) if field in values else value
                            for field, value in held.items()}
                blanked[key] = None if held is None else json.dumps(held, ensure_ascii=False)
            self.db.execute(
                "UPDATE changes SET old_values = ?, new_values = ?, redacted = 1"
                " WHERE change_id = ?",
                (blanked["old_values"], blanked["new_values"], change["change_id"]))
            touched += 1
        return touched
