"""Trial-stay bookings. The schema's triggers refuse two overlapping live bookings of a facility."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.stays import LIVE
from desktop_app.domain.text import N_
from desktop_app.store.rows import get_row, insert_row, update_row

if TYPE_CHECKING:
    from desktop_app.store.database import Database

_LIVE = tuple(sorted(LIVE))
_LIVE_MARKS = ", ".join("?" for _ in _LIVE)
# No stay is longer than this, so a month's bookings are found by an index range on check_in.
LONGEST_STAY_DAYS = 366

_LIST = (
    "SELECT b.*, f.name AS facility_name, r.registrant_no, r.family_name, r.given_name"
    " FROM bookings b JOIN facilities f ON f.id = b.facility_id"
    " JOIN registrants r ON r.id = b.registrant_id"
)


class OverlappingBooking(RuleRefused):
    """The schema's trigger refused a second live booking of a facility for the same night."""


@contextmanager
def _overlaps_refused() -> Iterator[None]:
    try:
        yield
    except sqlite3.IntegrityError as error:
        if "booking overlaps" not in str(error):
            raise
        raise OverlappingBooking(N_("The dates overlap another booking of the facility."),
                                 field=N_("Check-in")) from None


class BookingRepository:
    def __init__(self, db: Database):
        self.db = db

    def insert(self, record: dict) -> int:
        with _overlaps_refused():
            return insert_row(self.db, "bookings", record)

    def update(self, booking_id: int, changes: dict) -> int:
        with _overlaps_refused():
            return update_row(self.db, "bookings", booking_id, changes)

    def get(self, booking_id: int) -> dict | None:
        return get_row(self.db, "bookings", booking_id)

    def detail(self, booking_id: int) -> dict | None:
        row = self.db.execute(f"{_LIST} WHERE b.id = ?", (booking_id,)).fetchone()
        return dict(row) if row else None

    def clashing(self, facility_id: int, check_in: str, check_out: str,
                 exclude_id: int | None = None) -> dict | None:
        """The first live booking of the facility that overlaps the dates, if any."""
        row = self.db.execute(
            f"{_LIST} WHERE b.facility_id = ? AND b.status IN ({_LIVE_MARKS})"
            " AND b.check_in < ? AND ? < b.check_out AND b.id IS NOT ? ORDER BY b.check_in LIMIT 1",
            (facility_id, *_LIVE, check_out, check_in, exclude_id),
        ).fetchone()
        return dict(row) if row else None

    def in_range(self, facility_id: int, start: str, end: str, *,
                 live_only: bool = False) -> list[dict]:
        """Bookings of the facility with a night between `start` and `end` (exclusive)."""
        status = f" AND b.status IN ({_LIVE_MARKS})" if live_only else ""
        rows = self.db.execute(
            f"{_LIST} WHERE b.facility_id = ?"
            f" AND b.check_in >= date(?, '-{LONGEST_STAY_DAYS} days') AND b.check_in < ?"
            f" AND b.check_out > ?{status} ORDER BY b.check_in, b.id",
            (facility_id, start, end, start, *(_LIVE if live_only else ())),
        )
        return [dict(row) for row in rows]

    def live_stays_of(self, registrant_id: int, start: str, end: str,
                      exclude_id: int | None = None) -> list[tuple[str, str]]:
        """(check_in, check_out) of a person's live stays with a night in [start, end)."""
        rows = self.db.execute(
            f"SELECT check_in, check_out FROM bookings WHERE registrant_id = ?"
            f" AND status IN ({_LIVE_MARKS}) AND check_in < ? AND check_out > ? AND id IS NOT ?",
            (registrant_id, *_LIVE, end, start, exclude_id),
        )
        return [(row[0], row[1]) for row in rows]

    def listing(self, start: str, end: str, facility_id: int | None, limit: int) -> list[dict]:
        """Bookings with a night in [start, end), of one facility or all, by check-in."""
        where = " AND b.facility_id = ?" if facility_id is not None else ""
        rows = self.db.execute(
            f"{_LIST} WHERE b.check_in >= date(?, '-{LONGEST_STAY_DAYS} days') AND b.check_in < ?"
            f" AND b.check_out > ?{where} ORDER BY b.check_in, b.id LIMIT ?",
            (start, end, start, *(() if facility_id is None else (facility_id,)), limit))
        return [dict(row) for row in rows]

    def arriving(self, day: str) -> list[dict]:
        rows = self.db.execute(
            f"{_LIST} WHERE b.check_in = ? AND b.status IN ('provisional', 'confirmed', 'staying')"
            " ORDER BY f.name, b.id", (day,))
        return [dict(row) for row in rows]

    def departing(self, day: str) -> list[dict]:
        rows = self.db.execute(
            f"{_LIST} WHERE b.check_out = ? AND b.status IN ('confirmed', 'staying', 'completed')"
            " ORDER BY f.name, b.id", (day,))
        return [dict(row) for row in rows]
