"""Merges of two records of one person, with what is needed to undo each."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from desktop_app.store.rows import get_row, insert_row

if TYPE_CHECKING:
    from desktop_app.store.database import Database


def _decoded(row: dict | None) -> dict | None:
    if row is None:
        return None
    for column in ("survivor_before", "merged_before", "moved"):
        row[column] = json.loads(row[column])
    return row


class MergeRepository:
    def __init__(self, db: Database):
        self.db = db

    def add(self, record: dict) -> int:
        encoded = {k: json.dumps(v, ensure_ascii=False) if k in (
            "survivor_before", "merged_before", "moved") else v for k, v in record.items()}
        return insert_row(self.db, "registrant_merges", encoded)

    def get(self, merge_id: int) -> dict | None:
        return _decoded(get_row(self.db, "registrant_merges", merge_id))

    def for_registrant(self, registrant_id: int) -> list[dict]:
        rows = self.db.execute(
            "SELECT * FROM registrant_merges WHERE survivor_id = ? OR merged_id = ?"
            " ORDER BY id DESC", (registrant_id, registrant_id))
        return [_decoded(dict(row)) for row in rows]

    def later_open_merges(self, merge_id: int, registrant_ids: tuple[int, int]) -> int:
        """Merges after `merge_id`, not undone, that touch either record (undo those first)."""
        return self.db.execute(
            "SELECT count(*) FROM registrant_merges WHERE id > ? AND undone_at IS NULL"
            " AND (survivor_id IN (?, ?) OR merged_id IN (?, ?))",
            (merge_id, *registrant_ids, *registrant_ids)).fetchone()[0]

    def mark_undone(self, merge_id: int, at: str, clerk: str) -> None:
        self.db.execute(
            "UPDATE registrant_merges SET undone_at = ?, undone_by = ?, version = version + 1"
            " WHERE id = ?", (at, clerk, merge_id))
