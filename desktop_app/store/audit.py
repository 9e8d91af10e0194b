"""The audit trail: one row per write, hash-chained so an edited, removed or moved row shows."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop_app.store.records import now_iso

if TYPE_CHECKING:
    from desktop_app.store.database import Database

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditBreak:
    """The first row whose chain does not hold, and why."""

    row_id: int
    reason: str


def _digest(prev_hash: str, fields: list) -> str:
    payload = json.dumps([prev_hash, *fields], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _to_json(value: object) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True,
                                                 default=str)


class AuditLog:
    def __init__(self, db: Database):
        self.db = db

    def append(self, *, clerk: str, terminal: str, action: str, entity: str,
               entity_id: str | int | None, before: object = None, after: object = None) -> None:
        """Write one row; call inside the transaction of the work it records."""
        last = self.db.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        prev_hash = last[0] if last else GENESIS
        fields = [now_iso(), clerk, terminal, action, entity,
                  None if entity_id is None else str(entity_id), _to_json(before), _to_json(after)]
        self.db.execute(
            "INSERT INTO audit (at, clerk, terminal, action, entity, entity_id, before_json,"
            " after_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*fields, prev_hash, _digest(prev_hash, fields)),
        )

    def verify(self) -> AuditBreak | None:
        """Walk the chain from the first row; return the first break, or None when it holds."""
        prev_hash = GENESIS
        rows = self.db.execute(
            "SELECT id, at, clerk, terminal, action, entity, entity_id, before_json, after_json,"
            " prev_hash, hash FROM audit ORDER BY id"
        )
        for row in rows:
            fields = list(row)[1:9]
            if row["prev_hash"] != prev_hash:
                return AuditBreak(row["id"], "previous-row hash does not match")
            if _digest(prev_hash, fields) != row["hash"]:
                return AuditBreak(row["id"], "row contents do not match its hash")
            prev_hash = row["hash"]
        return None

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM audit").fetchone()[0]

    def recent(self, limit: int = 50) -> list[dict]:
        rows = self.db.execute("SELECT * FROM audit ORDER BY id DESC LIMIT ?", (limit,))
        return [dict(row) for row in rows]
