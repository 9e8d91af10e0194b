"""相談記録 and their follow-ups."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.store.rows import get_row, insert_row, update_row

if TYPE_CHECKING:
    from desktop_app.store.database import Database


class ConsultationRepository:
    def __init__(self, db: Database):
        self.db = db

    def add(self, record: dict) -> int:
        return insert_row(self.db, "consultations", record)

    def get(self, consultation_id: int) -> dict | None:
        return get_row(self.db, "consultations", consultation_id)

    def update(self, consultation_id: int, changes: dict) -> None:
        update_row(self.db, "consultations", consultation_id, changes)

    def for_registrant(self, registrant_id: int) -> list[dict]:
        rows = self.db.execute(
            "SELECT * FROM consultations WHERE registrant_id = ?"
            " ORDER BY consulted_on DESC, id DESC", (registrant_id,))
        return [dict(row) for row in rows]

    def follow_ups_due(self, until: str) -> list[dict]:
        """Open follow-ups dated on or before `until`, oldest first, with the person's name."""
        rows = self.db.execute(
            "SELECT c.*, r.registrant_no, r.family_name, r.given_name FROM consultations c"
            " LEFT JOIN registrants r ON r.id = c.registrant_id"
            " WHERE c.follow_up_on IS NOT NULL AND c.follow_up_done_on IS NULL"
            " AND c.follow_up_on <= ? ORDER BY c.follow_up_on, c.id", (until,))
        return [dict(row) for row in rows]
