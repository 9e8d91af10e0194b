"""`futasato check`: is the file sound, which schema, how much is in it."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.text import N_
from desktop_app.store.database import Database
from desktop_app.store.migrations import LATEST_VERSION


def check_file(path: Path) -> dict:
    """Integrity and foreign-key checks, the audit chain, and a row count per table."""
    if not path.exists():
        raise RuleRefused(N_("{path} does not exist."), {"path": str(path)})
    db = Database(path, migrate=False)
    try:
        problems = db.integrity_problems()
        version = db.schema_version
        if version == LATEST_VERSION:
            broken = db.audit.verify()
            if broken:
                problems.append(f"audit row {broken.row_id}: {broken.reason}")
        tables = {name: sqlite_utils.Database(db.connection)[name].count
                  for name in sqlite_utils.Database(db.connection).table_names()}
    finally:
        db.close()
    return {"path": str(path), "schema_version": version,
            "upgrade_needed": version < LATEST_VERSION, "tables": tables,
            "problems": problems, "sound": not problems}
