"""Clerk accounts. Passwords arrive here already hashed."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.store.database import Database


class ClerkRepository:
    def __init__(self, db: Database):
        self.db = db

    def add(self, record: dict) -> int:
        columns = ", ".join(record)
        marks = ", ".join("?" for _ in record)
        cursor = self.db.execute(f"INSERT INTO clerks ({columns}) VALUES ({marks})",
                                 tuple(record.values()))
        return cursor.lastrowid

    def by_login(self, login: str) -> dict | None:
        row = self.db.execute("SELECT * FROM clerks WHERE login = ?", (login,)).fetchone()
        return dict(row) if row else None

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM clerks").fetchone()[0]
