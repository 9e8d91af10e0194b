"""`python -m bench`: build the town and stress demo databases, time what matters, record it.

    python -m bench                  both scales
    python -m bench --only town      one scale (town: 10,000; stress: 1,000,000)
    python -m bench --rebuild        build the databases again even when they match
    python -m bench --no-record      print only; do not append to bench/RESULTS.md
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bench import machine
from bench import search as search_bench
from bench.build import demo_database
from bench.start_up import compare, compile_ours
from desktop_app.services.file_check import check_file
from desktop_app.store.database import Database

SCALES = {"town": 10_000, "stress": 1_000_000}
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
# (key, label, target in seconds or MB, unit)
MEASURES = (
    ("demo_s", "init + demo fill (futasato init, futasato demo)", 120.0, "s"),
    ("migrate_new_s", "create and migrate an empty file", None, "s"),
    ("open_s", "open an existing file (median of 5)", None, "s"),
    ("check_s", "futasato check (integrity, audit chain)", None, "s"),
    ("first_rows_s", "process start to first rows visible (median of 5)", 0.6, "s"),
    ("bare_first_rows_s", "the same for a bare PySide6 window over the file", None, "s"),
    ("last_row_s", "jump to the last row", 0.3, "s"),
    ("sort_kana_s", "sort by kana (from number order)", 0.3, "s"),
    ("sort_kana_desc_s", "sort by kana, descending", 0.3, "s"),
    ("rss_mb", "resident memory, peak", 200.0, "MB"),
    ("bare_rss_mb", "the same for the bare window", None, "MB"),
    ("search_median_s", "search box, median over every kind of key", 0.02, "s"),
    ("search_p95_s", "search box, p95", 0.05, "s"),
    ("duplicates_p95_s", "duplicate candidates on entry, p95", 0.1, "s"),
    ("list_filter_p95_s", "list text filter (count + first 100 rows), p95", None, "s"),
)


WINDOW_KEYS = ("first_rows_s", "last_row_s", "sort_kana_s", "sort_kana_desc_s", "rss_mb")


def _median_seconds(action, times: int = 5) -> float:
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        action()
        spent.append(time.perf_counter() - started)
    return statistics.median(spent)


def _open_and_close(path: Path) -> None:
    Database(path).close()


def _migrate_new() -> float:
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        Database(Path(folder) / "new.sqlite").close()
        return time.perf_counter() - started


def measure(name: str, registrants: int, rebuild: bool) -> dict:
    print(f"[{name}] preparing {registrants:,} registrants…", flush=True)
    path, made = demo_database(name, registrants, rebuild=rebuild)
    figures = {"scale": name, "registrants": registrants, "reused": made["reused"],
               "demo_s": made["init_seconds"] + made["demo_seconds"],
               "file_mb": round(path.stat().st_size / 2**20)}
    print(f"[{name}] opening and migrating…", flush=True)
    figures["migrate_new_s"] = _migrate_new()
    figures["open_s"] = _median_seconds(lambda: _open_and_close(path))
    print(f"[{name}] checking the file…", flush=True)
    started = time.perf_counter()
    report = check_file(path)
    figures["check_s"] = time.perf_counter() - started
    figures["sound"] = report["sound"]
    print(f"[{name}] main window, started alternately with a bare window…", flush=True)
    starts = compare(path)
    figures.update({key: starts[f"futasato_{key}"] for key in WINDOW_KEYS}, mode=starts["mode"],
                   bare_first_rows_s=starts["bare_first_rows_s"], bare_rss_mb=starts["bare_rss_mb"])
    figures.update(search_bench.figures(path))
    return figures


def _cell(value: object, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    return f"{value:.0f} {unit}"


def table(results: list[dict]) -> str:
    header = "| measure | target | " + " | ".join(
        f"{r['scale']} ({r['registrants']:,})" for r in results) + " |"
    lines = [header, "|---|---|" + "---|" * len(results)]
    for key, label, target, unit in MEASURES:
        cells = []
        for result in results:
            value = result.get(key)
            mark = "" if target is None or value is None else (" ✓" if value <= target else " ✗")
            cached = " (built earlier)" if key == "demo_s" and result["reused"] else ""
            cells.append(_cell(value, unit) + mark + cached)
        lines.append(f"| {label} | {_cell(target, unit) if target else ''} | "
                     + " | ".join(cells) + " |")
    lines.append("| file size | | " + " | ".join(f"{r['file_mb']} MB" for r in results) + " |")
    lines.append("| list measured through | | " + " | ".join(r["mode"] for r in results) + " |")
    return "\n".join(lines)


def record(text: str, about: dict) -> None:
    heading = (f"\n## {datetime.now():%Y-%m-%d %H:%M} — {about['cpu']}, {about['cores']} cores,"
               f" {about['ram_gb']} GB RAM\n\n{about['os']}, Python {about['python']},"
               f" SQLite {about['sqlite']}; load before the run {about['load_before']}.\n\n")
    if not RESULTS.exists():
        RESULTS.write_text("# Benchmark results\n\nAppended by `python -m bench`; newest last.\n",
                           encoding="utf-8")
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write(heading + text + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--only", choices=sorted(SCALES))
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args(argv)
    about = machine.describe()
    compile_ours()
    scales = {args.only: SCALES[args.only]} if args.only else SCALES
    results = [measure(name, size, args.rebuild) for name, size in scales.items()]
    text = table(results)
    print(text)
    if not args.no_record:
        record(text, about)
        print(f"appended to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
