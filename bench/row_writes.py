"""Writing registrant rows: plain `executemany` against sqlite-utils, in one transaction.

    python -m bench.row_writes [ROWS]

Why store/bulk.py and the ledger import keep `executemany` while the row helpers
(store/rows.py) go through sqlite-utils: the bulk path is timed both ways on the real schema
(every index and CHECK in place), and a single-row insert and update both ways. Each run is
rolled back, so every one starts from the same empty register.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import COLUMNS, bench_office, synthetic_people
from desktop_app.store.database import Database
from desktop_app.store.rows import insert_row, update_row

ROWS = 100_000
SINGLE = 2_000


def _timed(db: Database, work) -> float:
    start = time.perf_counter()
    try:
        with db.transaction():
            work()
            raise KeyboardInterrupt  # roll back: the next run starts from the same file
    except KeyboardInterrupt:
        pass
    return time.perf_counter() - start


def main(rows: int = ROWS) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(Path(folder) / "bench.sqlite")
        admin = bench_office(db)
        people = synthetic_people(admin, rows)
        columns = COLUMNS
        records = [dict(zip(columns, row, strict=True)) for row in people]
        table = db.tables["registrants"]
        plain = _timed(db, lambda: db.registrants.insert_many(columns, people))
        utils = _timed(db, lambda: table.insert_all(records, batch_size=1000))
        print(f"{rows:,} registrants in one transaction: executemany {plain:.2f} s, "
              f"sqlite-utils insert_all {utils:.2f} s ({utils / plain:.1f}×)")

        few = records[:SINGLE]

        def one_by_one(insert) -> None:
            for person in few:
                insert(person)

        plain = _timed(db, lambda: one_by_one(lambda person: db.execute(
            f"INSERT INTO registrants ({', '.join(person)})"
            f" VALUES ({', '.join('?' for _ in person)})", tuple(person.values()))))
        utils = _timed(db, lambda: one_by_one(lambda person: insert_row(db, "registrants",
                                                                        person)))
        print(f"one registrant inserted: plain {plain / SINGLE * 1e6:.0f} µs, "
              f"insert_row (sqlite-utils) {utils / SINGLE * 1e6:.0f} µs")
        with db.transaction():
            db.registrants.insert_many(columns, people[:SINGLE])

        def changes(update) -> None:
            for number in range(1, SINGLE + 1):
                update(number)

        plain = _timed(db, lambda: changes(lambda number: db.execute(
            "UPDATE registrants SET status_reason = ?, version = version + 1 WHERE id = ?",
            ("x", number))))
        utils = _timed(db, lambda: changes(lambda number: update_row(
            db, "registrants", number, {"status_reason": "x"})))
        print(f"one registrant changed: plain {plain / SINGLE * 1e6:.0f} µs, "
              f"update_row (sqlite-utils) {utils / SINGLE * 1e6:.0f} µs")
        db.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else ROWS)
