"""The audit trail: one row per write, hash-chained so an edited, removed or moved row shows."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop_app.domain.text import N_
from desktop_app.store.records import now_iso

if TYPE_CHECKING:
    from desktop_app.store.database import Database

GENESIS = "0" * 64
# The newest row's id and hash, kept apart from the rows so that removing rows at the end shows.
HEAD_KEY = "audit.head"
COLUMNS = ("id", "at", "clerk", "terminal", "action", "entity", "entity_id", "before_json",
           "after_json", "prev_hash", "hash")


@dataclass(frozen=True)
class AuditQuery:
    """A search of the trail; every given filter must hold. Times are UTC ISO instants."""

    registrant_id: int | None = None  # rows about this person, or about records of theirs
    clerk: str | None = None
    action: str | None = None  # an exact action, or a prefix ending in "." (e.g. "sign_in.")
    since: str | None = None  # inclusive
    until: str | None = None  # exclusive


def _where(query: AuditQuery) -> tuple[str, list]:
    clauses: list[str] = []
    params: list = []
    if query.registrant_id is not None:
        clauses.append(
            "((entity = 'registrant' AND entity_id = ?)"
            " OR json_extract(after_json, '$.registrant_id') = ?"
            " OR json_extract(before_json, '$.registrant_id') = ?)")
        params += [str(query.registrant_id), query.registrant_id, query.registrant_id]
    if query.clerk:
        clauses.append("clerk = ? COLLATE NOCASE")
        params.append(query.clerk)
    if query.action:
        if query.action.endswith("."):
            clauses.append("substr(action, 1, ?) = ?")
            params += [len(query.action), query.action]
        else:
            clauses.append("action = ?")
            params.append(query.action)
    if query.since:
        clauses.append("at >= ?")
        params.append(query.since)
    if query.until:
        clauses.append("at < ?")
        params.append(query.until)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


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
        digest = _digest(prev_hash, fields)
        cursor = self.db.execute(
            "INSERT INTO audit (at, clerk, terminal, action, entity, entity_id, before_json,"
            " after_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*fields, prev_hash, digest),
        )
        head = {"id": cursor.lastrowid, "hash": digest}
        self.db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (HEAD_KEY, json.dumps(head)),
        )

    def verify(self) -> AuditBreak | None:
        """Walk the chain from the first row; return the first break, or None when it holds."""
        prev_hash = GENESIS
        last_id = 0
        rows = self.db.execute(f"SELECT {', '.join(COLUMNS)} FROM audit ORDER BY id")
        for row in rows:
            fields = list(row)[1:9]
            if row["prev_hash"] != prev_hash:
                return AuditBreak(row["id"], N_(
                    "it does not follow the row before it: a row before it was removed, "
                    "moved or changed"))
            if _digest(prev_hash, fields) != row["hash"]:
                return AuditBreak(row["id"], N_("its contents were changed after it was written"))
            prev_hash, last_id = row["hash"], row["id"]
        head = self.db.execute("SELECT value FROM settings WHERE key = ?", (HEAD_KEY,)).fetchone()
        if head is not None:
            head = json.loads(head[0])
            if head["id"] > last_id:
                return AuditBreak(last_id + 1, N_(
                    "it is missing: the newest rows of the trail were removed"))
            if head["id"] < last_id or head["hash"] != prev_hash:
                return AuditBreak(head["id"], N_(
                    "the trail does not end where it was last written"))
        return None

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM audit").fetchone()[0]

    def recent(self, limit: int = 50) -> list[dict]:
        rows = self.db.execute("SELECT * FROM audit ORDER BY id DESC LIMIT ?", (limit,))
        return [dict(row) for row in rows]

    def search_count(self, query: AuditQuery) -> int:
        where, params = _where(query)
        return self.db.execute(f"SELECT count(*) FROM audit{where}", params).fetchone()[0]

    def search(self, query: AuditQuery, offset: int = 0, limit: int = 200) -> list[dict]:
        """A window of matching rows, newest first."""
        where, params = _where(query)
        rows = self.db.execute(
            f"SELECT {', '.join(COLUMNS)} FROM audit{where} ORDER BY id DESC LIMIT ? OFFSET ?",
            (*params, limit, offset))
        return [dict(row) for row in rows]

    def each(self, query: AuditQuery) -> Iterator[dict]:
        """Every matching row, oldest first, without holding them all in memory."""
        where, params = _where(query)
        for row in self.db.execute(
                f"SELECT {', '.join(COLUMNS)} FROM audit{where} ORDER BY id", params):
            yield dict(row)

    def clerks(self) -> list[str]:
        """Every login that appears in the trail (for a search field's choices)."""
        return [row[0] for row in self.db.execute(
            "SELECT DISTINCT clerk FROM audit ORDER BY clerk COLLATE NOCASE")]

    def last_id(self) -> int:
        return self.db.execute("SELECT coalesce(max(id), 0) FROM audit").fetchone()[0]

    def anything_since(self, audit_id: int, ignoring_prefix: str) -> bool:
        """Whether a row newer than `audit_id` records something other than `ignoring_prefix…`."""
        return self.db.execute(
            "SELECT 1 FROM audit WHERE id > ? AND substr(action, 1, ?) <> ? LIMIT 1",
            (audit_id, len(ignoring_prefix), ignoring_prefix)).fetchone() is not None
