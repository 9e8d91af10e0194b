"""SQLite files looked at from outside the open database: a fresh backup copy, a backup about to
be restored, a file the clerk asks to check.

Each opens its own plain connection (no WAL or other pragma, so nothing in the file changes) and
closes it again; whatever SQLite cannot read comes back as `DamagedFile`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.domain.text import N_, render
from desktop_app.store.database import DamagedFile, Database
from desktop_app.store.indexes import missing_indexes
from desktop_app.store.migrations import LATEST_VERSION

# A damaged schema page can even make SQLite's own message unreadable.
_UNREADABLE = (sqlite3.DatabaseError, UnicodeDecodeError)


@contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(path)
    connection.text_factory = lambda raw: raw.decode("utf-8", errors="replace")
    try:
        yield connection
    except _UNREADABLE as error:
        raise DamagedFile(path, error) from None
    finally:
        connection.close()


def quick_check(path: Path) -> str:
    """SQLite's quick check of a file: "ok", or the first problem it found."""
    with _reading(path) as connection:
        return connection.execute("PRAGMA quick_check").fetchone()[0]


def copy_file(source: Path, target: Path) -> None:
    """A consistent copy of a database file that is not open here; the source is only read."""
    plain = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        plain.backup(copy)
    except _UNREADABLE as error:
        raise DamagedFile(source, error) from None
    finally:
        copy.close()
        plain.close()


@dataclass(frozen=True)
class Candidate:
    """What a file to be restored holds, before anything of ours opens it."""

    problems: list[str]  # from SQLite's integrity check; empty when sound
    schema_version: int
    has_office: bool  # exactly one office row: a Futasato file


def candidate(path: Path) -> Candidate:
    with _reading(path) as connection:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            return Candidate(problems, 0, False)
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        has_office = "office" in tables and connection.execute(
            "SELECT count(*) FROM office").fetchone()[0] == 1
    return Candidate([], version, has_office)


@dataclass
class FileReport:
    """`futasato check`: the schema, what is wrong, and the rows in each table."""

    schema_version: int | None = None
    problems: list[str] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)
    missing_indexes: list[str] = field(default_factory=list)

    @property
    def upgrade_needed(self) -> bool:
        return self.schema_version is not None and self.schema_version < LATEST_VERSION


def inspect_file(path: Path) -> FileReport:
    """Integrity and foreign-key checks, the audit chain and a row count per table. A damaged
    file is reported, never raised: the clerk needs the verdict, not a traceback."""
    report = FileReport()
    try:
        db = Database(path, migrate=False)
    except DamagedFile as error:
        report.problems.append(error.detail)
        return report
    except _UNREADABLE as error:
        report.problems.append(str(error))
        return report
    try:
        report.schema_version = db.schema_version
        report.problems += db.integrity_problems()
        if report.schema_version == LATEST_VERSION:
            # Until the app opens the file and makes them again, lists and searches crawl.
            report.missing_indexes = missing_indexes(db.connection)
            report.problems += [
                render(N_("The index {name} is missing; opening the file in Futasato makes it "
                          "again."), {"name": name}) for name in report.missing_indexes]
            broken = db.audit.verify()
            if broken:
                report.problems.append(f"audit row {broken.row_id}: {broken.reason}")
        report.tables = db.table_counts()
    except _UNREADABLE as error:
        report.problems.append(str(error))
    finally:
        db.close()
    return report
