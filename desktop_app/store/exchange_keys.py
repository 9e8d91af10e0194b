"""The exchange keys and what seals them (account keys, key slots), the prefecture's certificate
and the prefecture's trust list of towns' keys. Only sealed private keys are ever stored."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.store.rows import insert_row

if TYPE_CHECKING:
    from desktop_app.store.database import Database


class ExchangeKeyRepository:
    def __init__(self, db: Database):
        self.db = db

    # The office's keys: one active per purpose ('signing', 'decryption').
    def active(self, purpose: str) -> dict | None:
        row = self.db.execute("SELECT * FROM exchange_keys WHERE purpose = ? AND active = 1"
                              " ORDER BY id DESC LIMIT 1", (purpose,)).fetchone()
        return dict(row) if row else None

    def all(self) -> list[dict]:
        return [dict(row) for row in self.db.execute("SELECT * FROM exchange_keys ORDER BY id")]

    def add(self, record: dict) -> int:
        self.db.execute("UPDATE exchange_keys SET active = 0, retired_at = ? WHERE active = 1"
                        " AND purpose = ?", (record["created_at"], record["purpose"]))
        return insert_row(self.db, "exchange_keys", record)

    # Each signing-off clerk's account key, sealed under their password.
    def account_key(self, login: str) -> dict | None:
        row = self.db.execute("SELECT * FROM account_keys WHERE login = ?", (login,)).fetchone()
        return dict(row) if row else None

    def set_account_key(self, record: dict) -> None:
        self.db.execute("INSERT OR REPLACE INTO account_keys (login, public_key,"
                        " sealed_private_key, created_at) VALUES (:login, :public_key,"
                        " :sealed_private_key, :created_at)", record)

    def drop_account(self, login: str) -> int:
        """The clerk's account key and every slot sealed to it; returns the slots dropped."""
        self.db.execute("DELETE FROM account_keys WHERE login = ?", (login,))
        return self.db.execute("DELETE FROM key_slots WHERE login = ?", (login,)).rowcount

    def slot(self, key_id: int, login: str) -> dict | None:
        row = self.db.execute("SELECT * FROM key_slots WHERE key_id = ? AND login = ?",
                              (key_id, login)).fetchone()
        return dict(row) if row else None

    def add_slot(self, record: dict) -> None:
        self.db.execute("INSERT OR REPLACE INTO key_slots (key_id, login, sealed_key,"
                        " created_at, created_by) VALUES (:key_id, :login, :sealed_key,"
                        " :created_at, :created_by)", record)

    def slot_holders(self, key_id: int) -> list[str]:
        return [row[0] for row in self.db.execute(
            "SELECT login FROM key_slots WHERE key_id = ? ORDER BY login", (key_id,))]

    def without_slot(self, key_id: int, roles: tuple[str, ...]) -> list[dict]:
        """Active clerks of `roles` with an account key but no slot for the key."""
        marks = ", ".join("?" * len(roles))
        rows = self.db.execute(
            "SELECT a.login, a.public_key FROM account_keys a"
            " JOIN clerks c ON c.login = a.login"
            f" WHERE c.active = 1 AND c.role IN ({marks}) AND NOT EXISTS"
            " (SELECT 1 FROM key_slots s WHERE s.key_id = ? AND s.login = a.login)"
            " ORDER BY a.login", (*roles, key_id))
        return [dict(row) for row in rows]

    # The prefecture's certificate and pseudonym key (imported in a town, its own in a prefecture).
    def prefecture(self) -> dict | None:
        row = self.db.execute("SELECT * FROM prefecture_keys WHERE active = 1"
                              " ORDER BY id DESC LIMIT 1").fetchone()
        return dict(row) if row else None

    def add_prefecture(self, record: dict) -> int:
        self.db.execute("UPDATE prefecture_keys SET active = 0 WHERE active = 1")
        return insert_row(self.db, "prefecture_keys", record)

    def set_mode(self, mode: str) -> None:
        self.db.execute("UPDATE office SET mode = ? WHERE id = 1", (mode,))


class TrustList:
    """The prefecture's list of towns' exchange keys by 団体コード; revoked rows are kept."""

    def __init__(self, db: Database):
        self.db = db

    def current(self, municipality_code: str) -> dict | None:
        row = self.db.execute("SELECT * FROM trusted_towns WHERE municipality_code = ? AND"
                              " revoked_at IS NULL ORDER BY id DESC LIMIT 1",
                              (municipality_code,)).fetchone()
        return dict(row) if row else None

    def by_fingerprint(self, fingerprint: str) -> dict | None:
        row = self.db.execute("SELECT * FROM trusted_towns WHERE fingerprint = ? AND"
                              " revoked_at IS NULL ORDER BY id DESC LIMIT 1",
                              (fingerprint,)).fetchone()
        return dict(row) if row else None

    def add(self, record: dict) -> int:
        return insert_row(self.db, "trusted_towns", record)

    def revoke(self, row_id: int, at: str, by: str, reason: str) -> None:
        self.db.execute("UPDATE trusted_towns SET revoked_at = ?, revoked_by = ?,"
                        " revoke_reason = ? WHERE id = ?", (at, by, reason, row_id))

    def all(self) -> list[dict]:
        return [dict(row) for row in self.db.execute(
            "SELECT * FROM trusted_towns ORDER BY municipality_code, id")]
