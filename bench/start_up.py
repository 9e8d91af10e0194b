"""`python -m bench.start_up DB [DB ...]`: process start to first rows and peak memory, Futasato
beside a bare PySide6 window over the same file, run alternately so both see the same load.

    python -m bench.start_up bench/out/town.sqlite bench/out/stress.sqlite --runs 7

Prints a Markdown table of medians (and the range) per file. On a shared machine the absolute
times move with the load; the ratio to the bare window of the same runs moves much less.
Our modules are compiled to bytecode first, as an installed app has them: with
PYTHONDONTWRITEBYTECODE set and no cache, every start would compile them again.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILDREN = {"bare": "bench.bare_window", "futasato": "bench.first_rows"}
LIST_KEYS = ("last_row_s", "sort_kana_s", "sort_kana_desc_s")  # Futasato's list, after the start


def compile_ours() -> None:
    """Bytecode for our modules, as an installed app has it (see the module's docstring)."""
    compileall.compile_dir(ROOT / "desktop_app", quiet=1)


def run_child(module: str, path: Path) -> dict:
    """One start of `module` on `path`: its JSON line."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    spawned_at = time.time()
    done = subprocess.run([sys.executable, "-m", module, str(path), str(spawned_at)],
                          check=True, capture_output=True, text=True, env=env, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def compare(path: Path, runs: int = 5) -> dict:
    """Medians and ranges of first rows and peak memory, bare and ours, over `runs` pairs."""
    figures: dict[str, list[dict]] = {name: [] for name in CHILDREN}
    for module in CHILDREN.values():
        run_child(module, path)  # warm-up: the file and the libraries into the OS cache
    for _ in range(runs):
        for name, module in CHILDREN.items():
            figures[name].append(run_child(module, path))
    summary: dict = {"file": str(path), "rows": figures["futasato"][0]["rows"], "runs": runs,
                     "mode": figures["futasato"][0]["mode"], "load": round(os.getloadavg()[0], 2)}
    for name, results in figures.items():
        for key in ("first_rows_s", "first_rows_cpu_s", "rss_mb", *LIST_KEYS):
            values = [result[key] for result in results if key in result]
            if values:
                summary[f"{name}_{key}"] = statistics.median(values)
                summary[f"{name}_{key}_range"] = (min(values), max(values))
    summary["ratio"] = summary["futasato_first_rows_s"] / summary["bare_first_rows_s"]
    summary["cpu_ratio"] = summary["futasato_first_rows_cpu_s"] / summary["bare_first_rows_cpu_s"]
    return summary


def table(summaries: list[dict]) -> str:
    lines = ["| registrants | first rows: Futasato | bare window | ratio | CPU: Futasato"
             " | bare window | ratio | peak memory: Futasato | bare window"
             " | last row / sort by kana | load after |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for s in summaries:
        low, high = s["futasato_first_rows_s_range"]
        bare_low, bare_high = s["bare_first_rows_s_range"]
        lines.append(
            f"| {s['rows']:,} | {s['futasato_first_rows_s']:.3f} s ({low:.2f}–{high:.2f})"
            f" | {s['bare_first_rows_s']:.3f} s ({bare_low:.2f}–{bare_high:.2f})"
            f" | {s['ratio']:.2f}× | {s['futasato_first_rows_cpu_s']:.3f} s"
            f" | {s['bare_first_rows_cpu_s']:.3f} s | {s['cpu_ratio']:.2f}×"
            f" | {s['futasato_rss_mb']:.0f} MB | {s['bare_rss_mb']:.0f} MB"
            f" | {s['futasato_last_row_s'] * 1000:.0f} / {s['futasato_sort_kana_s'] * 1000:.0f} ms"
            f" | {s['load']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.start_up")
    parser.add_argument("databases", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--source", action="store_true",
                        help="no bytecode of ours: each start compiles it, as from a checkout"
                             " with PYTHONDONTWRITEBYTECODE")
    parser.add_argument("--json", action="store_true", help="print the summaries as JSON too")
    args = parser.parse_args(argv)
    if args.source:
        for cache in (ROOT / "desktop_app").rglob("__pycache__"):
            shutil.rmtree(cache)
    else:
        compile_ours()
    summaries = [compare(path.resolve(), args.runs) for path in args.databases]
    if args.json:
        print(json.dumps(summaries))
    print(table(summaries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
