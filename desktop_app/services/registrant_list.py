"""The registrant list as the table view reads it: a count and windows of rows, sorted in SQL."""

from __future__ import annotations

from datetime import date, timedelta

from desktop_app.domain.roles import Permission
from desktop_app.services.audit_trail import record_list_view
from desktop_app.services.involvement import candidates
from desktop_app.services.session import Session
from desktop_app.store.database import Database
from desktop_app.store.registrants import SORTS, ListQuery

__all__ = ["SORTS", "ListQuery", "RegistrantList", "candidate_ids", "expiring_within"]


class RegistrantList:
    """Read-only access for a list view; each view keeps its own instance (one per thread).

    With the clerk's session (the window always gives it) a clerk who may not see personal
    data is refused at the count, and `window(..., audited=True)` notes what was shown.
    Without one (benchmarks, tests of the table model alone) nothing is checked or noted.
    """

    def __init__(self, db: Database, session: Session | None = None):
        self.db, self.session = db, session

    def count(self, query: ListQuery) -> int:
        if self.session is not None:
            self.session.require(Permission.VIEW_PERSONAL_DATA)
        return self.db.registrants.count(query)

    def window(self, query: ListQuery, offset: int, limit: int, *,
               audited: bool = False) -> list[dict]:
        """A window of rows; `audited` records them as a `registrant.list` row ("registry")."""
        rows = self.db.registrants.window(query, offset, limit)
        if audited and self.session is not None:
            record_list_view(self.session, "registrant", "registry", [r["id"] for r in rows],
                             detail={"offset": offset})
        return rows


def expiring_within(days: int, *, today: date | None = None) -> tuple[str, str]:
    """ListQuery.expiring for registrations that run out between today and `days` from now."""
    first = today or date.today()
    return first.isoformat(), (first + timedelta(days=days)).isoformat()


def candidate_ids(db: Database, which: str, *, today: date | None = None) -> tuple[int, ...]:
    """The ids of the 二地域居住者 or プレミアム candidates, for ListQuery.ids."""
    return tuple(sorted(row["id"] for row in candidates(db, which, today=today)))
