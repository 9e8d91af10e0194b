"""ホーム's figures at town and stress scale, beside bare SQLite doing the same counts.

    python -m bench.home_figures [--sizes 10000,1000000] [--data DIR] [--runs 5] [--record]

The files are the demo databases of `bench.search` (built once per size in DIR). Each run times
`compute_home` (what the page's worker job does) and, on a plain sqlite3 connection to the same
file, the same counts written as simply as SQLite allows: people by kind, tier and status,
registrations within the 12 months, live registrations running out within 30 days, the 12
months' bookings and vouchers, houses by status, follow-ups due. Targets: 200 ms at 10,000,
1 s at 1,000,000 (issue 15).
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from bench import machine, results
from bench.search import database_of
from desktop_app.services.home_figures import compute_home, months_until
from desktop_app.store.database import Database

TARGETS = {10_000: 0.2, 1_000_000: 1.0}


def bare_counts(path: Path, today: date) -> list:
    """The same figures as few plain statements, on a connection of SQLite's own."""
    months = months_until(today)
    start, end = months[0].start.isoformat(), months[-1].end.isoformat()
    soon = date.fromordinal(today.toordinal() + 30).isoformat()
    connection = sqlite3.connect(path)
    try:
        return [connection.execute(sql, params).fetchall() for sql, params in (
            ("SELECT kind, tier, status, count(*) FROM registrants GROUP BY 1, 2, 3", ()),
            ("SELECT substr(registered_on, 1, 7), kind, tier, count(*) FROM registrants"
             " WHERE registered_on BETWEEN ? AND ? GROUP BY 1, 2, 3", (start, end)),
            ("SELECT count(*) FROM registrants WHERE status IN ('registered', 'renewed')"
             " AND valid_until BETWEEN ? AND ?", (today.isoformat(), soon)),
            ("SELECT facility_id, substr(check_in, 1, 7), count(*), sum(julianday(check_out)"
             " - julianday(check_in)) FROM bookings WHERE check_in BETWEEN ? AND ?"
             " GROUP BY 1, 2", (start, end)),
            ("SELECT count(*) FROM vouchers", ()),
            ("SELECT status, count(*) FROM houses GROUP BY status", ()),
            ("SELECT count(*) FROM consultations WHERE follow_up_on <= ?"
             " AND follow_up_done_on IS NULL", (today.isoformat(),)),
            ("SELECT max(at) FROM audit WHERE action IN ('backup.create', 'backup.automatic')",
             ()),
        )]
    finally:
        connection.close()


def measure(path: Path, runs: int) -> dict:
    today = date.today()
    db = Database(path)  # opening makes any missing index (registrants_registered) first
    try:
        total = db.registrants.count()
        first, _home = results.timed(lambda: compute_home(db, today=today))
        home = results.median_seconds(lambda: compute_home(db, today=today), runs)
        bare = results.median_seconds(lambda: bare_counts(path, today), runs)
        figures = compute_home(db, today=today)
    finally:
        db.close()
    return {"registrants": total, "first_s": first, "home_s": home, "bare_s": bare,
            "target_s": TARGETS.get(total), "waiting": figures.applications_waiting,
            "expiring": figures.expiring, "on_register": sum(figures.on_register.values())}


def report(measured: list[dict], about: dict) -> str:
    lines = [*results.heading("ホーム figures (bench.home_figures)", about),
             *results.size_columns(measured)]

    def seconds(result: dict, key: str) -> str:
        value = result[key]
        mark = ""
        if key == "home_s" and result["target_s"]:
            mark = " ✓" if value <= result["target_s"] else " ✗"
        return f"{value * 1000:.0f} ms{mark}"

    for label, key in (("compute_home, first run after opening", "first_s"),
                       ("compute_home (median; target 200 ms / 1 s)", "home_s"),
                       ("bare sqlite3, the same counts (median)", "bare_s")):
        lines.append(f"| {label} | " + " | ".join(seconds(r, key) for r in measured) + " |")
    for label, key in (("on the register (登録・更新)", "on_register"),
                       ("applications waiting", "waiting"), ("expiring within 30 days",
                                                             "expiring")):
        lines.append(f"| {label} | " + " | ".join(f"{r[key]:,}" for r in measured) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = results.size_arguments("python -m bench.home_figures", __doc__, runs=5).parse_args(argv)
    about = machine.describe()
    measured = [measure(database_of(size, results.data_folder(args)), args.runs)
                for size in results.sizes(args)]
    results.publish(report(measured, about), args.record)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
