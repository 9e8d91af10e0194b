"""Clerk accounts. Passwords arrive here already hashed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.store.rows import get_row, insert_row, update_row

if TYPE_CHECKING:
    from desktop_app.store.database import Database


class ClerkRepository:
    def __init__(self, db: Database):
        self.db = db

    def add(self, record: dict) -> int:
        return insert_row(self.db, "clerks", record)

    def by_login(self, login: str) -> dict | None:
        return get_row(self.db, "clerks", login, by="login")  # the column compares NOCASE

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM clerks").fetchone()[0]

    def all(self) -> list[dict]:
        rows = self.db.execute("SELECT * FROM clerks ORDER BY login COLLATE NOCASE")
        return [dict(row) for row in rows]

    def update(self, login: str, values: dict) -> None:
        """Set `values` on one clerk and bump its version."""
        clerk = self.by_login(login)
        if clerk is not None:
            update_row(self.db, "clerks", clerk["id"], values)

    def set_sign_in_state(self, login: str, failed_logins: int, locked_until: str | None) -> None:
        """The lock-out counters only: not a change of the account, so its version stays."""
        self.db.execute("UPDATE clerks SET failed_logins = ?, locked_until = ? WHERE login = ?",
                        (failed_logins, locked_until, login))

    def count_active(self, role: str) -> int:
        return self.db.execute("SELECT count(*) FROM clerks WHERE role = ? AND active = 1",
                               (role,)).fetchone()[0]
