"""Disk full and read-only: backup and printing into a small tmpfs left with almost no room,
and into a read-only mount. A clear message naming the folder, a non-zero exit without a
traceback, the database intact, and no half-written file under its final name. Needs root to
mount; skips cleanly otherwise."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.reliability.conftest import assert_file_sound, run_cli
from tests.return_helpers import make_town


def _mount(folder: Path, options: str) -> None:
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small filesystem here (needs root)")


@pytest.fixture
def full_stick(tmp_path):
    stick = tmp_path / "stick"
    _mount(stick, "size=2m")
    filler = stick / "filler"
    subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=4k", "count=1000"],
                   capture_output=True)  # until the filesystem is full
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
    return make_town(tmp_path_factory.mktemp("disk") / "town.sqlite", people=60)


def _writes(stick: Path) -> dict[str, tuple]:
    return {"backup": ("backup", "--out", str(stick / "backup.sqlite")),
            "labels": ("print", "labels", "--status", "登録", "--out", str(stick / "l.pdf")),
            "ledger export": ("registrants", "export", "--out", str(stick / "ledger.csv"))}


@pytest.mark.parametrize("what", ["backup", "labels", "ledger export"])
@pytest.mark.parametrize("stick_kind", ["full_stick", "read_only_stick"])
def test_no_room_or_no_write_gives_a_clear_refusal(town, what, stick_kind, request):
    stick = request.getfixturevalue(stick_kind)
    before = {path.name for path in stick.iterdir()}
    done = run_cli(town, *_writes(stick)[what])
    said = done.stdout + done.stderr
    assert done.returncode != 0, said
    assert "Traceback" not in said, said
    assert str(stick) in said, f"the message does not name the folder: {said}"
    assert {path.name for path in stick.iterdir()} == before, "a file left behind"
    assert_file_sound(town)
