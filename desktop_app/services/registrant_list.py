"""The registrant list as the table view reads it: a count and windows of rows, sorted in SQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

from desktop_app.services.involvement import candidates
from desktop_app.store.database import Database
from desktop_app.store.registrants import SORTS, ListQuery

__all__ = ["SORTS", "ListQuery", "RegistrantList", "candidate_ids", "expiring_within",
           "read_apart"]

T = TypeVar("T")


class RegistrantList:
    """Read-only access for a list view; each view keeps its own instance (one per thread)."""

    def __init__(self, db: Database):
        self.db = db

    @property
    def path(self) -> Path:
        """The file, for work that reads it on a worker thread's own connection."""
        return self.db.path

    def count(self, query: ListQuery) -> int:
        return self.db.registrants.count(query)

    def window(self, query: ListQuery, offset: int, limit: int) -> list[dict]:
        return self.db.registrants.window(query, offset, limit)


def expiring_within(days: int, *, today: date | None = None) -> tuple[str, str]:
    """ListQuery.expiring for registrations that run out between today and `days` from now."""
    first = today or date.today()
    return first.isoformat(), (first + timedelta(days=days)).isoformat()


def read_apart(path: Path, read: Callable[..., T], *args, **kwargs) -> T:
    """`read(db, *args, **kwargs)` on a connection of its own: for a worker thread, since a
    SQLite connection belongs to the thread that opened it."""
    db = Database(path)
    try:
        return read(db, *args, **kwargs)
    finally:
        db.close()


def candidate_ids(db: Database, which: str, *, today: date | None = None) -> tuple[int, ...]:
    """The ids of the 二地域居住者 or プレミアム candidates, for ListQuery.ids."""
    return tuple(sorted(row["id"] for row in candidates(db, which, today=today)))
