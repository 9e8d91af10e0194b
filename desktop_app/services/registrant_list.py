"""The registrant list as the table view reads it: a count and windows of rows, sorted in SQL."""

from __future__ import annotations

from desktop_app.store.database import Database
from desktop_app.store.registrants import SORTS, ListQuery

__all__ = ["SORTS", "ListQuery", "RegistrantList"]


class RegistrantList:
    """Read-only access for a list view; each view keeps its own instance (one per thread)."""

    def __init__(self, db: Database):
        self.db = db

    def count(self, query: ListQuery) -> int:
        return self.db.registrants.count(query)

    def window(self, query: ListQuery, offset: int, limit: int) -> list[dict]:
        return self.db.registrants.window(query, offset, limit)
