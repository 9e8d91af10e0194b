"""The look-ups printing and verification need on the register (read only)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.store.database import Database


def registrant_by_card_code(db: Database, card_code: str) -> dict | None:
    row = db.execute("SELECT * FROM registrants WHERE card_code = ?", (card_code,)).fetchone()
    return dict(row) if row else None


def count_by_status(db: Database, statuses: tuple[str, ...]) -> int:
    marks = ", ".join("?" for _ in statuses)
    return db.execute(f"SELECT count(*) FROM registrants WHERE status IN ({marks})",
                      statuses).fetchone()[0]


def registrants_by_status(db: Database, statuses: tuple[str, ...],
                          chunk: int = 500) -> Iterator[dict]:
    """Everyone in the statuses, in kana order, fetched a chunk at a time."""
    marks = ", ".join("?" for _ in statuses)
    last_key, last_id = "", 0
    while True:
        rows = db.execute(
            f"SELECT * FROM registrants WHERE status IN ({marks})"
            " AND (kana_key > ? OR (kana_key = ? AND id > ?)) ORDER BY kana_key, id LIMIT ?",
            (*statuses, last_key, last_key, last_id, chunk)).fetchall()
        if not rows:
            return
        yield from (dict(row) for row in rows)
        last_key, last_id = rows[-1]["kana_key"], rows[-1]["id"]
