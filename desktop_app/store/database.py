"""One SQLite file: opening it safely, migrating it, transactions, and the repositories."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.errors import FutasatoError
from desktop_app.domain.file_problems import database_disk_full
from desktop_app.domain.text import N_
from desktop_app.store.indexes import create_missing, ensure_indexes
from desktop_app.store.migrations import LATEST_VERSION, MIGRATIONS

if TYPE_CHECKING:
    import sqlite_utils


class FileTooNew(FutasatoError):
    """The file was written by a newer version of the app."""

    exit_code = 3


class ForeignFile(FutasatoError):
    """A sound SQLite file that another program made (its own tables), or that lacks ours."""

    exit_code = 3


class DamagedFile(FutasatoError):
    """SQLite cannot read the file: text, truncated, a folder, an unmakeable folder, a damaged
    page. `detail` is SQLite's (or the OS's) word."""

    exit_code = 3

    def __init__(self, path: Path | None, error: object):
        self.detail = str(error)
        if path is None:
            super().__init__(N_("The database file cannot be read ({reason}); check it with "
                                "`futasato check`."), {"reason": self.detail})
        else:
            super().__init__(N_("{path} is not a Futasato database, or cannot be opened: "
                                "{reason}."), {"path": str(path), "reason": self.detail})


# SQLite's primary codes for "this is not a (sound) database file" and "cannot open it".
_UNREADABLE = {sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_CANTOPEN}


def _primary_code(error: BaseException) -> int:
    return (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF


def _disk_full(error: BaseException, path: Path) -> bool:
    """SQLite's word for the disk of `path` being full: the disk's problem, not a fault.
    SQLite says "disk I/O error" when it cannot even map the -shm file, so an I/O error on a
    disk with no room left counts too."""
    if not isinstance(error, sqlite3.OperationalError):
        return False
    code = _primary_code(error)
    return code == sqlite3.SQLITE_FULL or (code == sqlite3.SQLITE_IOERR
                                           and _room(path.parent) < _ALMOST_NOTHING)


_ALMOST_NOTHING = 1 << 20  # bytes: less than a page cache's worth of writes


def _room(folder: Path) -> int:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return _ALMOST_NOTHING


def unreadable_file(error: BaseException) -> DamagedFile | None:
    """Our error for SQLite finding the file damaged or unopenable (at any moment), else None."""
    if isinstance(error, sqlite3.DatabaseError) and _primary_code(error) in _UNREADABLE:
        return DamagedFile(None, error)
    return None


class Database:
    """An open Futasato file, handing out one repository per aggregate."""

    def __init__(self, path: str | Path, *, migrate: bool = True):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.connection = sqlite3.connect(self.path, isolation_level=None, timeout=10)
        except (OSError, sqlite3.Error) as error:
            raise DamagedFile(self.path, getattr(error, "strerror", None) or error) from None
        self.connection.row_factory = sqlite3.Row
        try:
            refuse_newer_file(self)  # before any pragma writes to a file we may not touch
            if migrate:
                refuse_foreign_file(self)  # the steps run only on ours, or on an empty file
            self._configure()
            if migrate:
                migrate_file(self)
                ensure_indexes(self.connection)  # what today's queries need, whatever steps made
        except sqlite3.DatabaseError as error:
            full = _disk_full(error, self.path)
            if not full and unreadable_file(error) is None:
                raise
            self.connection.close()
            raise (database_disk_full(self.path) if full
                   else DamagedFile(self.path, error)) from None
        self._attach_repositories()

    def _configure(self) -> None:
        execute = self.connection.execute
        execute("PRAGMA journal_mode = WAL")
        execute("PRAGMA foreign_keys = ON")
        execute("PRAGMA synchronous = FULL")  # a committed registration survives a power cut
        execute("PRAGMA busy_timeout = 10000")
        # Reading pages through the OS cache instead of copying them halves a large sorted window.
        execute("PRAGMA mmap_size = 268435456")

    def _attach_repositories(self) -> None:
        # Imported here so each repository module can import Database for typing without a cycle.
        from desktop_app.store.audit import AuditLog
        from desktop_app.store.bookings import BookingRepository
        from desktop_app.store.bulk import BulkLoader
        from desktop_app.store.card_keys import CardKeyRepository
        from desktop_app.store.certificates import CertificateRepository
        from desktop_app.store.changes import ChangeLog
        from desktop_app.store.clerks import ClerkRepository
        from desktop_app.store.consultations import ConsultationRepository
        from desktop_app.store.emergency import EmergencyRepository
        from desktop_app.store.events import EventRepository
        from desktop_app.store.exchange_keys import ExchangeKeyRepository, TrustList
        from desktop_app.store.export_register import ExportRegister
        from desktop_app.store.facilities import FacilityRepository
        from desktop_app.store.figures import FigureRepository
        from desktop_app.store.house_wishes import HouseWishRepository
        from desktop_app.store.houses import HouseRepository
        from desktop_app.store.involvement import InvolvementRepository
        from desktop_app.store.merges import MergeRepository
        from desktop_app.store.office import OfficeRepository
        from desktop_app.store.personal_data import PersonalDataRepository
        from desktop_app.store.photos import PhotoRepository
        from desktop_app.store.prefecture_returns import PrefectureReturnRepository
        from desktop_app.store.quarter_returns import QuarterReturnRepository
        from desktop_app.store.registrant_ledger import RegistrantLedger
        from desktop_app.store.registrants import RegistrantRepository
        from desktop_app.store.settings import SettingsRepository
        from desktop_app.store.sync_peers import SyncPeerRepository
        from desktop_app.store.sync_state import SyncState
        from desktop_app.store.vouchers import VoucherRepository

        self.audit = AuditLog(self)
        self.changes = ChangeLog(self)  # what each write changed, for the other counters
        self.clerks = ClerkRepository(self)
        self.office = OfficeRepository(self)
        self.sync_peers = SyncPeerRepository(self)  # the town's other counters
        self.registrants = RegistrantRepository(self)
        self.ledger = RegistrantLedger(self)  # the register as a whole file: import, export
        self.personal_data = PersonalDataRepository(self)
        self.photos = PhotoRepository(self)  # card photos
        self.bulk = BulkLoader(self)
        self.involvement = InvolvementRepository(self)
        self.consultations = ConsultationRepository(self)
        self.merges = MergeRepository(self)
        self.settings = SettingsRepository(self)
        self.bookings = BookingRepository(self)
        self.events = EventRepository(self)
        self.emergency = EmergencyRepository(self)  # 防災: who is in town, who to shelter
        self.facilities = FacilityRepository(self)
        self.house_wishes = HouseWishRepository(self)
        self.houses = HouseRepository(self)
        self.vouchers = VoucherRepository(self)
        self.certificates = CertificateRepository(self)
        self.card_keys = CardKeyRepository(self)
        self.exchange_keys = ExchangeKeyRepository(self)
        self.trust = TrustList(self)
        self.quarter_returns = QuarterReturnRepository(self)
        self.export_register = ExportRegister(self)  # 外部記録媒体の管理簿
        self.figures = FigureRepository(self)  # a quarter's aggregates, for the return
        self.prefecture_returns = PrefectureReturnRepository(self)  # towns' returns received
        self.sync = SyncState(self)  # other counters' changes received, held, in conflict

    @cached_property
    def tables(self) -> sqlite_utils.Database:
        """sqlite-utils over this same connection, for the row helpers (store/rows.py) and
        schema introspection. Imported on first use: loading it costs about 45 ms at start-up.
        Its PRAGMA and plugin set-up is turned off: the connection stays as `_configure` set it."""
        import sqlite_utils

        return sqlite_utils.Database(self.connection, recursive_triggers=False,
                                     execute_plugins=False)

    @property
    def schema_version(self) -> int:
        return self.connection.execute("PRAGMA user_version").fetchone()[0]

    def execute(self, sql: str, parameters: tuple | dict = ()) -> sqlite3.Cursor:
        return self.connection.execute(sql, parameters)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One unit of work: all of it is committed, or none of it."""
        if self.connection.in_transaction:
            raise RuntimeError("transactions do not nest")
        try:
            self.connection.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if self.connection.in_transaction:  # SQLite rolls back itself on a full disk
                    self.connection.execute("ROLLBACK")
                raise
            self.connection.execute("COMMIT")
        except sqlite3.OperationalError as error:
            if not _disk_full(error, self.path):
                raise
            if self.connection.in_transaction:
                self.connection.execute("ROLLBACK")
            raise database_disk_full(self.path) from None

    def table_counts(self) -> dict[str, int]:
        """Rows in each table, by name."""
        return {name: self.tables[name].count for name in self.tables.table_names()}

    def integrity_problems(self) -> list[str]:
        """What SQLite's own checks find wrong with the file; empty when it is sound."""
        problems = [row[0] for row in self.execute("PRAGMA integrity_check") if row[0] != "ok"]
        problems += [
            f"foreign key: {row[0]} row {row[1]} → {row[2]}"
            for row in self.execute("PRAGMA foreign_key_check")
        ]
        return problems

    def backup_to(self, target: Path) -> None:
        """A consistent copy of the file through SQLite's online backup API."""
        destination = sqlite3.connect(target)
        try:
            self.connection.backup(destination)
        except sqlite3.OperationalError as error:
            if not _disk_full(error, Path(target)):  # the stick's disk, not this file's
                raise
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target)) from None
        finally:
            destination.close()

    def close(self) -> None:
        self.connection.close()


def refuse_newer_file(db: Database) -> None:
    """A file written by a newer app is closed untouched, with a message saying so."""
    version = db.schema_version
    if version > LATEST_VERSION:
        db.close()
        raise FileTooNew(
            N_("{path} was written by a newer version of Futasato (schema {found}, this app "
               "knows up to {known}). Update the app; the file was not changed."),
            {"path": str(db.path), "found": version, "known": LATEST_VERSION},
        )


# Tables the first step made; a file at any schema this app knows has every one of them.
CORE_TABLES = frozenset({"settings", "office", "clerks", "audit", "registrants"})


def refuse_foreign_file(db: Database) -> None:
    """Only a Futasato file, or an empty one (no tables: a new office), may be migrated.

    Another program's database (`user_version` 0 but tables of its own), or a file claiming a
    known schema without our tables, is closed untouched: running our steps on it would add
    our tables beside its own and stamp it as ours.
    """
    tables = {row[0] for row in db.connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    version = db.schema_version
    if (version == 0 and not tables) or (version > 0 and tables >= CORE_TABLES):
        return
    db.close()
    raise ForeignFile(
        N_("{path} is not a Futasato database: it holds another program's tables (schema "
           "{found}). Open the office's own file; this one was not changed."),
        {"path": str(db.path), "found": version})


def migrate_file(db: Database) -> None:
    """Bring the file up to this app's schema, one numbered step per transaction.

    A file that already holds data is copied aside first.
    """
    version = db.schema_version
    if version == LATEST_VERSION:
        return
    if version > 0:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        db.backup_to(db.path.with_name(f"{db.path.stem}.v{version}-{stamp}.bak.sqlite"))
    for number in range(version + 1, LATEST_VERSION + 1):
        db.connection.execute("BEGIN EXCLUSIVE")
        try:
            MIGRATIONS[number](db.connection)
            if number == LATEST_VERSION:
                # With the last step, not after it: a file of this schema always has the
                # indexes, even when the process is killed right after the step commits.
                create_missing(db.connection)
            db.connection.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            db.connection.execute("ROLLBACK")
            raise
        db.connection.execute("COMMIT")

