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
           "after_json", "prev_hash", "hash", "details_hash", "redacted")
# The audit row of an anonymisation names, under this key, the rows whose details it removed.
REDACTED_KEY = "audit_rows_redacted"
ANONYMISE_ACTION = "registrant.anonymise"


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


def details_hash(before_json: str | None, after_json: str | None) -> str:
    payload = json.dumps([before_json, after_json], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _details_hash_of(row) -> str | None:
    """A row's details_hash; None too for a file still at schema 6 or before (a backup)."""
    return row["details_hash"] if "details_hash" in row.keys() else None  # noqa: SIM118 (sqlite3.Row: `in` looks at values)


def chained_fields(row) -> list:
    """What a row's hash covers besides the previous hash.

    Since schema 7 that is the hash of the row's details, not the details, so they can be removed
    when the person is anonymised; a row written earlier (no details_hash) covers the details.
    """
    fields = [row["at"], row["clerk"], row["terminal"], row["action"], row["entity"],
              row["entity_id"]]
    if _details_hash_of(row) is None:
        return [*fields, row["before_json"], row["after_json"]]
    return [*fields, row["details_hash"]]


def _to_json(value: object) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True,
                                                 default=str)


class AuditLog:
    def __init__(self, db: Database):
        self.db = db

    def append(self, *, clerk: str, terminal: str, action: str, entity: str,
               entity_id: str | int | None, before: object = None, after: object = None) -> int:
        """Write one row; call inside the transaction of the work it records. Returns its id."""
        last = self.db.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        prev_hash = last[0] if last else GENESIS
        row = {"at": now_iso(), "clerk": clerk, "terminal": terminal, "action": action,
               "entity": entity, "entity_id": None if entity_id is None else str(entity_id),
               "before_json": _to_json(before), "after_json": _to_json(after)}
        row["details_hash"] = details_hash(row["before_json"], row["after_json"])
        digest = _digest(prev_hash, chained_fields(row))
        cursor = self.db.execute(
            "INSERT INTO audit (at, clerk, terminal, action, entity, entity_id, before_json,"
            " after_json, details_hash, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*row.values(), prev_hash, digest),
        )
        head = {"id": cursor.lastrowid, "hash": digest}
        self.db.settings.put(HEAD_KEY, head)
        return cursor.lastrowid

    def verify(self) -> AuditBreak | None:
        """Walk the chain from the first row; return the first break, or None when it holds."""
        prev_hash = GENESIS
        last_id = 0
        declared = self._declared_redactions()
        rows = self.db.execute("SELECT * FROM audit ORDER BY id")  # any schema: see below
        for row in rows:
            if row["prev_hash"] != prev_hash:
                return AuditBreak(row["id"], N_(
                    "it does not follow the row before it: a row before it was removed, "
                    "moved or changed"))
            if _digest(prev_hash, chained_fields(row)) != row["hash"]:
                return AuditBreak(row["id"], N_("its contents were changed after it was written"))
            if _details_hash_of(row) is not None:
                if row["redacted"] and row["id"] not in declared:
                    return AuditBreak(row["id"], N_(
                        "its details were removed, but no anonymisation names it"))
                if not row["redacted"] and details_hash(
                        row["before_json"], row["after_json"]) != row["details_hash"]:
                    return AuditBreak(row["id"], N_(
                        "its contents were changed after it was written"))
            prev_hash, last_id = row["hash"], row["id"]
        head = self.db.settings.get(HEAD_KEY)
        if head is not None:
            if head["id"] > last_id:
                return AuditBreak(last_id + 1, N_(
                    "it is missing: the newest rows of the trail were removed"))
            if head["id"] < last_id or head["hash"] != prev_hash:
                return AuditBreak(head["id"], N_(
                    "the trail does not end where it was last written"))
        return None

    def _declared_redactions(self) -> set[int]:
        """The rows anonymisations say they blanked (their own rows are verified in the walk)."""
        declared: set[int] = set()
        for (after,) in self.db.execute(
                "SELECT after_json FROM audit WHERE action = ? AND after_json IS NOT NULL",
                (ANONYMISE_ACTION,)):
            declared.update(json.loads(after).get(REDACTED_KEY, []))
        return declared

    def redact_about(self, registrant_id: int) -> list[int]:
        """Blank the details of every row about a person that can lose them (schema 7 rows);
        returns their ids, which the anonymisation's own row must then name."""
        where, params = _where(AuditQuery(registrant_id=registrant_id))
        ids = [row[0] for row in self.db.execute(
            f"SELECT id FROM audit{where} AND details_hash IS NOT NULL AND redacted = 0", params)]
        self.db.connection.executemany(
            "UPDATE audit SET before_json = NULL, after_json = NULL, redacted = 1 WHERE id = ?",
            [(audit_id,) for audit_id in ids])
        return ids

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

    def head(self) -> tuple[int, str]:
        """The newest row's id and hash, as the rows hold them; (0, GENESIS) for an empty trail."""
        row = self.db.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        return (row[0], row[1]) if row else (0, GENESIS)

    def hash_at(self, audit_id: int) -> str | None:
        """The hash the row `audit_id` holds; None when there is no such row."""
        row = self.db.execute("SELECT hash FROM audit WHERE id = ?", (audit_id,)).fetchone()
        return row[0] if row else None

    def last_id(self) -> int:
        return self.db.execute("SELECT coalesce(max(id), 0) FROM audit").fetchone()[0]

    def anything_since(self, audit_id: int, ignoring_prefix: str) -> bool:
        """Whether a row newer than `audit_id` records something other than `ignoring_prefix…`."""
        return self.db.execute(
            "SELECT 1 FROM audit WHERE id > ? AND substr(action, 1, ?) <> ? LIMIT 1",
            (audit_id, len(ignoring_prefix), ignoring_prefix)).fetchone() is not None
