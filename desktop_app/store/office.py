"""The office this file belongs to: municipality, name and this terminal's id."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.store.database import Database


class OfficeRepository:
    def __init__(self, db: Database):
        self.db = db

    def get(self) -> dict | None:
        row = self.db.execute("SELECT * FROM office WHERE id = 1").fetchone()
        return dict(row) if row else None

    def create(self, record: dict) -> None:
        columns = ", ".join(record)
        marks = ", ".join("?" for _ in record)
        self.db.execute(f"INSERT INTO office (id, {columns}) VALUES (1, {marks})",
                        tuple(record.values()))
