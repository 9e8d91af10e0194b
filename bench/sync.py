"""Sync between counters: the first invitation of a town, and change sets of many records.

    python -m bench.sync [PEOPLE]

A main office with PEOPLE registrants (bulk-loaded, as the demo town is) invites a branch,
which joins; then every registrant's phone is changed in one write at the main office, the
change set exported to the branch and imported there. Wall seconds of each step (the targets:
the invitation ≤ 10 s for 10,000 people, export and import ≤ 5 s each for 10,000 records).
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from desktop_app.domain.sample_data import (
    BOOKKEEPING_COLUMNS,
    REGISTRANT_COLUMNS,
    PostalArea,
    SampleRegister,
)
from desktop_app.services.office_setup import set_up_office
from desktop_app.services.sign_in import sign_in
from desktop_app.services.sync_pairing import invite, join
from desktop_app.services.sync_transfer import export_changes, import_package
from desktop_app.store.database import Database
from desktop_app.store.postal_sample import sample_postal_rows

PEOPLE = 10_000
PASSWORD = "bench-pass-1"


def _timed(work):
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def main(people: int = PEOPLE) -> None:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        db = Database(folder / "main.sqlite")
        admin = set_up_office(db, municipality_code="042021", office_name="bench",
                              admin_login="admin", admin_password=PASSWORD)
        record = admin.new_record()
        addresses = [PostalArea.from_row(row) for row in sample_postal_rows(1, 4000)]
        sample = SampleRegister(seed=1, today=date(2026, 12, 1), addresses=addresses,
                                town_areas=[], clerk="admin")
        rows = [row for batch, _ in sample.registrant_batches(
            people, 1, 20_000, tuple(record[c] for c in BOOKKEEPING_COLUMNS[1:]))
            for row in batch]
        db.registrants.insert_many(REGISTRANT_COLUMNS + BOOKKEEPING_COLUMNS, rows)
        admin = sign_in(db, "admin", PASSWORD)
        invited, invite_s = _timed(lambda: invite(admin, PASSWORD, folder))
        joined, join_s = _timed(lambda: join(folder / "branch.sqlite", invited.path,
                                             invited.secret, 1, "admin", PASSWORD, folder))
        import_package(admin, joined.reply)
        with admin.write("bench.phones", "registrant"):
            db.execute("UPDATE registrants SET phone = '0225-11-' || printf('%04d', id % 10000),"
                       " version = version + 1")
        exported, export_s = _timed(lambda: export_changes(admin, PASSWORD, "1", folder))
        size = invited.path.stat().st_size
        db.close()
        branch = Database(folder / "branch.sqlite")
        clerk = sign_in(branch, "admin", PASSWORD)
        imported, import_s = _timed(lambda: import_package(clerk, exported.path))
        branch.close()
    print(f"invitation of {people:,} people: {invite_s:.2f} s ({size / 1e6:.1f} MB), "
          f"join {join_s:.2f} s")
    print(f"{exported.changes:,} changed records: export {export_s:.2f} s, import "
          f"{import_s:.2f} s (applied {imported.applied:,}, held {imported.held}, "
          f"conflicts {imported.conflicts})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else PEOPLE)
