"""Monitor tours and exchange events (モニターツアー・交流会) and who takes part."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.store.rows import get_row, insert_row, update_row

if TYPE_CHECKING:
    from desktop_app.store.database import Database


class EventRepository:
    def __init__(self, db: Database):
        self.db = db

    def insert(self, record: dict) -> int:
        return insert_row(self.db, "events", record)

    def get(self, event_id: int) -> dict | None:
        return get_row(self.db, "events", event_id)

    def between(self, start: str, end: str) -> list[dict]:
        rows = self.db.execute(
            "SELECT e.*, (SELECT count(*) FROM event_participants p WHERE p.event_id = e.id)"
            " AS participants FROM events e WHERE held_on >= ? AND held_on < ? ORDER BY held_on",
            (start, end))
        return [dict(row) for row in rows]

    def participant_count(self, event_id: int) -> int:
        return self.db.execute("SELECT count(*) FROM event_participants WHERE event_id = ?",
                               (event_id,)).fetchone()[0]

    def add_participant(self, record: dict) -> int:
        return insert_row(self.db, "event_participants", record)

    def participant(self, event_id: int, registrant_id: int) -> dict | None:
        row = self.db.execute(
            "SELECT * FROM event_participants WHERE event_id = ? AND registrant_id = ?",
            (event_id, registrant_id)).fetchone()
        return dict(row) if row else None

    def participants(self, event_id: int) -> list[dict]:
        rows = self.db.execute(
            "SELECT p.*, r.registrant_no, r.family_name, r.given_name FROM event_participants p"
            " JOIN registrants r ON r.id = p.registrant_id WHERE p.event_id = ? ORDER BY p.id",
            (event_id,))
        return [dict(row) for row in rows]

    def set_attended(self, participant_id: int, attended: bool, changed: dict) -> int:
        return update_row(self.db, "event_participants", participant_id,
                          {"attended": int(attended), **changed})
