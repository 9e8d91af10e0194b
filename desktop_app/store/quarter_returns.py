"""The versions of each fiscal quarter's return: signed off, then perhaps re-opened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.store.rows import insert_row

if TYPE_CHECKING:
    from desktop_app.store.database import Database


class QuarterReturnRepository:
    def __init__(self, db: Database):
        self.db = db

    def latest(self, quarter: str) -> dict | None:
        """The quarter's newest version, whatever its state; None before its first sign-off."""
        row = self.db.execute("SELECT * FROM quarter_returns WHERE quarter = ?"
                              " ORDER BY version DESC LIMIT 1", (quarter,)).fetchone()
        return dict(row) if row else None

    def get(self, quarter: str, version: int) -> dict | None:
        row = self.db.execute("SELECT * FROM quarter_returns WHERE quarter = ? AND version = ?",
                              (quarter, version)).fetchone()
        return dict(row) if row else None

    def versions(self, quarter: str) -> list[dict]:
        """Every version of the quarter, oldest first."""
        rows = self.db.execute("SELECT * FROM quarter_returns WHERE quarter = ?"
                               " ORDER BY version", (quarter,))
        return [dict(row) for row in rows]

    def add(self, record: dict) -> int:
        return insert_row(self.db, "quarter_returns", record)

    def reopen(self, row_id: int, *, by: str, at: str, reason: str) -> bool:
        """Mark a signed-off version re-opened; False when it is not signed off (any more)."""
        cursor = self.db.execute(
            "UPDATE quarter_returns SET state = 'reopened', reopened_by = ?, reopened_at = ?,"
            " reopen_reason = ? WHERE id = ? AND state = 'signed_off'", (by, at, reason, row_id))
        return cursor.rowcount == 1
