"""The office's Ed25519 keys that sign QR codes: one active, older ones kept to verify old cards."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.store.rows import insert_row

if TYPE_CHECKING:
    from desktop_app.store.database import Database


class CardKeyRepository:
    def __init__(self, db: Database):
        self.db = db

    def active(self) -> dict | None:
        row = self.db.execute("SELECT * FROM card_signing_keys WHERE active = 1").fetchone()
        return dict(row) if row else None

    def all(self) -> list[dict]:
        rows = self.db.execute("SELECT * FROM card_signing_keys ORDER BY id DESC")
        return [dict(row) for row in rows]

    def add(self, record: dict) -> int:
        self.db.execute("UPDATE card_signing_keys SET active = 0, retired_at = ? WHERE active = 1",
                        (record["created_at"],))
        return insert_row(self.db, "card_signing_keys", record)
