"""What applying another counter's changes costs: ROWS registrants registered on one counter,
then each changed (a phone number), applied on a second counter in one call.

    python -m bench.sync_apply [ROWS]

Two files of one town (the second a copy given its own terminal, as joining does); the people
are a bulk load on the first (their inserts logged in one statement), the changes one UPDATE
each. CPU seconds of this process for `apply_changes` (services/sync_apply.py) on the second.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import COLUMNS, bench_office, synthetic_people
from desktop_app.domain.roles import Role
from desktop_app.services.session import Session
from desktop_app.services.sync_apply import apply_changes
from desktop_app.store.database import Database

ROWS = 10_000


def _second_counter(db: Database, path: Path) -> Session:
    db.backup_to(path)
    second = Database(path)
    with second.transaction():
        second.execute("UPDATE change_sequences SET local = 0 WHERE local = 1")
        second.execute("UPDATE office SET terminal_id = 'branch-1', counter = 1")
        second.execute("INSERT INTO change_sequences (terminal, last, local)"
                       " VALUES ('branch-1', 0, 1)")
    return Session(second, clerk="admin", role=Role.ADMIN)


def main(rows: int = ROWS) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(Path(folder) / "main.sqlite")
        admin = bench_office(db)
        branch = _second_counter(db, Path(folder) / "branch.sqlite")
        people = synthetic_people(admin, rows)
        db.registrants.insert_many(COLUMNS, people)
        with db.transaction():
            db.execute("UPDATE registrants SET phone = '0225-00-0000', version = version + 1")
        start = time.process_time()
        changes = list(db.changes.since(admin.terminal, 0))
        read = time.process_time() - start
        start = time.process_time()
        result = apply_changes(branch, changes)
        applied = time.process_time() - start
        branch.db.close()
        db.close()
    print(f"{len(changes):,} changes ({rows:,} registrants registered, then changed): read in "
          f"{read:.2f} s CPU, applied on the other counter in {applied:.2f} s CPU "
          f"({result.applied:,} applied, {len(result.flags):,} flags)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else ROWS)
