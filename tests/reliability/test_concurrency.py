"""Concurrency: CLI processes on one file at once, one registering, two booking the same house
for the same weeks and two redeeming the same vouchers in the same order, for a few seconds (a
minute with FUTASATO_CAMPAIGN=full). Never a double booking, a double redemption or a duplicate
registrant number; a loser gets a clear message, never a traceback or "database is locked"."""

from __future__ import annotations

import json
import random
import sqlite3
import threading
import time
from datetime import date, timedelta
from itertools import pairwise

from tests.reliability.conftest import FULL, assert_file_sound, run_cli
from tests.return_helpers import make_town

SECONDS = 60 if FULL else 5
VOUCHERS = 400  # more than two redeemers get through in the full minute
LIVE = ("provisional", "confirmed", "staying")


def _worker(town, make_args, outcomes: list, seed: int) -> None:
    rng = random.Random(seed)
    deadline = time.monotonic() + SECONDS
    n = 0
    while time.monotonic() < deadline:
        args = make_args(rng, n)
        outcomes.append((args, run_cli(town, *args)))
        n += 1


def _issue_vouchers(town, first: date, facility: int, person: str) -> tuple[list[str], str]:
    """The vouchers both redeemers try, and a booking before the booked weeks to use them on."""
    issued = run_cli(town, "--json", "vouchers", "issue", "--count", str(VOUCHERS), "--value",
                     "2n", "--expires", (first + timedelta(days=365)).isoformat(), "--json")
    assert issued.returncode == 0, issued.stderr
    booked = run_cli(town, "bookings", "add", "--facility", str(facility), "--registrant",
                     person, "--from", (first - timedelta(days=20)).isoformat(),
                     "--to", (first - timedelta(days=18)).isoformat())
    assert booked.returncode == 0, booked.stderr
    return ([v["serial"] for v in json.loads(issued.stdout)["vouchers"]],
            booked.stdout.strip())


def test_processes_never_double_book_redeem_twice_or_number_twice(tmp_path):
    town = make_town(tmp_path / "town.sqlite", people=10)
    with sqlite3.connect(town) as connection:
        # One that takes the two-night stays below (the sample's 2nd wants three).
        facility = connection.execute(
            "SELECT id FROM facilities WHERE min_nights <= 2 ORDER BY id").fetchone()[0]
        people = [row[0] for row in connection.execute(
            "SELECT registrant_no FROM registrants WHERE status = 'registered'")]
    first = date.today() + timedelta(days=30)
    serials, redeemed_for = _issue_vouchers(town, first, facility, people[0])

    def register(rng, n):
        return ["registrants", "add", "--family-name", "並行", "--family-kana", "ヘイコウ",
                "--given-name", f"{rng.getrandbits(20)}", "--birth-date",
                f"19{rng.randint(40, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                "--allow-duplicate"]

    def book(rng, n):  # both bookers ask for the same weeks in the same order
        start = first + timedelta(days=7 * n)
        return ["bookings", "add", "--facility", str(facility), "--registrant",
                rng.choice(people), "--from", start.isoformat(),
                "--to", (start + timedelta(days=2)).isoformat()]

    def redeem(rng, n):  # both redeemers walk the same serials in the same order
        return ["vouchers", "redeem", serials[n], "--booking", redeemed_for]

    outcomes: list = []
    threads = [threading.Thread(target=_worker, args=(town, make, outcomes, seed))
               for seed, make in enumerate((register, book, book, redeem, redeem))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    for _, done in outcomes:
        said = done.stdout + done.stderr
        assert "Traceback" not in said and "database is locked" not in said, said
        if done.returncode != 0:
            assert done.stderr.strip(), "a refusal without a message"
    bookings = [done for args, done in outcomes if args[0] == "bookings"]
    assert any(done.returncode == 0 for done in bookings), "no booking went through"
    assert any("overlap" in done.stderr for done in bookings), "no overlap was ever tried"
    redeemed = [args[2] for args, done in outcomes if args[0] == "vouchers"
                and done.returncode == 0]
    refused = [done for args, done in outcomes if args[0] == "vouchers" and done.returncode]
    assert len(redeemed) == len(set(redeemed)), "a voucher reported used twice"
    assert refused, "no redemption ever collided"
    for done in refused:
        assert "already been used" in done.stderr, done.stderr
    with sqlite3.connect(town) as connection:
        numbers = [row[0] for row in connection.execute(
            "SELECT registrant_no FROM registrants WHERE registrant_no IS NOT NULL")]
        stays = connection.execute(
            "SELECT facility_id, check_in, check_out FROM bookings WHERE status IN "
            f"({','.join('?' * len(LIVE))}) ORDER BY facility_id, check_in", LIVE).fetchall()
        used = connection.execute("SELECT serial, booking_id FROM vouchers WHERE status = "
                                  "'redeemed' ORDER BY serial").fetchall()
        audited = [row[0] for row in connection.execute(
            "SELECT entity_id FROM audit WHERE action = 'voucher.redeem'")]
    assert sorted(redeemed) == [serial for serial, _ in used], "a redemption lost or unreported"
    assert {booking for _, booking in used} <= {int(redeemed_for)}
    assert sorted(audited) == sorted(redeemed), "a redemption audited twice or not at all"
    assert len(numbers) == len(set(numbers)), "a registrant number given twice"
    for (f1, _, out1), (f2, in2, _) in pairwise(stays):
        assert f1 != f2 or in2 >= out1, "a double booking"
    assert_file_sound(town)
