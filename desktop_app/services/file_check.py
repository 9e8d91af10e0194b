"""`futasato check`: is the file sound, which schema, how much is in it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.text import N_, render
from desktop_app.store.database import Database, NotADatabase
from desktop_app.store.indexes import missing_indexes
from desktop_app.store.migrations import LATEST_VERSION


def check_file(path: Path) -> dict:
    """Integrity and foreign-key checks, the audit chain, and a row count per table.

    A damaged file is reported, never raised: the clerk needs the verdict, not a traceback.
    """
    if not path.exists():
        raise RuleRefused(N_("{path} does not exist."), {"path": str(path)})
    report = {"path": str(path), "schema_version": None, "upgrade_needed": False, "tables": {},
              "missing_indexes": [], "problems": []}
    try:
        db = Database(path, migrate=False)
    except NotADatabase as error:
        report["problems"].append(error.params["reason"])
        return {**report, "sound": False}
    try:
        _inspect(db, report)
    except sqlite3.DatabaseError as error:
        report["problems"].append(str(error))
    finally:
        db.close()
    return {**report, "sound": not report["problems"]}


def _inspect(db: Database, report: dict) -> None:
    version = db.schema_version
    report["schema_version"] = version
    report["upgrade_needed"] = version < LATEST_VERSION
    report["problems"] += db.integrity_problems()
    if version == LATEST_VERSION:
        # Until the app opens the file and makes them again, lists and searches crawl.
        report["missing_indexes"] = missing_indexes(db.connection)
        report["problems"] += [
            render(N_("The index {name} is missing; opening the file in Futasato makes it again."),
                   {"name": name}) for name in report["missing_indexes"]]
        broken = db.audit.verify()
        if broken:
            report["problems"].append(f"audit row {broken.row_id}: {broken.reason}")
    tables = sqlite_utils.Database(db.connection)
    report["tables"] = {name: tables[name].count for name in tables.table_names()}
