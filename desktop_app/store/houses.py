"""Vacant houses (空き家バンク) with their photos, owner contact log, inquiries and viewings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.store.rows import get_row, insert_row, update_row

if TYPE_CHECKING:
    from desktop_app.store.database import Database

LIST_COLUMNS = (
    "id", "listing_no", "status", "deal", "district", "address", "price_yen", "rent_yen",
    "floor_m2", "layout", "built_year", "consent_on", "pets_allowed",
)
MATCH_COLUMNS = ("id", "district", "deal", "price_yen", "rent_yen", "floor_m2", "layout",
                 "pets_allowed", "available_from")


class HouseRepository:
    def __init__(self, db: Database):
        self.db = db

    def insert(self, record: dict) -> int:
        return insert_row(self.db, "houses", record)

    def update(self, house_id: int, changes: dict) -> int:
        return update_row(self.db, "houses", house_id, changes)

    def get(self, house_id: int) -> dict | None:
        return get_row(self.db, "houses", house_id)

    def by_listing_no(self, listing_no: str) -> dict | None:
        row = self.db.execute("SELECT * FROM houses WHERE listing_no = ?",
                              (listing_no,)).fetchone()
        return dict(row) if row else None

    def listing(self, status: str | None = None, text: str = "") -> list[dict]:
        clauses, params = ["status <> 'erased'"], []
        if status:
            clauses, params = ["status = ?"], [status]
        if text.strip():
            clauses.append("(listing_no LIKE ? OR address LIKE ? OR district LIKE ?)")
            params += [f"%{text.strip()}%"] * 3
        rows = self.db.execute(
            f"SELECT {', '.join(LIST_COLUMNS)} FROM houses WHERE {' AND '.join(clauses)}"
            " ORDER BY listing_no", params)
        return [dict(row) for row in rows]

    def for_matching(self, statuses: tuple[str, ...]) -> list[dict]:
        marks = ", ".join("?" for _ in statuses)
        rows = self.db.execute(
            f"SELECT {', '.join(MATCH_COLUMNS)} FROM houses WHERE status IN ({marks})"
            " AND consent_on IS NOT NULL", statuses)
        return [dict(row) for row in rows]

    def contracts_between(self, start: str, end: str) -> list[dict]:
        """Houses contracted (成約) from `start` to `end` inclusive, for the quarterly return."""
        rows = self.db.execute(
            "SELECT id, listing_no, deal, contracted_on, contracted_registrant_id FROM houses"
            " WHERE contracted_on >= ? AND contracted_on <= ? ORDER BY contracted_on, id",
            (start, end))
        return [dict(row) for row in rows]

    def next_number(self, series: str) -> int:
        """The next listing number in a series; never reused, even after an erasure."""
        row = self.db.execute(
            "INSERT INTO numbering (series, last) VALUES (?, 1)"
            " ON CONFLICT (series) DO UPDATE SET last = last + 1 RETURNING last", (series,),
        ).fetchone()
        return row[0]

    def add_photo(self, record: dict) -> int:
        return insert_row(self.db, "house_photos", record)

    def next_photo_position(self, house_id: int) -> int:
        row = self.db.execute("SELECT max(position) FROM house_photos WHERE house_id = ?",
                              (house_id,)).fetchone()
        return 0 if row[0] is None else row[0] + 1

    def thumbnails(self, house_id: int) -> list[dict]:
        rows = self.db.execute(
            "SELECT id, position, caption, thumbnail FROM house_photos WHERE house_id = ?"
            " ORDER BY position, id", (house_id,))
        return [dict(row) for row in rows]

    def photo(self, photo_id: int) -> dict | None:
        return get_row(self.db, "house_photos", photo_id)

    def add_owner_contact(self, record: dict) -> int:
        return insert_row(self.db, "house_owner_contacts", record)

    def owner_contacts(self, house_id: int) -> list[dict]:
        rows = self.db.execute(
            "SELECT * FROM house_owner_contacts WHERE house_id = ? ORDER BY contacted_on, id",
            (house_id,))
        return [dict(row) for row in rows]

    def add_inquiry(self, record: dict) -> int:
        return insert_row(self.db, "house_inquiries", record)

    def inquiries(self, house_id: int) -> list[dict]:
        rows = self.db.execute(
            "SELECT i.*, r.registrant_no, r.family_name, r.given_name FROM house_inquiries i"
            " JOIN registrants r ON r.id = i.registrant_id WHERE i.house_id = ?"
            " ORDER BY i.occurred_on, i.id", (house_id,))
        return [dict(row) for row in rows]
