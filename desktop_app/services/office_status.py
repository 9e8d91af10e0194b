"""Who is working where: what the window's title and status bar show."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.roles import ROLE_LABELS
from desktop_app.domain.text import Msg
from desktop_app.services.session import Session
from desktop_app.store.database import Database


@dataclass(frozen=True)
class OfficeStatus:
    office_name: str
    municipality_name: str
    municipality_code: str
    clerk_name: str = ""
    role_label: Msg | None = None


def office_status(db: Database, session: Session | None = None) -> OfficeStatus:
    """The office of this file and, when someone is signed in, their name and role."""
    office = db.office.get() or {}
    clerk = db.clerks.by_login(session.clerk) if session else None
    return OfficeStatus(
        office_name=office.get("office_name", ""),
        municipality_name=office.get("municipality_name", ""),
        municipality_code=office.get("municipality_code", ""),
        clerk_name=(clerk["display_name"] if clerk else session.clerk if session else ""),
        role_label=ROLE_LABELS[session.role] if session else None,
    )
