"""Power cut: a registration the CLI has reported committed survives SIGKILL of its whole process
group the moment the report appears, read back by a fresh process; the file is opened in WAL
with synchronous=FULL so the commit is on disk before the report."""

from __future__ import annotations

import os
import signal
import sqlite3

from desktop_app.store.database import Database
from tests.reliability.conftest import FULL, assert_file_sound, start_cli
from tests.return_helpers import make_town

CUTS = 40 if FULL else 3


def test_the_file_is_opened_in_wal_with_full_sync(tmp_path):
    db = Database(tmp_path / "f.sqlite")
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    finally:
        db.close()


def test_a_reported_registration_survives_a_kill_of_the_process_group(tmp_path):
    town = make_town(tmp_path / "town.sqlite", people=5)
    reported = []
    for n in range(CUTS):
        process = start_cli(town, "--json", "registrants", "add", "--family-name", "停電",
                            "--family-kana", "テイデン", "--given-name", f"一郎{n}",
                            "--given-kana", "イチロウ", "--birth-date", f"1970-01-{n % 28 + 1:02d}",
                            "--allow-duplicate", "--json")
        line = process.stdout.readline()  # the report: the commit is done
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        if line.strip():
            reported.append(n)
    assert reported, "no registration was ever reported"
    with sqlite3.connect(town) as fresh:  # a new process's view of the file
        names = {row[0] for row in fresh.execute(
            "SELECT given_name FROM registrants WHERE family_name = '停電'")}
    assert {f"一郎{n}" for n in reported} <= names
    assert_file_sound(town)
