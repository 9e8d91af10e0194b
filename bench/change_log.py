"""What the change log costs a write: registrant rows written with and without it.

    python -m bench.change_log [ROWS]

The same file, the same rows: a bulk load (store/bulk.py, one statement logging its rows
afterwards), one registrant inserted and one changed (each through its table's trigger), first
with the change log as it ships, then with its triggers dropped. CPU seconds of this process,
the best of five runs, each rolled back: on a shared machine wall time follows its load.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import COLUMNS, bench_office, synthetic_people
from desktop_app.store.database import Database

ROWS = 10_000
SINGLE = 1_000
RUNS = 5


def _best(db: Database, work) -> float:
    times = []
    for _ in range(RUNS):
        start = time.process_time()
        try:
            with db.transaction():
                work()
                raise KeyboardInterrupt  # roll back: the next run starts from the same file
        except KeyboardInterrupt:
            pass
        times.append(time.process_time() - start)
    return min(times)


def _measure(db: Database, columns: tuple[str, ...], people: list[tuple]) -> dict[str, float]:
    few = people[:SINGLE]
    marks = ", ".join("?" for _ in columns)
    insert = f"INSERT INTO registrants ({', '.join(columns)}) VALUES ({marks})"

    def one_by_one() -> None:
        for person in few:
            db.execute(insert, person)

    def changed_one_by_one() -> None:
        db.registrants.insert_many(columns, few)
        for row_id in range(2, SINGLE + 2):
            db.execute("UPDATE registrants SET phone = '0225-00-0000', version = version + 1"
                       " WHERE id = ?", (row_id,))

    bulk = _best(db, lambda: db.registrants.insert_many(columns, people))
    single = _best(db, one_by_one)
    loaded = _best(db, lambda: db.registrants.insert_many(columns, few))
    changed = _best(db, changed_one_by_one) - loaded
    return {"bulk_s": bulk, "insert_us": single / SINGLE * 1e6,
            "update_us": changed / SINGLE * 1e6}


def main(rows: int = ROWS) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(Path(folder) / "bench.sqlite")
        admin = bench_office(db)
        people = synthetic_people(admin, rows)
        columns = COLUMNS
        logged = _measure(db, columns, people)
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"
                                  " AND name LIKE 'changes_%'").fetchall():
            db.execute(f"DROP TRIGGER {name}")
        plain = _measure(db, columns, people)
        db.close()
    print(f"{rows:,} registrants in one bulk load: {plain['bulk_s']:.2f} s CPU without the "
          f"change log, {logged['bulk_s']:.2f} s with it "
          f"(+{logged['bulk_s'] / plain['bulk_s'] - 1:.0%})")
    for key, what in (("insert_us", "one registrant inserted"),
                      ("update_us", "one registrant changed")):
        print(f"{what}: {plain[key]:.0f} µs CPU without, {logged[key]:.0f} µs with "
              f"(+{logged[key] / plain[key] - 1:.0%})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else ROWS)
