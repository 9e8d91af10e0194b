"""Numbered certificates (証明書): issued, and void once reissued or withdrawn (never deleted)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.store.rows import get_row, insert_row

if TYPE_CHECKING:
    from desktop_app.store.database import Database


class CertificateRepository:
    def __init__(self, db: Database):
        self.db = db

    def insert(self, record: dict) -> int:
        return insert_row(self.db, "certificates", record)

    def by_number(self, certificate_no: str) -> dict | None:
        return get_row(self.db, "certificates", certificate_no, by="certificate_no")

    def current(self, registrant_id: int, kind: str) -> list[dict]:
        rows = self.db.execute(
            "SELECT * FROM certificates WHERE registrant_id = ? AND kind = ? AND status = 'issued'"
            " ORDER BY id", (registrant_id, kind))
        return [dict(row) for row in rows]

    def void(self, certificate_id: int, reason: str, replaced_by: int | None,
             changed: dict) -> None:
        assignments = ", ".join(f"{column} = ?" for column in changed)
        self.db.execute(
            f"UPDATE certificates SET status = 'void', void_reason = ?, replaced_by = ?,"
            f" version = version + 1, {assignments} WHERE id = ? AND status = 'issued'",
            (reason, replaced_by, *changed.values(), certificate_id))

    def void_numbers(self) -> list[str]:
        """Every void certificate's number (the shop-check file's revocation list)."""
        rows = self.db.execute("SELECT certificate_no FROM certificates WHERE status = 'void'"
                               " ORDER BY certificate_no")
        return [row[0] for row in rows]

    def of_registrant(self, registrant_id: int) -> list[dict]:
        """Everything issued to one person, newest first."""
        rows = self.db.execute(
            "SELECT certificate_no, kind, issued_on, valid_until, status, void_reason"
            " FROM certificates WHERE registrant_id = ? ORDER BY id DESC", (registrant_id,))
        return [dict(row) for row in rows]

    def count(self, text: str = "") -> int:
        where, params = _filter(text)
        return self.db.execute(f"SELECT count(*) FROM certificates c{where}", params).fetchone()[0]

    def window(self, text: str, offset: int, limit: int) -> list[dict]:
        """Newest first, with the holder's name, for the certificates view."""
        where, params = _filter(text)
        rows = self.db.execute(
            "SELECT c.id, c.certificate_no, c.kind, c.issued_on, c.valid_until, c.status,"
            " c.void_reason, r.registrant_no, r.family_name, r.given_name"
            f" FROM certificates c JOIN registrants r ON r.id = c.registrant_id{where}"
            " ORDER BY c.id DESC LIMIT ? OFFSET ?", (*params, limit, offset))
        return [dict(row) for row in rows]


def _filter(text: str) -> tuple[str, list]:
    text = text.strip().upper()
    if not text:
        return "", []
    return (" WHERE c.certificate_no = ? OR c.registrant_id IN"
            " (SELECT id FROM registrants WHERE registrant_no = ?)", [text, text])
