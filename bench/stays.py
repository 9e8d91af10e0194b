"""Trial stays and the house bank at town scale.

    python -m bench.stays [--no-record]

1. A facility calendar month with 10 years of bookings (5 facilities, back-to-back stays of
   1–5 nights, every status): the service query plus the Qt view's model reset and a full paint
   offscreen, for each of the 120 months. Goal: under 100 ms.
2. Matching 300 houses against 10,000 registrants' wishes: houses for one person, people for
   one house (each including loading from the file), and every house's ranked people at once.
   Goal: under 1 s.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from bench import machine
from desktop_app.domain.houses import HouseStatus
from desktop_app.domain.normalize import kana_key, name_key
from desktop_app.services import house_matching, stays
from desktop_app.services.office_setup import set_up_office
from desktop_app.services.session import Session
from desktop_app.store.database import Database

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
PEOPLE, HOUSES, FACILITIES, YEARS = 10_000, 300, 5, 10
FIRST_YEAR = 2016
DISTRICTS = ("北上", "雄勝", "河北", "河南", "桃生", "牡鹿", "中心部")
STATUSES = ("completed",) * 8 + ("cancelled", "no_show")
STAMP = "2026-01-01T00:00:00+00:00"


def _record(session: Session) -> tuple:
    return (str(uuid.uuid4()), 1, session.terminal, STAMP, session.clerk, STAMP, session.clerk)


RECORD_COLUMNS = ("uuid", "version", "terminal", "created_at", "created_by", "updated_at",
                  "updated_by")


def fill(session: Session, rng: random.Random) -> list[int]:
    db = session.db
    columns = ("card_code", "family_name", "given_name", "family_kana", "given_kana", "name_key",
               "kana_key", "birth_date", "kind", "status", "applied_on", *RECORD_COLUMNS)
    rows = [(f"B{i:09d}", "佐藤", f"{i}", "サトウ", "ハナコ", name_key(f"佐藤{i}"),
             kana_key("サトウハナコ"), "1980-01-01", "furusato", "registered", "2025-04-01",
             *_record(session)) for i in range(PEOPLE)]
    with db.transaction():
        db.registrants.insert_many(columns, rows)
        people = [row[0] for row in db.execute("SELECT id FROM registrants")]
        wishes = []
        for person in people:
            deal = rng.choice(("sale", "rent", "either"))
            wishes.append((person, ",".join(rng.sample(DISTRICTS, rng.randint(0, 2))), deal,
                           rng.choice((None, rng.randrange(500_000, 8_000_000, 100_000))),
                           rng.choice((None, rng.randrange(20_000, 90_000, 1000))),
                           rng.choice((None, 60.0, 80.0, 100.0)), rng.choice((None, 2, 3, 4)),
                           int(rng.random() < 0.2), *_record(session)))
        db.house_wishes.insert_many(
            ("registrant_id", "areas", "deal", "max_price_yen", "max_rent_yen", "min_floor_m2",
             "min_rooms", "needs_pets", *RECORD_COLUMNS), wishes)
        for number in range(HOUSES):
            deal = rng.choice(("sale", "rent", "both"))
            db.houses.insert({
                "listing_no": f"B-{number:04d}", "address": f"石巻市 {number}",
                "district": rng.choice(DISTRICTS), "deal": deal,
                "price_yen": rng.randrange(300_000, 9_000_000, 100_000),
                "rent_yen": rng.randrange(15_000, 100_000, 1000),
                "floor_m2": rng.uniform(40, 160), "layout": f"{rng.randint(1, 6)}LDK",
                "pets_allowed": int(rng.random() < 0.5), "consent_on": "2025-04-01",
                "status": rng.choice((HouseStatus.PUBLISHED.value, HouseStatus.NEGOTIATING.value)),
                **session.new_record()})
        facility_ids = [db.facilities.insert({"name": f"お試し住宅 {n + 1}", "capacity": 6,
                                              "max_nights": 14, **session.new_record()})
                        for n in range(FACILITIES)]
        booking_columns = ("facility_id", "registrant_id", "check_in", "check_out", "status",
                           *RECORD_COLUMNS)
        bookings = []
        for facility_id in facility_ids:
            day, end = date(FIRST_YEAR, 1, 1), date(FIRST_YEAR + YEARS, 1, 1)
            while day < end:
                stay = rng.randint(1, 5)
                bookings.append((facility_id, rng.choice(people), day.isoformat(),
                                 (day + timedelta(days=stay)).isoformat(), rng.choice(STATUSES),
                                 *_record(session)))
                day += timedelta(days=stay + rng.choice((0, 0, 1, 2)))
        db.connection.executemany(
            f"INSERT INTO bookings ({', '.join(booking_columns)}) VALUES"
            f" ({', '.join('?' for _ in booking_columns)})", bookings)
    return facility_ids


def calendar_figures(session: Session, facility_id: int) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.stay_calendar import StayCalendarView

    app = QApplication.instance() or QApplication([])
    view = StayCalendarView(session, today=date(FIRST_YEAR, 1, 1))
    view.resize(1000, 700)
    view.show()
    app.processEvents()
    service, full, full_cpu = [], [], []
    for index in range(YEARS * 12):
        year, month = FIRST_YEAR + index // 12, index % 12 + 1
        started = time.perf_counter()
        stays.calendar_month(session.db, facility_id, year, month)
        service.append(time.perf_counter() - started)
        started, cpu = time.perf_counter(), time.process_time()
        view.year, view.month = year, month
        view.render()
        view.grid.viewport().grab()  # a full paint of the grid, as the screen would get
        full.append(time.perf_counter() - started)
        full_cpu.append(time.process_time() - cpu)
    view.close()
    return {"service_median": statistics.median(service), "service_max": max(service),
            "view_median": statistics.median(full), "view_p95": _p95(full), "view_max": max(full),
            "view_cpu_median": statistics.median(full_cpu), "view_cpu_max": max(full_cpu)}


def _p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1]


def matching_figures(db: Database) -> dict:
    people = [row[0] for row in db.execute("SELECT registrant_id FROM house_wishes LIMIT 50")]
    house_ids = [row[0] for row in db.execute("SELECT id FROM houses")]
    one_person = []
    for person in people:
        started = time.perf_counter()
        house_matching.houses_for_registrant(db, str(person))
        one_person.append(time.perf_counter() - started)
    one_house, one_house_cpu = [], []
    for house_id in house_ids[:20]:
        started, cpu = time.perf_counter(), time.process_time()
        house_matching.people_for_house(db, house_id)
        one_house.append(time.perf_counter() - started)
        one_house_cpu.append(time.process_time() - cpu)
    started = time.perf_counter()
    everyone = house_matching.people_for_every_house(db, 50)
    everything = time.perf_counter() - started
    pairs = len(everyone) * len(house_matching.wishes(db))
    return {"person_p95": _p95(one_person), "house_median": statistics.median(one_house),
            "house_max": max(one_house), "all_pairs": everything,
            "house_cpu_median": statistics.median(one_house_cpu),
            "pairs": pairs}


def run() -> dict:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(Path(folder) / "stays.sqlite")
        session = set_up_office(db, municipality_code="042021", office_name="bench",
                                admin_login="admin", admin_password="bench-pass-1")
        started = time.perf_counter()
        facility_ids = fill(session, random.Random(7))
        built = time.perf_counter() - started
        counts = {"bookings": db.execute("SELECT count(*) FROM bookings").fetchone()[0]}
        figures = {"build": built, **counts, **calendar_figures(session, facility_ids[0]),
                   **matching_figures(db)}
        db.close()
    return figures


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def report(f: dict) -> str:
    info = machine.describe()
    tick = lambda value, goal: "✓" if value < goal else "✗"  # noqa: E731
    return "\n".join([
        f"## {datetime.now():%Y-%m-%d %H:%M} — trial stays and house matching — {info['cpu']}, "
        f"{info['cores']} cores, {info['ram_gb']} GB RAM",
        "",
        f"{info['os']}, Python {info['python']}, SQLite {info['sqlite']}; load before the run "
        f"{info['load_before']}. {f['bookings']:,} bookings over {YEARS} years in {FACILITIES} "
        f"facilities; {PEOPLE:,} registrants with wishes; {HOUSES} houses (built in "
        f"{f['build']:.1f} s).",
        "",
        "| measure | goal | result |",
        "|---|---|---|",
        f"| calendar month, service query (median / max of 120 months) | | "
        f"{_ms(f['service_median'])} / {_ms(f['service_max'])} |",
        f"| calendar month rendered: query + model + full paint (median / p95 / max) | 100 ms | "
        f"{_ms(f['view_median'])} / {_ms(f['view_p95'])} / {_ms(f['view_max'])} "
        f"{tick(f['view_max'], 0.1)} |",
        f"| the same, CPU time of this process (median / max) | 100 ms | "
        f"{_ms(f['view_cpu_median'])} / {_ms(f['view_cpu_max'])} {tick(f['view_cpu_max'], 0.1)} |",
        f"| houses for one registrant, from the file (p95 of 50) | 1 s | "
        f"{_ms(f['person_p95'])} {tick(f['person_p95'], 1)} |",
        f"| people for one house among 10,000 wishes, from the file (median / max of 20) | 1 s | "
        f"{_ms(f['house_median'])} / {_ms(f['house_max'])} {tick(f['house_max'], 1)} |",
        f"| the same, CPU time of this process (median) | 1 s | "
        f"{_ms(f['house_cpu_median'])} {tick(f['house_cpu_median'], 1)} |",
        f"| every house ranked against every wish ({f['pairs']:,} pairs) | 1 s | "
        f"{_ms(f['all_pairs'])} {tick(f['all_pairs'], 1)} |",
        "",
    ])


def main(argv: list[str]) -> int:
    text = report(run())
    print(text)
    if "--no-record" not in argv:
        with RESULTS.open("a", encoding="utf-8") as results:
            results.write("\n" + text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
