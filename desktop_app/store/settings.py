"""Settings the town can change (language, date style, rule numbers), kept as JSON in the file."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop_app.store.database import Database


class SettingsRepository:
    def __init__(self, db: Database):
        self.db = db

    def get(self, key: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def put(self, key: str, value: Any) -> None:
        self.db.tables["settings"].upsert(
            {"key": key, "value": json.dumps(value, ensure_ascii=False)}, pk="key")

    def all(self) -> dict[str, Any]:
        rows = self.db.execute("SELECT key, value FROM settings")
        return {key: json.loads(value) for key, value in rows}
