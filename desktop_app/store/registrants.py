"""Registrants: insert, fetch, and windows of the sorted, filtered list for the table view."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop_app.domain.normalize import kana_key, name_key, phone_digits

if TYPE_CHECKING:
    from desktop_app.store.database import Database

LIST_COLUMNS = (
    "id", "registrant_no", "family_name", "given_name", "family_kana", "given_kana",
    "birth_date", "kind", "tier", "status", "prefecture", "city", "phone", "valid_until",
)

# Sort keys the list offers, each backed by an index so any window is quick at 1,000,000 rows.
SORTS = {
    "kana": "kana_key {d}, id {d}",
    "number": "registrant_no {d}",
    "birth": "birth_date {d}, id {d}",
    "status": "status {d}, kana_key {d}, id {d}",
    "id": "id {d}",
}


@dataclass(frozen=True)
class ListQuery:
    """What the list shows: a typed filter, a status, and the order."""

    text: str = ""
    status: str | None = None
    sort: str = "kana"
    descending: bool = False


def _prefix_range(column: str, prefix: str) -> tuple[str, list]:
    return f"({column} >= ? AND {column} < ?)", [prefix, prefix + "\U0010ffff"]


def _where(query: ListQuery) -> tuple[str, list]:
    clauses: list[str] = []
    params: list = []
    if query.status:
        clauses.append("status = ?")
        params.append(query.status)
    text = query.text.strip()
    if text:
        alternatives: list[str] = []
        for column, key in (("kana_key", kana_key(text)), ("name_key", name_key(text))):
            if key:
                clause, values = _prefix_range(column, key)
                alternatives.append(clause)
                params.extend(values)
        alternatives.append("registrant_no = ?")
        params.append(text.upper())
        digits = phone_digits(text)
        if len(digits) >= 4 and digits == text.replace("-", ""):
            clause, values = _prefix_range("phone_digits", digits)
            alternatives.append(clause)
            params.extend(values)
        clauses.append("(" + " OR ".join(alternatives) + ")")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


class RegistrantRepository:
    def __init__(self, db: Database):
        self.db = db

    def insert(self, record: dict) -> int:
        columns = ", ".join(record)
        marks = ", ".join("?" for _ in record)
        cursor = self.db.execute(f"INSERT INTO registrants ({columns}) VALUES ({marks})",
                                 tuple(record.values()))
        return cursor.lastrowid

    def insert_many(self, columns: tuple[str, ...], rows: list[tuple]) -> None:
        marks = ", ".join("?" for _ in columns)
        self.db.connection.executemany(
            f"INSERT INTO registrants ({', '.join(columns)}) VALUES ({marks})", rows
        )

    def get(self, registrant_id: int) -> dict | None:
        row = self.db.execute("SELECT * FROM registrants WHERE id = ?", (registrant_id,)).fetchone()
        return dict(row) if row else None

    def count(self, query: ListQuery = ListQuery()) -> int:
        where, params = _where(query)
        return self.db.execute(f"SELECT count(*) FROM registrants{where}", params).fetchone()[0]

    def window(self, query: ListQuery, offset: int, limit: int) -> list[dict]:
        """Rows `offset` to `offset + limit` of the list in the query's order."""
        where, params = _where(query)
        order = SORTS[query.sort].format(d="DESC" if query.descending else "ASC")
        rows = self.db.execute(
            f"SELECT {', '.join(LIST_COLUMNS)} FROM registrants{where} ORDER BY {order}"
            " LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return [dict(row) for row in rows]

    def next_number(self, series: str) -> int:
        """The next number in a series; numbers are never reused, even after a removal."""
        row = self.db.execute(
            "INSERT INTO numbering (series, last) VALUES (?, 1)"
            " ON CONFLICT (series) DO UPDATE SET last = last + 1 RETURNING last",
            (series,),
        ).fetchone()
        return row[0]
