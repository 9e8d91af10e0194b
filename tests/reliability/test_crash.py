"""Crash campaign: the real CLI killed with SIGKILL after a random delay, in the middle of each
long operation, then the file and the "stick" checked from a fresh process. The short run kills
each operation a few times; `FUTASATO_CAMPAIGN=full` kills ≥ 500 times in all."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.ledger_helpers import template_row, write_template_csv
from tests.reliability.conftest import FULL, ROOT, assert_file_sound, run_cli, start_cli
from tests.return_helpers import make_town

# Per operation: 5 operations × 100 = 500 in the full run; FUTASATO_KILLS sets another number.
KILLS = int(os.environ.get("FUTASATO_KILLS", 100 if FULL else 2))
IMPORT_ROWS = 300


@pytest.fixture(scope="session")
def stage(tmp_path_factory) -> dict[str, Path]:
    """The inputs, built once: a town with people, a ledger to import, a backup to restore."""
    folder = tmp_path_factory.mktemp("crash-stage")
    town = make_town(folder / "town.sqlite", people=40)
    rows = [template_row(生年月日=(date(1950, 1, 1) + timedelta(days=61 * n)).isoformat(),
                         電話番号=f"090-1234-{n:04d}", メールアドレス=f"p{n}@example.jp")
            for n in range(IMPORT_ROWS)]
    ledger = write_template_csv(folder / "ledger.csv", rows)
    other = folder / "other.sqlite"
    shutil.copy(town, other)
    imported = run_cli(other, "registrants", "import", str(ledger))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    backup = folder / "backup.sqlite"
    made = run_cli(other, "backup", "--out", str(backup))
    assert made.returncode == 0, made.stderr
    return {"town": town, "ledger": ledger, "backup": backup}


def _uuids(db: Path) -> set[str]:
    with sqlite3.connect(db) as connection:
        return {row[0] for row in connection.execute("SELECT uuid FROM registrants")}


def _sound_sqlite(path: Path) -> bool:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            return connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        return False


def _whole_pdf(path: Path) -> bool:
    data = path.read_bytes()
    return data.startswith(b"%PDF") and b"%%EOF" in data[-64:]


def _operations(stage: dict[str, Path], stick: Path, db: Path) -> dict[str, list[str]]:
    return {
        "ledger import": ["registrants", "import", str(stage["ledger"])],
        "backup": ["backup", "--out", str(stick / "backup.sqlite")],
        "restore": ["restore", str(stage["backup"])],
        "bulk printing": ["print", "labels", "--status", "登録", "--out",
                          str(stick / "labels.pdf")],
        "return export": ["return", "export", "--quarter", "2025Q1", "--out", str(stick)],
    }


def _check_stick(stick: Path) -> None:
    """A final name exists only for a whole file; anything half-written keeps a .part name."""
    for path in stick.iterdir():
        if path.name.endswith(".part"):
            continue
        if path.suffix == ".sqlite":
            assert _sound_sqlite(path), f"{path.name} looks complete but is not"
        elif path.suffix == ".pdf":
            assert _whole_pdf(path), f"{path.name} looks complete but is not"


OPERATIONS = ["ledger import", "backup", "restore", "bulk printing", "migration"]


def _kill_once(stage, tmp_path: Path, operation: str, rng: random.Random, spread: float) -> None:
    work = tmp_path / f"kill-{rng.getrandbits(32):08x}"
    stick = work / "stick"
    stick.mkdir(parents=True)
    db = work / "town.sqlite"
    if operation == "migration":
        shutil.copy(ROOT / "tests" / "fixtures" / "schema-5.sqlite", db)
        args = ["registrants", "search", "佐藤"]
    else:
        shutil.copy(stage["town"], db)
        args = _operations(stage, stick, db)[operation]
    before = _uuids(db) if operation != "migration" else set()
    process = start_cli(db, *args)
    time.sleep(rng.uniform(0.05, spread))
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
    assert_file_sound(db)
    if operation == "migration":  # the next start migrates it whole, with nobody's help
        assert run_cli(db, "registrants", "search", "佐藤").returncode == 0
    after = _uuids(db)
    if operation == "ledger import":
        assert len(after) in (len(before), len(before) + IMPORT_ROWS), "a partial import"
        assert before <= after, "a committed registrant is gone"
    elif operation == "restore":
        assert after in (before, _uuids(stage["backup"])), "a half-restored file"
    elif operation == "migration":
        assert len(after) == len(_uuids(ROOT / "tests" / "fixtures" / "schema-5.sqlite"))
    else:
        assert after == before
    _check_stick(stick)
    shutil.rmtree(work)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_killed_at_a_random_moment_leaves_a_sound_file(stage, tmp_path, operation):
    rng = random.Random(f"{operation}-{os.environ.get('FUTASATO_CAMPAIGN_SEED', '16')}")
    started = time.monotonic()
    finished = run_cli(*_run_args(stage, tmp_path, operation))
    assert finished.returncode == 0, finished.stdout + finished.stderr
    spread = (time.monotonic() - started) * 1.1  # kills fall anywhere in a whole run
    for _ in range(KILLS):
        _kill_once(stage, tmp_path, operation, rng, spread)


def _run_args(stage, tmp_path: Path, operation: str) -> tuple:
    """One whole run, to time the operation (the kills fall within it)."""
    folder = tmp_path / "timing"
    stick = folder / "stick"
    stick.mkdir(parents=True)
    db = folder / "town.sqlite"
    if operation == "migration":
        shutil.copy(ROOT / "tests" / "fixtures" / "schema-5.sqlite", db)
        return (db, "registrants", "search", "佐藤")
    shutil.copy(stage["town"], db)
    return (db, *_operations(stage, stick, db)[operation])
