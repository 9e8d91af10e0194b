"""Issued certificates (証明書) for the certificates view: a count and windows, newest first."""

from __future__ import annotations

from desktop_app.domain.roles import Permission
from desktop_app.services.audit_trail import record_list_view
from desktop_app.services.session import Session
from desktop_app.store.database import Database


def count(db: Database, text: str = "") -> int:
    """How many certificates match `text` (a certificate number or a registrant number)."""
    return db.certificates.count(text)


def window(db: Database, text: str, offset: int, limit: int) -> list[dict]:
    return db.certificates.window(text, offset, limit)


def shown_window(session: Session, text: str, offset: int, limit: int, *,
                 audited: bool) -> list[dict]:
    """A window of the list as the certificates page shows it, holders named: refused to a
    role that may not see personal data; `audited` notes it (`certificate.list`) when the page
    opens the list, not for a scroll, a filter narrowing it or a redraw after a change."""
    session.require(Permission.VIEW_PERSONAL_DATA)
    rows = window(session.db, text, offset, limit)
    if audited:
        record_list_view(session, "certificate", "issued", [r["id"] for r in rows],
                         detail={"offset": offset})
    return rows


def of_registrant(db: Database, registrant_id: int) -> list[dict]:
    """The certificates one person holds or held, newest first (the person's file)."""
    return db.certificates.of_registrant(registrant_id)
