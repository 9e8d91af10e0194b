"""The row helpers every repository shares: insert, change and fetch one row of a table.

They go through sqlite-utils on the Database's own connection (`Database.tables`). Inside
`Database.transaction()` sqlite-utils wraps each write in a SAVEPOINT and never commits, so
the write is committed or rolled back with the transaction (tests/test_store.py checks it).
A call costs more than a hand-written statement, as sqlite-utils reads the table's columns
each time (bench/row_writes.py: a registrant inserted in 272 µs against 152, changed in 433
against 6): nothing beside one service call's audit row, but bulk loads and the ledger import
keep `executemany` (store/bulk.py) and the register's own update stays plain (registrants.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.store.database import Database


def insert_row(db: Database, table: str, record: dict) -> int:
    return db.tables[table].insert(record).last_rowid


def update_row(db: Database, table: str, row_id: int, changes: dict) -> int:
    """Set `changes` on one row and bump its version; returns the number of rows changed."""
    from sqlite_utils.db import NotFoundError  # loaded with Database.tables, on first use

    try:
        db.tables[table].update(row_id, {**changes, "version": 1},
                                conversions={"version": "version + ?"})
    except NotFoundError:
        return 0
    return 1


def get_row(db: Database, table: str, value: int | str, by: str = "id") -> dict | None:
    """The row whose `by` column (the id unless named) holds `value`, or None."""
    return next(db.tables[table].rows_where(f"{by} = ?", [value], limit=1), None)
