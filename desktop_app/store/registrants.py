"""Registrants: insert, fetch, and windows of the sorted, filtered list for the table view."""

from __future__ import annotations

import json
import unicodedata
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from desktop_app.domain.registrant import Kind
from desktop_app.domain.registry_search import (
    SearchKeys,
    derived_keys,
    search_keys,
)
from desktop_app.store.migrations.m005_registry import DERIVED_COLUMNS
from desktop_app.store.rows import get_row, insert_row

if TYPE_CHECKING:
    from desktop_app.store.database import Database

LIST_COLUMNS = (
    "id", "registrant_no", "family_name", "given_name", "family_kana", "given_kana",
    "birth_date", "kind", "tier", "status", "prefecture", "city", "phone", "valid_until",
)

# Sort keys the list offers, each backed by an index so any window is quick at 1,000,000 rows.
# From this offset on, a window past the middle of the list is read backwards (see window()).
REVERSE_FROM = 10_000

SORTS = {
    "kana": "kana_key {d}, id {d}",
    "number": "registrant_no {d}",
    "birth": "birth_date {d}, id {d}",
    "status": "status {d}, kana_key {d}, id {d}",
    "id": "id {d}",
}


@dataclass(frozen=True)
class ListQuery:
    """What the list shows: a typed filter, kind, tier, status, expiry, a set of ids, the order."""

    text: str = ""
    status: str | None = None
    kind: str | None = None
    tier: str | None = None
    # Live registrations (登録・更新) valid until a day in this range, ISO dates, both included.
    expiring: tuple[str, str] | None = None
    # Only these records (the candidates list); an empty tuple shows nobody.
    ids: tuple[int, ...] | None = None
    sort: str = "kana"
    descending: bool = False


# A filter that keeps at most this many rows is read through its own index and sorted; a wider
# one walks the sort index and tests each row, which finds a window quicker than sorting them all.
PICK_AT_MOST = 20_000

# Must read exactly as the WHERE of the index registrants_live_until (indexes.py) for SQLite to
# use it.
LIVE = "status IN ('registered', 'renewed')"
_ALL_KINDS = tuple(kind.value for kind in Kind)
# Sorts that an index led by the status gives within each status: a list filtered by status
# walks that index and reads its rows already in order.
BY_STATUS = {"kana": "registrants_status", "status": "registrants_status",
             "number": "registrants_status_number"}
_COUNTS_KEPT = 16

# Columns whose index leaves out empty values: a query must say `<> ''` for SQLite to use it.
_PARTIAL = {"phone_digits", "phone_reversed", "email", "address_key"}


def _prefix_range(column: str, prefix: str, collate: str = "") -> tuple[str, list]:
    partial = f" AND {column} <> ''" if column in _PARTIAL else ""
    return (f"({column} >= ?{collate} AND {column} < ?{collate}{partial})",
            [prefix, prefix + "\U0010ffff"])


def search_alternatives(keys: SearchKeys) -> list[tuple[str, str, list]]:
    """(what matched, SQL condition, parameters) for each way the typed text can match.

    Each condition is a range on one index, so every one is quick at 1,000,000 registrants;
    the search service runs them one by one, the list joins them with OR.
    """
    alternatives: list[tuple[str, str, list]] = []

    def add(what: str, column: str, key: str, collate: str = "") -> None:
        alternatives.append((what, *_prefix_range(column, key, collate)))

    if keys.number:
        add("number", "registrant_no", keys.number)
    if keys.card:
        add("card", "card_code", keys.card)
    if keys.phone:
        add("phone", "phone_digits", keys.phone)
        add("phone", "phone_reversed", keys.phone[::-1])
    if keys.email:
        add("email", "email", keys.email, " COLLATE NOCASE")
    if keys.name:
        add("kana", "kana_key", keys.name)
        add("name", "name_key", keys.name)
        add("given_kana", "given_kana_key", keys.name)
        add("given_name", "given_key", keys.name)
    if keys.address:
        add("address", "address_key", keys.address)
    return alternatives


def _path(query: ListQuery) -> str | None:
    """The index that finds the query's rows: the narrowest filter the query has."""
    if query.ids is not None:
        return "ids"
    if query.text.strip():
        return "text"
    if query.expiring:
        return "expiring"
    if query.kind or query.tier:
        return "kind"
    return "status" if query.status else None


def _where(query: ListQuery, *, walk: bool = False) -> tuple[str, str, list]:
    """(index hint, WHERE clause, parameters).

    Conditions on the query's path are written so SQLite finds the rows through its index; every
    other condition is a plain test (`+column`). With `walk`, SQLite walks an index in the sort
    order instead: the status-led one for that order when the list is filtered by status, else
    the sort's own index, testing every condition on each row.
    """
    path = _path(query)
    hint = {"expiring": "registrants_live_until", "kind": "registrants_kind"}.get(path)
    if walk:
        by_status = query.sort in BY_STATUS and bool(query.status or query.expiring)
        path = "status" if by_status else None
        hint = BY_STATUS[query.sort] if by_status else None
    clauses, params = [], []

    def add(condition: str, values: tuple, *paths: str) -> None:
        clauses.append(condition if path in paths else "+" + condition)
        params.extend(values)

    if query.ids is not None:
        add("id IN (SELECT value FROM json_each(?))", (json.dumps(list(query.ids)),), "ids")
    keys = search_keys(query.text)
    if not keys.is_empty:
        alternatives = search_alternatives(keys)
        # Each alternative is a range on its own index; off the text path they are only tests.
        joined = " OR ".join(f"({condition})" if path == "text" else f"+({condition})"
                             for _what, condition, _p in alternatives)
        clauses.append(f"({joined})")
        for _what, _condition, values in alternatives:
            params.extend(values)
    if query.expiring:
        add("valid_until BETWEEN ? AND ?", query.expiring, "expiring")
        add(LIVE, (), "expiring", "status")
    if query.kind:
        add("kind = ?", (query.kind,), "kind")
    elif query.tier and path == "kind":  # the index starts with the kind: name them all
        add(f"kind IN ({', '.join('?' for _ in _ALL_KINDS)})", _ALL_KINDS, "kind")
    if query.tier:
        add("tier = ?", (query.tier,), "kind")
    if query.status:
        add("status = ?", (query.status,), "status", "kind", "expiring")
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return (f" INDEXED BY {hint}" if hint else ""), where, params


def _order(query: ListQuery, *, pick: bool) -> str:
    order = SORTS[query.sort].format(d="DESC" if query.descending else "ASC")
    if pick:
        # The filter found few rows through its own index: sort those, rather than let the
        # planner walk the whole sort index testing every row.
        order = ", ".join(f"+{term}" for term in order.split(", "))
    return order


class RegistrantRepository:
    def __init__(self, db: Database):
        self.db = db
        self._counts: OrderedDict[ListQuery, int] = OrderedDict()  # the last few list counts

    def insert(self, record: dict) -> int:
        return insert_row(self.db, "registrants", record)

    def insert_many(self, columns: tuple[str, ...], rows: list[tuple]) -> None:
        """Bulk insert; search keys the caller leaves out are derived here from the names."""
        missing = [c for c in DERIVED_COLUMNS if c not in columns]
        if missing:
            position = {c: columns.index(c) if c in columns else None
                        for c in ("given_name", "given_kana", "phone_digits", "city", "address")}

            def value(row: tuple, column: str) -> str:
                index = position[column]
                return "" if index is None else (row[index] or "")

            rows = [(*row, *(derived_keys(*(value(row, c) for c in position))[m]
                             for m in missing)) for row in rows]
            columns = (*columns, *missing)
        self.db.bulk.insert_many("registrants", columns, rows)

    def get(self, registrant_id: int) -> dict | None:
        return get_row(self.db, "registrants", registrant_id)

    def find(self, key: str | int) -> dict | None:
        """The one look-up of a registrant by what a clerk types or a caller holds: the record
        id, the 登録番号 (R7-000123) or the card code, in full- or half-width characters."""
        text = unicodedata.normalize("NFKC", str(key)).strip().upper()
        if text.isdigit():
            return self.get(int(text))
        if not text:
            return None
        return get_row(self.db, "registrants", text, by="registrant_no") or self.by_card_code(text)

    def by_card_code(self, card_code: str) -> dict | None:
        """The holder of a card (verification reads the code from the card's QR)."""
        return get_row(self.db, "registrants", card_code, by="card_code")

    def count_by_status(self, statuses: tuple[str, ...]) -> int:
        marks = ", ".join("?" for _ in statuses)
        return self.db.execute(f"SELECT count(*) FROM registrants WHERE status IN ({marks})",
                               statuses).fetchone()[0]

    def by_status(self, statuses: tuple[str, ...], chunk: int = 500) -> Iterator[dict]:
        """Everyone in the statuses, in kana order, fetched a chunk at a time (batch printing)."""
        marks = ", ".join("?" for _ in statuses)
        last_key, last_id = "", 0
        while True:
            rows = self.db.execute(
                f"SELECT * FROM registrants WHERE status IN ({marks})"
                " AND (kana_key > ? OR (kana_key = ? AND id > ?)) ORDER BY kana_key, id LIMIT ?",
                (*statuses, last_key, last_key, last_id, chunk)).fetchall()
            if not rows:
                return
            yield from (dict(row) for row in rows)
            last_key, last_id = rows[-1]["kana_key"], rows[-1]["id"]

    def count(self, query: ListQuery = ListQuery()) -> int:
        hint, where, params = _where(query)
        total = self.db.execute(f"SELECT count(*) FROM registrants{hint}{where}",
                                params).fetchone()[0]
        self._counts[query] = total
        self._counts.move_to_end(query)
        if len(self._counts) > _COUNTS_KEPT:
            self._counts.popitem(last=False)
        return total

    def _reading(self, query: ListQuery) -> str:
        """How a window of this list is read: "pick" to find the rows by the filter and sort
        them, "walk" to walk an index in the sort order and test each row (see _where)."""
        path = _path(query)
        if path is None or (path == "status" and query.sort in BY_STATUS):
            return "walk"
        if path in ("ids", "text"):
            return "pick"
        # The last count of this query says how wide the filter is (only speed depends on it).
        total = self._counts.get(query)
        if total is None:
            total = self.count(query)
        return "pick" if total <= PICK_AT_MOST else "walk"

    def _select(self, query: ListQuery, reading: str, offset: int, limit: int) -> list[dict]:
        hint, where, params = _where(query, walk=reading == "walk")
        rows = self.db.execute(
            f"SELECT {', '.join(LIST_COLUMNS)} FROM registrants{hint}{where}"
            f" ORDER BY {_order(query, pick=reading == 'pick')} LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return [dict(row) for row in rows]

    def window(self, query: ListQuery, offset: int, limit: int) -> list[dict]:
        """Rows `offset` to `offset + limit` of the list in the query's order."""
        reading = self._reading(query)
        # OFFSET steps over every skipped row (220 ms for the last rows of 1,000,000): past the
        # middle, read the window from the other end. Only for orders that end in the id, so
        # that the reversed order is exactly the same list backwards.
        if offset >= REVERSE_FROM and SORTS[query.sort].endswith("id {d}"):
            total = self.count(query)
            if offset > total // 2:
                end = min(offset + limit, total)
                if end <= offset:
                    return []
                backwards = replace(query, descending=not query.descending)
                return self._select(backwards, reading, total - end, end - offset)[::-1]
        return self._select(query, reading, offset, limit)

    def next_number(self, series: str) -> int:
        """The next number in a series; numbers are never reused, even after a removal."""
        row = self.db.execute(
            "INSERT INTO numbering (series, last) VALUES (?, 1)"
            " ON CONFLICT (series) DO UPDATE SET last = last + 1 RETURNING last",
            (series,),
        ).fetchone()
        return row[0]

    # The registry's own reads and writes.

    def update(self, registrant_id: int, changes: dict, stamp: dict) -> None:
        """Set `changes` and the change stamp (callers include recomputed comparison keys);
        bumps the version."""
        # A plain UPDATE, not update_row: expiry, anonymising and merges change thousands of
        # registrants in one go, and sqlite-utils' update (which reads the table's columns and
        # the row back first) costs 433 µs a row against 6 (bench/row_writes.py).
        values = {**changes, **stamp}
        assignments = ", ".join(f"{column} = ?" for column in values)
        self.db.execute(
            f"UPDATE registrants SET {assignments}, version = version + 1 WHERE id = ?",
            (*values.values(), registrant_id),
        )

    def search_ids(self, condition: str, params: list, limit: int) -> list[int]:
        """Ids of records matching one search alternative, in that alternative's index order."""
        rows = self.db.execute(
            f"SELECT id FROM registrants WHERE {condition} LIMIT ?",
            (*params, limit),
        )
        return [row[0] for row in rows]

    def rows_for(self, ids: list[int], columns: tuple[str, ...]) -> list[dict]:
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        rows = self.db.execute(
            f"SELECT {', '.join(columns)} FROM registrants WHERE id IN ({marks})", ids)
        return [dict(row) for row in rows]

    def duplicate_ids(self, rule: str, values: tuple, exclude_id: int | None,
                      limit: int = 20) -> list[int]:
        """Records that match on one duplicate rule; each rule is one index look-up."""
        condition = {
            "kana_birth": "kana_key = ? AND birth_date = ?",
            "phone": "phone_digits = ? AND phone_digits <> ''",
            "email": "email = ? COLLATE NOCASE AND email <> ''",
            "name": "name_key = ?",
        }[rule]
        rows = self.db.execute(
            f"SELECT id FROM registrants WHERE {condition} AND merged_into IS NULL"
            " AND id IS NOT ? LIMIT ?",
            (*values, exclude_id, limit),
        )
        return [row[0] for row in rows]

    def due_to_expire(self, until: str) -> list[dict]:
        """Live registrations whose validity ended before `until`."""
        rows = self.db.execute(
            "SELECT id, status, valid_until FROM registrants WHERE valid_until < ?"
            " AND status IN ('registered', 'renewed')", (until,))
        return [dict(row) for row in rows]

    def referencing_tables(self) -> list[tuple[str, str]]:
        """(table, column) of every foreign key that points at a registrant, found in the schema
        so that records added later (certificates, vouchers…) follow a merge too."""
        return [(table.name, key.column) for table in self.db.tables.tables
                if table.name not in ("registrants", "registrant_merges")
                for key in table.foreign_keys if key.other_table == "registrants"]

    def reassign(self, from_id: int, to_id: int) -> dict[str, list[int]]:
        """Point every record that belongs to `from_id` at `to_id`; returns what moved."""
        moved: dict[str, list[int]] = {}
        for table, column in self.referencing_tables():
            ids = [row[0] for row in self.db.execute(
                f"SELECT rowid FROM {table} WHERE {column} = ?", (from_id,))]
            if not ids:
                continue
            # A row the survivor already has its own twin of (one place per event) stays put.
            # Each moved row is a new version of its record: the change travels to other counters.
            self.db.connection.executemany(
                f"UPDATE OR IGNORE {table} SET {column} = ?, version = version + 1"
                " WHERE rowid = ?",
                [(to_id, rowid) for rowid in ids])
            marks = ", ".join("?" for _ in ids)
            ids = [row[0] for row in self.db.execute(
                f"SELECT rowid FROM {table} WHERE {column} = ? AND rowid IN ({marks})",
                (to_id, *ids))]
            if ids:
                moved[f"{table}.{column}"] = ids
        return moved

    def give_back(self, moved: dict[str, list[int]], to_id: int) -> None:
        """Undo `reassign`: the listed rows belong to `to_id` again."""
        for target, ids in moved.items():
            table, column = target.split(".")
            self.db.connection.executemany(
                f"UPDATE {table} SET {column} = ?, version = version + 1 WHERE rowid = ?",
                [(to_id, i) for i in ids])
