"""What the size-by-size benchmarks share: the command line, the timer, the report's heading
and table head, and appending the report to bench/RESULTS.md."""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds the call took, and what it returned."""
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def median_seconds(action: Callable[[], Any], runs: int) -> float:
    """The median of `runs` timings of the call."""
    return statistics.median(timed(action)[0] for _ in range(runs))


def register_pass_s(db, until: date, runs: int) -> float:
    """The floor of any one pass over the register: a count that reads a column of every row."""
    return median_seconds(lambda: db.execute(
        "SELECT count(*) FROM registrants WHERE applied_on <= ?",
        (until.isoformat(),)).fetchone(), runs)


def heading(title: str, about: dict, more: str = "") -> list[str]:
    """`## 2026-12-03 17:40 — title` and the line naming the machine (bench.machine)."""
    return [f"## {datetime.now():%Y-%m-%d %H:%M} — {title}", "",
            f"{about['cpu']}, {about['cores']} cores, {about['ram_gb']} GB RAM; {about['os']}, "
            f"Python {about['python']}, SQLite {about['sqlite']}; load before the run "
            f"{about['load_before']}.{' ' + more if more else ''}", ""]


def size_columns(results: list[dict]) -> list[str]:
    """A table's head with one column per register size measured."""
    return ["| measure | " + " | ".join(f"{r['registrants']:,}" for r in results) + " |",
            "|---|" + "---:|" * len(results)]


def size_arguments(prog: str, description: str | None, runs: int) -> argparse.ArgumentParser:
    """`--sizes 10000,1000000 --data DIR --runs N --record`, as every size-by-size bench takes."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--data", type=Path, default=None, help="folder for the bench files")
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--record", action="store_true", help="append to bench/RESULTS.md")
    return parser


def sizes(args: argparse.Namespace) -> list[int]:
    return [int(size) for size in args.sizes.split(",")]


def data_folder(args: argparse.Namespace) -> Path:
    """Where the demo databases of `bench.search` are built once per size."""
    return args.data or Path(tempfile.gettempdir())


def publish(text: str, record: bool) -> None:
    """Print the report; with `record`, append it to bench/RESULTS.md."""
    print(text)
    if record:
        with RESULTS.open("a", encoding="utf-8") as out:
            out.write("\n" + text + "\n")
