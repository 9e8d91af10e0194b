"""The export register (外部記録媒体の管理簿): one row for every package written to a medium."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from desktop_app.store.rows import insert_row

if TYPE_CHECKING:
    from desktop_app.store.database import Database

COLUMNS = ("id", "written_at", "written_by", "terminal", "kind", "quarter", "version",
           "file_name", "sha256", "size", "destination")


class ExportRegister:
    def __init__(self, db: Database):
        self.db = db

    def add(self, record: dict) -> int:
        return insert_row(self.db, "export_register", record)

    def each(self) -> Iterator[dict]:
        """Every row, newest first."""
        for row in self.db.execute(
                f"SELECT {', '.join(COLUMNS)} FROM export_register ORDER BY id DESC"):
            yield dict(row)
