"""The office this file belongs to: municipality, name and this terminal's id."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.store.rows import get_row, insert_row

if TYPE_CHECKING:
    from desktop_app.store.database import Database


class OfficeRepository:
    def __init__(self, db: Database):
        self.db = db

    def get(self) -> dict | None:
        return get_row(self.db, "office", 1)

    def counter(self) -> int:
        """Which of the town's counters this file is (domain/counters.py); 0 the main office."""
        row = self.db.execute("SELECT counter FROM office WHERE id = 1").fetchone()
        return row[0] if row else 0

    def create(self, record: dict) -> None:
        insert_row(self.db, "office", {"id": 1, **record})  # one office per file
