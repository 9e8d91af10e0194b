"""Disk full and read-only: backup, printing, the ledger's export and the exchange packages
(a change set, the quarterly return) into a small tmpfs left with no room, and into a read-only
mount; and the database's own disk full, when it is opened and while it is open, under an import
and a registration. A clear message naming the folder, a non-zero exit without a traceback, the
database intact, and no half-written file under its final name. Needs root to mount; skips
cleanly otherwise."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from desktop_app.services.sign_in import sign_in
from desktop_app.store.database import Database
from tests.conftest import ADMIN_PASSWORD
from tests.ledger_helpers import template_row, write_template_csv
from tests.reliability.conftest import assert_file_sound, run_cli
from tests.return_helpers import make_town
from tests.sync_helpers import paired_counters


def _mount(folder: Path, options: str) -> None:
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small filesystem here (needs root)")


def _fill(folder: Path) -> Path:
    filler = folder / "filler"
    subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=4k", "count=100000"],
                   capture_output=True)  # until the filesystem is full
    return filler


@pytest.fixture
def full_stick(tmp_path):
    stick = tmp_path / "stick"
    _mount(stick, "size=2m")
    _fill(stick)
    yield stick
    subprocess.run(["umount", "-l", str(stick)], capture_output=True)


@pytest.fixture
def read_only_stick(tmp_path):
    stick = tmp_path / "stick"
    _mount(stick, "size=1m,ro")
    yield stick
    subprocess.run(["umount", "-l", str(stick)], capture_output=True)


@pytest.fixture(scope="module")
def town(tmp_path_factory):
    """A town (its 2025Q1 over, to export) paired with a counter, so it has changes to send."""
    folder = tmp_path_factory.mktemp("disk")
    town = make_town(folder / "town.sqlite", people=60)
    db = Database(town)
    try:
        paired_counters(sign_in(db, "admin", ADMIN_PASSWORD), ADMIN_PASSWORD, folder)[1].db.close()
    finally:
        db.close()
    return town


def _writes(stick: Path) -> dict[str, tuple]:
    return {"backup": ("backup", "--out", str(stick / "backup.sqlite")),
            "labels": ("print", "labels", "--status", "登録", "--out", str(stick / "l.pdf")),
            "ledger export": ("registrants", "export", "--out", str(stick / "ledger.csv")),
            "sync export": ("sync", "export", "--to", "1", "--out", str(stick)),
            "return export": ("return", "export", "--quarter", "2025Q1", "--out", str(stick))}


def _contents(db: Path) -> dict[str, list]:
    """Every table but the audit trail (a refusal may be audited) and its head."""
    with sqlite3.connect(db) as connection:
        names = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'audit'")]
        rows = {name: sorted(map(repr, connection.execute(f"SELECT * FROM {name}")))
                for name in names}
    rows["settings"] = [row for row in rows["settings"] if "'audit.head'" not in row]
    return rows


def _assert_clear_refusal(done, folder: Path) -> None:
    said = done.stdout + done.stderr
    assert done.returncode == 3, said
    assert "Traceback" not in said and "unexpected error" not in said, said
    assert str(folder) in said, f"the message does not name the folder: {said}"
    assert "No space left" not in said and "Read-only file system" not in said, (
        f"the OS's own English, not the app's message: {said}")


@pytest.mark.parametrize("what", ["backup", "labels", "ledger export", "sync export",
                                  "return export"])
@pytest.mark.parametrize("stick_kind", ["full_stick", "read_only_stick"])
def test_no_room_or_no_write_gives_a_clear_refusal(town, what, stick_kind, request):
    stick = request.getfixturevalue(stick_kind)
    before = {path.name for path in stick.iterdir()}
    kept = _contents(town)
    done = run_cli(town, *_writes(stick)[what])
    _assert_clear_refusal(done, stick)
    assert {path.name for path in stick.iterdir()} == before, "a file left behind"
    if what == "return export":  # signed off, then re-opened at once with the reason
        with sqlite3.connect(town) as connection:
            states = [row[0] for row in connection.execute(
                "SELECT state FROM quarter_returns ORDER BY version")]
            assert not connection.execute("SELECT count(*) FROM export_register").fetchone()[0]
        assert states[-1] == "reopened", states
    else:
        assert _contents(town) == kept, "the database changed"
    assert_file_sound(town)


@pytest.fixture
def ledger(tmp_path):
    rows = [template_row(電話番号=f"090-5555-{n:04d}", 生年月日=f"19{50 + n % 40}-04-01")
            for n in range(400)]
    return write_template_csv(tmp_path / "ledger.csv", rows)


def _database_writes(ledger: Path) -> dict[str, tuple]:
    return {"ledger import": ("registrants", "import", str(ledger)),
            "registration": ("registrants", "add", "--family-name", "満杯", "--family-kana",
                             "マンパイ", "--given-name", "一郎", "--birth-date", "1970-01-01",
                             "--allow-duplicate")}


@pytest.mark.parametrize("what", ["ledger import", "registration"])
@pytest.mark.parametrize("when", ["on opening", "while open"])
def test_the_databases_own_disk_full_gives_a_clear_refusal_and_loses_nothing(
        town, ledger, tmp_path, what, when):
    """`on opening`: the file is opened on a full disk (SQLite cannot even map its -shm);
    `while open`: another window holds it open (its -wal and -shm exist) as the disk fills."""
    disk = tmp_path / "disk"
    _mount(disk, "size=4m")
    try:
        db = disk / "town.sqlite"
        shutil.copy(town, db)
        kept = _contents(db)
        holder = sqlite3.connect(db)
        try:
            if when == "while open":
                holder.execute("SELECT count(*) FROM registrants").fetchone()
            else:
                holder.close()
            filler = _fill(disk)
            done = run_cli(db, *_database_writes(ledger)[what])
        finally:
            holder.close()
        _assert_clear_refusal(done, disk)
        filler.unlink()  # room again: the file is as it was, and opens as usual
        assert _contents(db) == kept, "the database changed"
        assert_file_sound(db)
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)
