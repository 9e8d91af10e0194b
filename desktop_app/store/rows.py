"""Small helpers the repositories share for inserting and changing one row of a record table."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.store.database import Database


def insert_row(db: Database, table: str, record: dict) -> int:
    columns = ", ".join(record)
    marks = ", ".join("?" for _ in record)
    cursor = db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(record.values()))
    return cursor.lastrowid


def update_row(db: Database, table: str, row_id: int, changes: dict) -> int:
    """Set `changes` on one row and bump its version; returns the number of rows changed."""
    assignments = ", ".join(f"{column} = ?" for column in changes)
    cursor = db.execute(
        f"UPDATE {table} SET {assignments}, version = version + 1 WHERE id = ?",
        (*changes.values(), row_id),
    )
    return cursor.rowcount


def get_row(db: Database, table: str, row_id: int) -> dict | None:
    row = db.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone()
    return dict(row) if row else None
