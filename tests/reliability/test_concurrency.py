"""Concurrency: three CLI processes on one file at once, one registering and two booking the
same house for the same weeks, for a few seconds (a minute with FUTASATO_CAMPAIGN=full). Never a
double booking or a duplicate registrant number; a loser gets a clear message, never a
traceback or "database is locked"."""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from datetime import date, timedelta
from itertools import pairwise

from tests.reliability.conftest import FULL, assert_file_sound, run_cli
from tests.return_helpers import make_town

SECONDS = 60 if FULL else 5
LIVE = ("provisional", "confirmed", "staying")


def _worker(town, make_args, outcomes: list, seed: int) -> None:
    rng = random.Random(seed)
    deadline = time.monotonic() + SECONDS
    n = 0
    while time.monotonic() < deadline:
        done = run_cli(town, *make_args(rng, n))
        outcomes.append(done)
        n += 1


def test_three_processes_never_double_book_or_number_twice(tmp_path):
    town = make_town(tmp_path / "town.sqlite", people=10)
    with sqlite3.connect(town) as connection:
        facility = connection.execute("SELECT id FROM facilities").fetchone()[0]
        people = [row[0] for row in connection.execute(
            "SELECT registrant_no FROM registrants WHERE status = 'registered'")]
    first = date.today() + timedelta(days=30)

    def register(rng, n):
        return ["registrants", "add", "--family-name", "並行", "--family-kana", "ヘイコウ",
                "--given-name", f"{rng.getrandbits(20)}", "--birth-date",
                f"19{rng.randint(40, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                "--allow-duplicate"]

    def book(rng, n):
        start = first + timedelta(days=7 * rng.randint(0, 3))
        return ["bookings", "add", "--facility", str(facility), "--registrant",
                rng.choice(people), "--from", start.isoformat(),
                "--to", (start + timedelta(days=2)).isoformat()]

    outcomes: list = []
    threads = [threading.Thread(target=_worker, args=(town, make, outcomes, seed))
               for seed, make in enumerate((register, book, book))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert any(done.returncode == 0 for done in outcomes)
    for done in outcomes:
        said = done.stdout + done.stderr
        assert "Traceback" not in said and "database is locked" not in said, said
        if done.returncode != 0:
            assert done.stderr.strip(), "a refusal without a message"
    with sqlite3.connect(town) as connection:
        numbers = [row[0] for row in connection.execute(
            "SELECT registrant_no FROM registrants WHERE registrant_no IS NOT NULL")]
        stays = connection.execute(
            "SELECT facility_id, check_in, check_out FROM bookings WHERE status IN "
            f"({','.join('?' * len(LIVE))}) ORDER BY facility_id, check_in", LIVE).fetchall()
    assert stays, "no booking went through"
    assert any(done.returncode != 0 for done in outcomes), "no overlap was ever tried"
    assert len(numbers) == len(set(numbers)), "a registrant number given twice"
    for (f1, _, out1), (f2, in2, _) in pairwise(stays):
        assert f1 != f2 or in2 >= out1, "a double booking"
    assert_file_sound(town)
