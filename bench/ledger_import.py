"""Import of a 100,000-row ledger (the app's template, CSV UTF-8 with BOM) into a fresh file.

    python -m bench.ledger_import [ROWS]

Times reading the file, the dry run, and the commit (one transaction, one audit row; it reuses the
dry run's row checks and looks at the register again), and checks that every row arrived. The
goal: read + dry run + commit under 10 s for 100,000 rows on a 2-core office PC. CPU seconds of
each step are printed too (worker processes included), as wall time on a shared machine varies
with its load. A file this large is checked by worker processes on every core.
"""

from __future__ import annotations

import csv
import os
import platform
import random
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from desktop_app.domain.ledger_columns import TEMPLATE_HEADERS
from desktop_app.services.ledger_import import (
    commit_import,
    initial_mapping,
    plan_import,
    read_ledger,
)
from desktop_app.services.office_setup import set_up_office
from desktop_app.store.database import Database

ROWS = 100_000
GOAL_SECONDS = 10.0
FAMILY = [("佐藤", "サトウ"), ("鈴木", "スズキ"), ("髙橋", "タカハシ"), ("田中", "タナカ"),
          ("渡邊", "ワタナベ"), ("伊藤", "イトウ"), ("山本", "ヤマモト"), ("中村", "ナカムラ"),
          ("小林", "コバヤシ"), ("加藤", "カトウ"), ("𠮷田", "ヨシダ"), ("山﨑", "ヤマザキ"),
          ("佐々木", "ササキ"), ("阿部", "アベ"), ("及川", "オイカワ"), ("熊谷", "クマガイ")]
GIVEN = [("花子", "ハナコ"), ("太郎", "タロウ"), ("恵子", "ケイコ"), ("蓮", "レン"),
         ("結衣", "ユイ"), ("翔太", "ショウタ"), ("由美", "ユミ"), ("大輔", "ダイスケ"),
         ("美咲", "ミサキ"), ("健", "ケン"), ("陽翔", "ハルト"), ("𩸽子", "ホッケコ")]
PLACES = [("980-0811", "宮城県仙台市青葉区一番町"), ("330-0063", "埼玉県さいたま市浦和区高砂"),
          ("530-0001", "大阪府大阪市北区梅田"), ("100-0001", "東京都千代田区千代田"),
          ("231-0023", "神奈川県横浜市中区山下町")]
BIRTH_FORMS = ("iso", "slash", "wareki", "era_letter")


def _birth_text(day: date, form: str) -> str:
    if form == "slash":
        return f"{day.year}/{day.month:02d}/{day.day:02d}"
    if form in ("wareki", "era_letter") and day >= date(1989, 1, 8):
        era, start = ("平成", "H"), 1988
    elif form in ("wareki", "era_letter"):
        era, start = ("昭和", "S"), 1925
    else:
        return day.isoformat()
    if form == "wareki":
        return f"{era[0]}{day.year - start}年{day.month}月{day.day}日"
    return f"{era[1]}{day.year - start}.{day.month}.{day.day}"


def write_ledger(path: Path, rows: int, seed: int = 7) -> None:
    """A believable ledger with no faults and no repeated person."""
    rng = random.Random(seed)
    seen: set[tuple[str, date]] = set()
    first_day, span = date(1940, 1, 1), (date(2005, 12, 31) - date(1940, 1, 1)).days
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(TEMPLATE_HEADERS)
        written = 0
        while written < rows:
            family, given = rng.choice(FAMILY), rng.choice(GIVEN)
            born = first_day + timedelta(days=rng.randrange(span))
            key = (family[1] + given[1], born)
            if key in seen or (family[1] + given[1], born) in seen:
                continue
            seen.add(key)
            postal, place = rng.choice(PLACES)
            furusato = rng.random() < 0.7
            writer.writerow([
                family[0], given[0], family[1], given[1],
                _birth_text(born, rng.choice(BIRTH_FORMS)), rng.choice(("女", "男", "")),
                postal, f"{place}{rng.randrange(1, 9)}-{rng.randrange(1, 30)}",
                f"090-{rng.randrange(10000):04d}-{rng.randrange(10000):04d}",
                f"user{written}@example.jp", "ふるさと住民" if furusato else "二地域居住者",
                "ベーシック" if furusato else "", "", "", "", "", "",
            ])
            written += 1


def run(rows: int = ROWS) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        folder_path = Path(folder)
        ledger = folder_path / "ledger.csv"
        write_ledger(ledger, rows)
        db = Database(folder_path / "bench.sqlite")
        try:
            session = set_up_office(db, municipality_code="042021", office_name="石巻市役所",
                                    admin_login="admin", admin_password="bench-pass-1")
            load_before = os.getloadavg()[0]
            wall, cpu = {}, {}

            def step(name: str, work):
                cpu_start, start = _cpu_seconds(), time.perf_counter()
                outcome = work()
                wall[name] = time.perf_counter() - start
                cpu[name] = _cpu_seconds() - cpu_start
                return outcome

            table = step("read", lambda: read_ledger(ledger))
            mapping, _source = initial_mapping(db, table)
            plan = step("dry_run", lambda: plan_import(db, table, mapping))
            result = step("commit", lambda: commit_import(session, table, mapping, checked=plan))
            stored = db.execute("SELECT count(*) FROM registrants").fetchone()[0]
        finally:
            db.close()
    assert not plan.problems and result.imported == stored == rows
    total, total_cpu = sum(wall.values()), sum(cpu.values())
    return {"rows": rows,
            **{f"{name}_s": round(seconds, 2) for name, seconds in wall.items()},
            **{f"{name}_cpu_s": round(seconds, 2) for name, seconds in cpu.items()},
            "total_s": round(total, 2), "total_cpu_s": round(total_cpu, 2),
            "rows_per_s": round(rows / total), "rows_per_cpu_s": round(rows / total_cpu),
            "goal_s": GOAL_SECONDS, "ok": total < GOAL_SECONDS,
            "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2),
            "machine": f"{_cpu_model()}, {os.cpu_count()} cores, {platform.machine()}, "
                       f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"}


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the dry run's worker processes)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main(argv: list[str]) -> int:
    result = run(int(argv[0]) if argv else ROWS)
    for key, value in result.items():
        print(f"{key}: {value}")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
