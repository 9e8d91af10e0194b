"""Disk full and read-only: backup, printing, the ledger's export and the exchange packages
(a change set, the quarterly return) into a small tmpfs left with no room, and into a read-only
mount. A clear message naming the folder, a non-zero exit without a traceback, the
database intact, and no half-written file under its final name. Needs root to mount; skips
cleanly otherwise."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from desktop_app.services.sign_in import sign_in
from desktop_app.store.database import Database
from tests.conftest import ADMIN_PASSWORD
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
