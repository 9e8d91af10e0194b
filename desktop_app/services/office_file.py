"""Opening the office's SQLite file, for callers outside the store (the window, its worker)."""

from __future__ import annotations

from pathlib import Path

from desktop_app.store.database import Database


def open_office_file(path: str | Path) -> Database:
    """The file opened, migrated to this app's schema (a newer file is refused untouched)."""
    return Database(path)
