"""Issued certificates (証明書) for the certificates view: a count and windows, newest first."""

from __future__ import annotations

from desktop_app.store.database import Database


def count(db: Database, text: str = "") -> int:
    """How many certificates match `text` (a certificate number or a registrant number)."""
    return db.certificates.count(text)


def window(db: Database, text: str, offset: int, limit: int) -> list[dict]:
    return db.certificates.window(text, offset, limit)


def of_registrant(db: Database, registrant_id: int) -> list[dict]:
    """The certificates one person holds or held, newest first (the person's file)."""
    return db.certificates.of_registrant(registrant_id)
