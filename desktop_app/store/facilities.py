"""Trial-stay facilities (お試し住宅) and the days each is closed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.store.rows import get_row, insert_row, update_row

if TYPE_CHECKING:
    from desktop_app.store.database import Database


class FacilityRepository:
    def __init__(self, db: Database):
        self.db = db

    def insert(self, record: dict) -> int:
        return insert_row(self.db, "facilities", record)

    def update(self, facility_id: int, changes: dict) -> int:
        return update_row(self.db, "facilities", facility_id, changes)

    def get(self, facility_id: int) -> dict | None:
        return get_row(self.db, "facilities", facility_id)

    def all(self, *, active_only: bool = True) -> list[dict]:
        where = " WHERE active = 1" if active_only else ""
        rows = self.db.execute(f"SELECT * FROM facilities{where} ORDER BY id")
        return [dict(row) for row in rows]

    def add_blackout(self, record: dict) -> int:
        return insert_row(self.db, "facility_blackouts", record)

    def remove_blackout(self, facility_id: int, day: str) -> None:
        self.db.execute("DELETE FROM facility_blackouts WHERE facility_id = ? AND day = ?",
                        (facility_id, day))

    def blackouts(self, facility_id: int, start: str, end: str) -> dict[str, str]:
        """Closed days from `start` up to but not including `end`, with their reasons."""
        rows = self.db.execute(
            "SELECT day, reason FROM facility_blackouts WHERE facility_id = ? AND day >= ?"
            " AND day < ? ORDER BY day", (facility_id, start, end))
        return {row["day"]: row["reason"] for row in rows}
