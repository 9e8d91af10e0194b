"""`futasato check`: is the file sound, which schema, how much is in it."""

from __future__ import annotations

from pathlib import Path

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.text import N_
from desktop_app.store.files import inspect_file


def check_file(path: Path) -> dict:
    """Integrity and foreign-key checks, the audit chain, and a row count per table.

    A damaged file is reported, never raised: the clerk needs the verdict, not a traceback.
    """
    if not path.exists():
        raise RuleRefused(N_("{path} does not exist."), {"path": str(path)})
    report = inspect_file(path)
    return {"path": str(path), "schema_version": report.schema_version,
            "upgrade_needed": report.upgrade_needed, "tables": report.tables,
            "missing_indexes": report.missing_indexes, "problems": report.problems,
            "sound": not report.problems}
