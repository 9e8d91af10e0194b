"""The registrant list as the table view reads it: a count and windows of rows, sorted in SQL."""

from __future__ import annotations

from datetime import date, timedelta

from desktop_app.services.involvement import candidates
from desktop_app.store.database import Database
from desktop_app.store.registrants import SORTS, ListQuery

__all__ = ["SORTS", "ListQuery", "RegistrantList", "candidate_ids", "expiring_within"]


class RegistrantList:
    """Read-only access for a list view; each view keeps its own instance (one per thread)."""

    def __init__(self, db: Database):
        self.db = db

    def count(self, query: ListQuery) -> int:
        return self.db.registrants.count(query)

    def window(self, query: ListQuery, offset: int, limit: int) -> list[dict]:
        return self.db.registrants.window(query, offset, limit)


def expiring_within(days: int, *, today: date | None = None) -> tuple[str, str]:
    """ListQuery.expiring for registrations that run out between today and `days` from now."""
    first = today or date.today()
    return first.isoformat(), (first + timedelta(days=days)).isoformat()


def candidate_ids(db: Database, which: str, *, today: date | None = None) -> tuple[int, ...]:
    """The ids of the 二地域居住者 or プレミアム candidates, for ListQuery.ids."""
    return tuple(sorted(row["id"] for row in candidates(db, which, today=today)))
