"""Crash campaign: the real CLI killed with SIGKILL after a random delay, in the middle of each
long operation, then the file and the "stick" checked from a fresh process. The short run kills
each operation a few times; `FUTASATO_CAMPAIGN=full` kills ≥ 500 times in all.

Each operation is run once whole first, on a copy of the same input, to time it and to take
the state a finished run leaves; after a kill the file's state must be the one before or that
one (an operation's designed crash window aside, named in `middle`), never half."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop_app.exchange.package import read_package, signature_path
from desktop_app.services import exchange_keys, trust
from desktop_app.services.sign_in import sign_in
from desktop_app.store.database import Database
from tests.conftest import ADMIN_PASSWORD
from tests.ledger_helpers import template_row, write_template_csv
from tests.reliability.conftest import FULL, ROOT, assert_file_sound, run_cli, start_cli
from tests.return_helpers import export_town, make_prefecture, make_town, trust_towns
from tests.sync_helpers import paired_counters

# Per operation: 8 operations × 63 = 504 in the full run; FUTASATO_KILLS sets another number.
KILLS = int(os.environ.get("FUTASATO_KILLS", 63 if FULL else 2))
IMPORT_ROWS = 300
OLD_FILE = ROOT / "tests" / "fixtures" / "schema-5.sqlite"
QUARTER = "2025Q1"


def _ledger(folder: Path) -> Path:
    rows = [template_row(生年月日=(date(1950, 1, 1) + timedelta(days=61 * n)).isoformat(),
                         電話番号=f"090-1234-{n:04d}", メールアドレス=f"p{n}@example.jp")
            for n in range(IMPORT_ROWS)]
    return write_template_csv(folder / "ledger.csv", rows)


def _ok(done) -> None:
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="session")
def stage(tmp_path_factory) -> dict[str, Path]:
    """The inputs, built once: a town with people, a ledger to import, a backup to restore."""
    folder = tmp_path_factory.mktemp("crash-stage")
    town = make_town(folder / "town.sqlite", people=40)
    ledger = _ledger(folder)
    other = folder / "other.sqlite"
    shutil.copy(town, other)
    _ok(run_cli(other, "registrants", "import", str(ledger)))
    backup = folder / "backup.sqlite"
    _ok(run_cli(other, "backup", "--out", str(backup)))
    return {"town": town, "ledger": ledger, "backup": backup}


@pytest.fixture(scope="session")
def sync_stage(stage, tmp_path_factory) -> dict[str, Path]:
    """The main office paired with counter 1, and counter 1's change set of 300 people it
    imported from a ledger, for the main office."""
    folder = tmp_path_factory.mktemp("crash-sync")
    main = folder / "main.sqlite"
    shutil.copy(stage["town"], main)
    db = Database(main)
    try:
        _, branch = paired_counters(sign_in(db, "admin", ADMIN_PASSWORD), ADMIN_PASSWORD, folder)
        branch.db.close()
        main_counter = str(db.office.get()["counter"])
    finally:
        db.close()
    _ok(run_cli(folder / "branch.sqlite", "registrants", "import", str(stage["ledger"])))
    out = folder / "out"
    out.mkdir()
    exported = run_cli(folder / "branch.sqlite", "sync", "export", "--to", main_counter,
                       "--out", str(out))
    _ok(exported)
    return {"main": main, "changes": Path(exported.stdout.splitlines()[0])}


@pytest.fixture(scope="session")
def return_stage(stage, tmp_path_factory) -> dict:
    """A town that holds its prefecture's certificate (to export a return with rows), and a
    prefecture that trusts another copy of the town, with that copy's return to import."""
    folder = tmp_path_factory.mktemp("crash-return")
    prefecture, certificate = make_prefecture(folder)
    town = folder / "town.sqlite"
    shutil.copy(stage["town"], town)
    db = Database(town)
    try:
        trust.import_prefecture(sign_in(db, "admin", ADMIN_PASSWORD), certificate)
        town_key = exchange_keys.exchange_public_key_pem(db)
    finally:
        db.close()
    reported = folder / "reported.sqlite"
    shutil.copy(stage["town"], reported)
    (folder / "packages").mkdir()
    package, key = export_town(reported, certificate, folder / "packages")
    trust_towns(prefecture, {"042021": key})
    return {"town": town, "town_key": town_key, "prefecture": prefecture, "package": package}


def _rows(db: Path, sql: str) -> tuple:
    with sqlite3.connect(db) as connection:
        return tuple(connection.execute(sql).fetchall())


def _people(db: Path) -> tuple:
    """Who is registered, by what a ledger gives (uuids are new on each import)."""
    return _rows(db, "SELECT family_name, given_name, birth_date, phone, status FROM registrants"
                     " ORDER BY 1, 2, 3, 4, 5")


def _people_count(db: Path) -> tuple:  # the old file's schema is not today's
    return _rows(db, "SELECT count(*) FROM registrants")


def _synced(db: Path) -> tuple:
    return (_rows(db, "SELECT uuid, version FROM registrants ORDER BY uuid"),
            _rows(db, "SELECT count(*) FROM changes"))


def _returns(db: Path) -> tuple:
    return (_rows(db, "SELECT quarter, version, state FROM quarter_returns ORDER BY id"),
            _rows(db, "SELECT quarter, version, file_name FROM export_register ORDER BY id"))


def _received(db: Path) -> tuple:
    return (_rows(db, "SELECT municipality_code, quarter, version, rows_read FROM "
                      "prefecture_returns ORDER BY id"),
            _rows(db, "SELECT count(*) FROM prefecture_return_figures"),
            _rows(db, "SELECT count(*) FROM prefecture_return_rows"))


# Return export signs the quarter off before it writes the package and enters it in the export
# register after (services/return_export.py says why): a kill between leaves it signed off
# without a register row, which the register shows and a re-opening clears.
def _signed_off_unregistered(before: tuple, whole: tuple) -> set:
    return {(whole[0], before[1])}


@dataclass(frozen=True)
class Operation:
    fixture: str
    file: str  # the stage's file the operation runs on (copied for each kill)
    args: Callable[[dict, Path], list[str]]  # (stage, stick) → the command
    state: Callable[[Path], tuple]  # what is the one before or the one after, never half
    again: bool = False  # the next start runs it again: it must finish, idempotently
    middle: Callable[[tuple, tuple], set] = lambda before, whole: set()


OPERATIONS = {
    "ledger import": Operation("stage", "town", lambda s, _: [
        "registrants", "import", str(s["ledger"])], _people),
    "backup": Operation("stage", "town", lambda s, stick: [
        "backup", "--out", str(stick / "backup.sqlite")], _people),
    "restore": Operation("stage", "town", lambda s, _: ["restore", str(s["backup"])], _people),
    "bulk printing": Operation("stage", "town", lambda s, stick: [
        "print", "labels", "--status", "登録", "--out", str(stick / "labels.pdf")], _people),
    # The next start migrates the rest, with nobody's help.
    "migration": Operation("stage", "old", lambda s, _: ["registrants", "search", "佐藤"],
                           _people_count, again=True),
    # Importing a change set again is allowed and applies nothing new (already had).
    "sync import": Operation("sync_stage", "main", lambda s, _: [
        "sync", "import", str(s["changes"])], _synced, again=True),
    "return export": Operation("return_stage", "town", lambda s, stick: [
        "return", "export", "--quarter", QUARTER, "--with-rows", "--out", str(stick)],
        _returns, middle=_signed_off_unregistered),
    "prefecture import": Operation("return_stage", "prefecture", lambda s, _: [
        "prefecture", "import", str(s["package"])], _received, again=True),
}


def _sound_sqlite(path: Path) -> bool:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            return connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        return False


def _whole_pdf(path: Path) -> bool:
    data = path.read_bytes()
    return data.startswith(b"%PDF") and b"%%EOF" in data[-64:]


def _genuine_package(path: Path, key: bytes | None) -> bool:
    if key is None or not signature_path(path).exists():
        return False
    try:
        read_package(path, key)
        return True
    except Exception:  # any refusal or unreadable zip: it looks complete but is not
        return False


def _check_stick(stick: Path, town_key: bytes | None) -> None:
    """A final name exists only for a whole file; anything half-written keeps a .part name."""
    for path in stick.iterdir():
        if path.name.endswith(".part"):
            continue
        if path.suffix == ".sqlite":
            assert _sound_sqlite(path), f"{path.name} looks complete but is not"
        elif path.suffix == ".pdf":
            assert _whole_pdf(path), f"{path.name} looks complete but is not"
        elif path.suffix == ".zip":
            assert zipfile.is_zipfile(path) and _genuine_package(path, town_key), (
                f"{path.name} looks complete but is not")


@pytest.fixture(scope="session")
def startup(stage) -> float:
    """How long the CLI takes to start and stop doing nothing: kills before it hit no work."""
    times = []
    for _ in range(3):
        started = time.monotonic()
        _ok(run_cli(stage["town"], "--help"))
        times.append(time.monotonic() - started)
    return sorted(times)[1]


def _prepare(stages: dict, operation: Operation, work: Path) -> tuple[Path, Path, list[str]]:
    stick = work / "stick"
    stick.mkdir(parents=True)
    db = work / "file.sqlite"
    shutil.copy(OLD_FILE if operation.file == "old" else stages[operation.file], db)
    return db, stick, operation.args(stages, stick)


def _kill_once(stages: dict, work: Path, operation: Operation, whole: tuple,
               rng: random.Random, window: tuple[float, float]) -> None:
    db, stick, args = _prepare(stages, operation, work)
    before = operation.state(db)
    process = start_cli(db, *args)
    time.sleep(rng.uniform(*window))
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
    assert_file_sound(db)
    after = operation.state(db)
    assert after in {before, whole} | operation.middle(before, whole), (
        f"half done: {after!r}")
    _check_stick(stick, stages.get("town_key"))
    if operation.again:
        _ok(run_cli(db, *args))
        assert operation.state(db) == whole, "the second run did not finish the first"
    shutil.rmtree(work)


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_killed_at_a_random_moment_leaves_a_sound_file(request, tmp_path, startup, name):
    operation = OPERATIONS[name]
    stages = request.getfixturevalue(operation.fixture)
    rng = random.Random(f"{name}-{os.environ.get('FUTASATO_CAMPAIGN_SEED', '16')}")
    db, stick, args = _prepare(stages, operation, tmp_path / "timing")
    started = time.monotonic()
    _ok(run_cli(db, *args))
    # Kills fall anywhere from the end of start-up to a little past a whole run.
    window = (0.8 * startup, (time.monotonic() - started) * 1.1)
    whole = operation.state(db)
    _check_stick(stick, stages.get("town_key"))
    for n in range(KILLS):
        _kill_once(stages, tmp_path / f"kill-{n}", operation, whole, rng, window)
