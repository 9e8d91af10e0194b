"""Bulk loading for sample data and imports: many rows a statement, in the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from desktop_app.store.rows import insert_row

if TYPE_CHECKING:
    from desktop_app.store.database import Database

# Tables a bulk load may write; anything else is a programming error.
BULK_TABLES = frozenset({"registrants", "involvement", "houses", "facilities", "bookings",
                         "house_wishes", "vouchers"})


def _table(name: str) -> str:
    if name not in BULK_TABLES:
        raise ValueError(f"not a bulk-loadable table: {name}")
    return name


class BulkLoader:
    def __init__(self, db: Database):
        self.db = db

    def count(self, table: str) -> int:
        return self.db.execute(f"SELECT count(*) FROM {_table(table)}").fetchone()[0]

    def max_id(self, table: str) -> int:
        return self.db.execute(f"SELECT coalesce(max(id), 0) FROM {_table(table)}").fetchone()[0]

    def insert_many(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        # Plain executemany, not sqlite-utils' insert_all: 100,000 registrants took 14.9 s this
        # way and 29.2 s through insert_all (2.0×, bench/row_writes.py, on a loaded machine).
        marks = ", ".join("?" for _ in columns)
        with self.db.changes.logged_in_bulk(_table(table)) as inserted:
            inserted.append(self.db.connection.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
            ).rowcount)

    def insert(self, table: str, record: dict) -> int:
        return insert_row(self.db, _table(table), record)

    def last_numbers(self, prefix: str) -> dict[str, int]:
        """The numbering series whose names start with `prefix`, with their last number."""
        rows = self.db.execute(
            "SELECT series, last FROM numbering WHERE series >= ? AND series < ?",
            (prefix, prefix + "\U0010ffff"),
        )
        return {row[0]: row[1] for row in rows}

    def raise_numbers(self, last: dict[str, int]) -> None:
        """Move each series up to at least the given last number, so later numbers never collide."""
        self.db.connection.executemany(
            "INSERT INTO numbering (series, last) VALUES (?, ?)"
            " ON CONFLICT (series) DO UPDATE SET last = max(last, excluded.last)",
            list(last.items()),
        )

    @contextmanager
    def deferred_indexes(self, tables: tuple[str, ...]) -> Iterator[None]:
        """Drop the tables' secondary indexes and build them again afterwards (sorting once beats
        millions of random B-tree inserts). Call inside a transaction: a rollback restores them."""
        if not self.db.connection.in_transaction:
            raise RuntimeError("deferred_indexes needs an open transaction")
        names = [_table(t) for t in tables]
        if not names:
            yield
            return
        marks = ", ".join("?" for _ in names)
        indexes = self.db.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            f" AND tbl_name IN ({marks}) ORDER BY name", names
        ).fetchall()
        for name, _sql in indexes:
            self.db.execute(f'DROP INDEX "{name}"')
        yield
        for _name, sql in indexes:
            self.db.execute(sql)

    @contextmanager
    def checks_left_to_the_caller(self) -> Iterator[None]:
        """Skip the tables' CHECK constraints while rows the caller has made itself go in.

        SQLite builds a temporary B-tree for every `IN (...)` list of three or more values in a
        CHECK, for every row: on the register that is about 30% of the time a bulk insert takes.
        Only for rows whose values come from the program's own tables; `PRAGMA quick_check`
        (and `futasato check`) still verifies them. Statements prepared meanwhile are
        re-prepared with the checks once this ends.
        """
        self.db.execute("PRAGMA ignore_check_constraints = ON")
        try:
            yield
        finally:
            self.db.execute("PRAGMA ignore_check_constraints = OFF")

    @contextmanager
    def large_cache(self, mebibytes: int) -> Iterator[None]:
        """A bigger page cache for the length of a load, then the connection's own again."""
        before = self.db.execute("PRAGMA cache_size").fetchone()[0]
        self.db.execute(f"PRAGMA cache_size = -{int(mebibytes) * 1024}")
        try:
            yield
        finally:
            self.db.execute(f"PRAGMA cache_size = {int(before)}")
