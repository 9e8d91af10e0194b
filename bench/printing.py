"""1,000 resident cards, 10-up on A4 with backs, through the printing service, to one PDF.

    python -m bench.printing [CARDS] [--no-record]

Registered people are written straight into a fresh file, then `print_cards` reads them, signs a
QR payload for each, and draws fronts and mirrored backs. Goals: under 10 s and under 3 MB. The
first run in a process includes loading the fonts (IPAmj明朝 is 46 MB when installed); the second
shows the steady cost.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from bench import machine
from desktop_app.domain.normalize import kana_key, name_key
from desktop_app.domain.roles import Role
from desktop_app.services.office_setup import set_up_office
from desktop_app.services.printing import print_cards
from desktop_app.services.registration import new_card_code
from desktop_app.services.session import Session
from desktop_app.store.database import Database

CARDS = 1_000
GOAL_SECONDS, GOAL_MB = 10.0, 3.0
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
FAMILY = [("佐藤", "サトウ"), ("髙橋", "タカハシ"), ("𠮷田", "ヨシダ"), ("渡邊", "ワタナベ"),
          ("山﨑", "ヤマザキ"), ("齋藤", "サイトウ"), ("及川", "オイカワ"), ("熊谷", "クマガイ")]
GIVEN = [("花子", "ハナコ"), ("太郎", "タロウ"), ("𩸽子", "ホッケコ"), ("蓮", "レン"),
         ("結衣", "ユイ"), ("翔太", "ショウタ"), ("美咲", "ミサキ")]


def fill(db: Database, session: Session, count: int) -> None:
    columns = ("registrant_no", "card_code", "family_name", "given_name", "family_kana",
               "given_kana", "name_key", "kana_key", "birth_date", "kind", "tier", "status",
               "applied_on", "registered_on", "valid_until", "uuid", "version", "terminal",
               "created_at", "created_by", "updated_at", "updated_by")
    rows = []
    for index in range(count):
        family, family_kana = FAMILY[index % len(FAMILY)]
        given, given_kana = GIVEN[index % len(GIVEN)]
        kind = "dual" if index % 3 == 0 else "furusato"
        record = session.new_record()
        rows.append((f"R7-{index + 1:06d}", new_card_code(), family, given, family_kana,
                     given_kana, name_key(family + given), kana_key(family_kana + given_kana),
                     f"19{50 + index % 50}-05-0{1 + index % 9}", kind,
                     None if kind == "dual" else "basic", "registered", "2025-04-01",
                     "2025-04-01", "2026-03-31", *record.values()))
    with db.transaction():
        db.registrants.insert_many(columns, rows)


def run(count: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(Path(folder) / "bench.sqlite")
        admin = set_up_office(db, municipality_code="042021", office_name="石巻市役所",
                              admin_login="admin", admin_password="bench-pass-123")
        clerk = Session(db, clerk="admin", role=Role.ADMIN, terminal=admin.terminal)
        fill(db, clerk, count)
        figures = {}
        for label in ("cold", "warm"):
            started, cpu = time.perf_counter(), time.process_time()
            pdf = print_cards(clerk, statuses=("registered",), sheet="a4-10up")
            figures[f"{label}_s"] = time.perf_counter() - started
            figures[f"{label}_cpu_s"] = time.process_time() - cpu
            figures[f"{label}_mb"] = len(pdf) / 2**20
        (Path(folder) / "cards.pdf").write_bytes(pdf)
        db.close()
    return figures


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv and argv[0].isdigit() else CARDS
    about = machine.describe()
    figures = run(count)
    lines = []
    for label in ("cold", "warm"):
        seconds, cpu, size = (figures[f"{label}_s"], figures[f"{label}_cpu_s"],
                              figures[f"{label}_mb"])
        lines.append(f"| {count:,} cards 10-up with backs ({label}) | {seconds:.2f} s "
                     f"{'✓' if seconds <= GOAL_SECONDS else '✗'} | {cpu:.2f} s | "
                     f"{size:.2f} MB {'✓' if size <= GOAL_MB else '✗'} |")
    text = "\n".join(["| printing | wall time (goal 10 s) | CPU time | PDF size (goal 3 MB) |",
                      "|---|---|---|---|", *lines])
    print(text)
    if "--no-record" not in argv:
        heading = (f"\n## {datetime.now():%Y-%m-%d %H:%M} — printing — {about['cpu']}, "
                   f"{about['cores']} cores, {about['ram_gb']} GB RAM\n\n{about['os']}, "
                   f"Python {about['python']}; load before the run {about['load_before']}; "
                   f"cards valid until {date(2026, 3, 31)}.\n\n")
        if not RESULTS.exists():
            RESULTS.write_text("# Benchmark results\n\nAppended by `python -m bench`; newest "
                               "last.\n", encoding="utf-8")
        with RESULTS.open("a", encoding="utf-8") as handle:
            handle.write(heading + text + "\n")
        print(f"appended to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
