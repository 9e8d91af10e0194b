"""Sample data: an empty register filled with believable people, houses, facilities and bookings.

Deterministic per seed (and day): the same seed gives the same rows, UUIDs included. One
transaction and one audit row for the whole fill; cancelling rolls everything back.
"""

from __future__ import annotations

import contextlib
import os
from datetime import date
from pathlib import Path

from desktop_app.domain.application import Application
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.progress import NEVER_CANCELLED, CancelFlag, Progress, no_progress
from desktop_app.domain.roles import Permission, Role
from desktop_app.domain.sample_data import (
    BOOKKEEPING_COLUMNS,
    HOUSE_LISTING_SERIES,
    INVOLVEMENT_COLUMNS,
    REGISTRANT_COLUMNS,
    PostalArea,
    SampleRegister,
)
from desktop_app.domain.sample_emergency import (
    CONTACT_SHARE,
    EVENT_NAMES,
    HELPER_SHARE,
    emergency_contact,
)
from desktop_app.domain.text import N_, Count, Nn_
from desktop_app.services.accounts import create_clerk
from desktop_app.services.addresses import look_up_postal_code
from desktop_app.services.demo_accounts import (
    DEMO_ACCOUNTS,
    DEMO_ADMIN_LOGIN,
    DEMO_ADMIN_PASSWORD,
    DEMO_OFFICE_NAME,
)
from desktop_app.services.demo_rows import batches_from_child
from desktop_app.services.municipalities import look_up
from desktop_app.services.office_setup import set_up_office
from desktop_app.services.registration import register
from desktop_app.services.session import Session
from desktop_app.store.bulk import BulkLoader
from desktop_app.store.database import Database
from desktop_app.store.postal_sample import postal_rows_of, sample_postal_rows

DEMO_MUNICIPALITY_CODE = "042021"  # 宮城県石巻市

BATCH_SIZE = 20_000
POSTAL_SAMPLE = 4_000
# From this size on, the secondary indexes are built once at the end instead of row by row.
DEFER_INDEXES_FROM = 100_000
# From this size on (and with a second core), the rows are made in a second process while this
# one inserts them.
PARALLEL_FROM = 100_000


def house_count(registrants: int) -> int:
    """About 30 listings for a small register, up to 300 for a large one."""
    return min(300, 30 + registrants // 1000)


def cache_mebibytes(registrants: int) -> int:
    """Page cache for the fill: the whole file when it fits in 2 GiB (a million people make about
    1 GB), so that building the indexes reads the table from memory."""
    return max(256, min(2048, registrants * 5 // 4096))


def fill_demo(session: Session, *, registrants: int, seed: int = 1,
              progress: Progress = no_progress, cancel: CancelFlag = NEVER_CANCELLED,
              today: date | None = None) -> dict:
    """Fill an empty register with sample data; returns how many of each were added.

    `progress` is called and `cancel` checked between batches: once cancelled, everything is
    rolled back and `Cancelled` is raised.
    """
    session.require(Permission.LOAD_DEMO)
    if registrants < 1:
        raise RuleRefused(N_("Sample data needs at least one registrant."),
                          field=N_("Registrants"))
    db = session.db
    bulk = db.bulk
    held = bulk.count("registrants")
    if held:
        raise RuleRefused(
            N_("This register already holds {people}. Sample data only goes into an empty "
               "register, so that it never mixes with real records."),
            {"people": Count(held, Nn_("{n} person", "{n} people"))})
    office = db.office.get()
    progress(0.0, N_("Choosing sample addresses…"))
    town = look_up(office["municipality_code"]) if office else None
    town_areas = ([PostalArea.from_row(r) for r in postal_rows_of(town.prefecture, town.name)]
                  if town else [])
    town_code = office["municipality_code"] if office else ""
    # People register with a town other than the one they live in.
    addresses = [area for area in map(PostalArea.from_row, sample_postal_rows(seed, POSTAL_SAMPLE))
                 if area.municipality_code != town_code]
    sample = SampleRegister(seed=seed, today=today or date.today(), addresses=addresses,
                            town_areas=town_areas, clerk=session.clerk)
    record = session.new_record()
    bookkeeping = tuple(record[c] for c in BOOKKEEPING_COLUMNS[1:])
    counts = {"registrants": registrants, "houses": 0, "facilities": 0, "bookings": 0,
              "involvement": 0}

    with (session.write("demo.fill", "registrant") as change,
          bulk.large_cache(cache_mebibytes(registrants))):
        sample.numbers.update(bulk.last_numbers("registrant:"))
        sample.numbers.update(bulk.last_numbers(HOUSE_LISTING_SERIES))
        defer = (("registrants", "involvement") if registrants >= DEFER_INDEXES_FROM else ())
        with bulk.deferred_indexes(defer):
            parallel = registrants >= PARALLEL_FROM and (os.cpu_count() or 1) > 1
            make = batches_from_child if parallel else SampleRegister.registrant_batches
            batches = make(sample, registrants, bulk.max_id("registrants") + 1, BATCH_SIZE,
                           bookkeeping)
            person_columns = REGISTRANT_COLUMNS + BOOKKEEPING_COLUMNS
            involvement_columns = INVOLVEMENT_COLUMNS + BOOKKEEPING_COLUMNS
            done = 0
            with contextlib.closing(batches), bulk.checks_left_to_the_caller():
                for people, involvement in batches:
                    cancel.check()
                    bulk.insert_many("registrants", person_columns, people)
                    bulk.insert_many("involvement", involvement_columns, involvement)
                    done += len(people)
                    counts["involvement"] += len(involvement)
                    progress(0.85 * done / registrants,
                             N_("Adding sample registrants: {done} of {total}"),
                             {"done": f"{done:,}", "total": f"{registrants:,}"})
            cancel.check()
            if defer:
                progress(0.86, N_("Building the search indexes…"))
        cancel.check()
        progress(0.95, N_("Adding houses, facilities and bookings…"))
        _houses_and_stays(bulk, sample, record, counts)
        _emergency_details(db, sample, record, counts, town_areas)
        bulk.raise_numbers({series: last for series, last in sample.numbers.items()
                            if series.startswith(("registrant:", HOUSE_LISTING_SERIES))})
        cancel.check()
        change.after = {"seed": seed, **counts}
        progress(0.99, N_("Saving…"))
    progress(1.0, N_("Sample data added."))
    return counts


def _houses_and_stays(bulk: BulkLoader, sample: SampleRegister, record: dict,
                      counts: dict) -> None:
    for house in sample.houses(house_count(counts["registrants"])):
        bulk.insert("houses", {**record, **house})
        counts["houses"] += 1
    for facility in sample.facilities():
        facility_id = bulk.insert("facilities", {**record, **facility})
        counts["facilities"] += 1
        for booking in sample.bookings(facility_id, facility):
            booking_id = bulk.insert("bookings", {**record, **booking})
            counts["bookings"] += 1
            if booking["status"] == "completed":  # as completing a stay logs it
                nights = (date.fromisoformat(booking["check_out"])
                          - date.fromisoformat(booking["check_in"])).days
                bulk.insert("involvement", {
                    **record, "uuid": sample.uuid(), "registrant_id": booking["registrant_id"],
                    "kind": "stay", "occurred_on": booking["check_in"], "quantity": nights,
                    "amount_yen": booking["fee_yen"], "reference": f"booking:{booking_id}",
                    "note": facility["name"]})
                counts["involvement"] += 1


# Applications the demo's counter clerk entered, waiting for the supervisor's 承認.
DEMO_APPLICATIONS = (
    ("山口", "ヤマグチ", "拓海", "タクミ", "1991-06-12", "furusato", "basic", "150-0001", "1-2-3"),
    ("小林", "コバヤシ", "美穂", "ミホ", "1983-02-27", "dual", None, "980-0811", "2-4-1"),
    ("中村", "ナカムラ", "翔", "ショウ", "2000-10-03", "furusato", "basic", "530-0001", "5-6"),
)


def _applications_at_the_counter(clerk: Session) -> None:
    for family, fkana, given, gkana, born, kind, tier, postal, street in DEMO_APPLICATIONS:
        found = look_up_postal_code(postal)
        register(clerk, Application(
            family_name=family, family_kana=fkana, given_name=given, given_kana=gkana,
            birth_date=born, kind=kind, tier=tier, postal_code=postal,
            prefecture=found.prefecture if found else "", city=found.city if found else "",
            address=(found.town if found else "") + street, phone="090-0000-0000"))
def _emergency_details(db: Database, sample: SampleRegister, record: dict, counts: dict,
                       town_areas: list[PostalArea]) -> None:
    """An event today with a few registrants, emergency contacts for most people found in town
    (guests, the event, bases in town) and some 担い手 who offered to help in a disaster."""
    rng, today = sample.rng, sample.today.isoformat()
    guests = db.emergency.guests_on(today)
    bases = db.emergency.with_base_in_town()
    area = town_areas[int(rng.random() * len(town_areas))].area if town_areas else ""
    event_id = db.events.insert({
        **record, "uuid": sample.uuid(), "name": EVENT_NAMES[0], "kind": "exchange",
        "held_on": today, "place": f"{area}コミュニティセンター", "capacity": 30,
        "note": "防災ワークショップを兼ねる"})
    counts["events"] = 1
    attending = [person for person, _day in sample.bookable[:: max(1, len(sample.bookable) // 6)]
                 ][:6]
    for person_id in attending:
        db.events.add_participant({**record, "uuid": sample.uuid(), "event_id": event_id,
                                   "registrant_id": person_id, "attended": 1})
    in_town = {row["registrant_id"]: row["family_name"] for row in guests + bases}
    for person_id in attending:
        in_town.setdefault(person_id, db.registrants.get(person_id)["family_name"])
    helpers = {row["registrant_id"]: row["family_name"]
               for row in db.emergency.ninaite(max(5, counts["registrants"] // 20))
               if rng.random() < HELPER_SHARE}
    rows = []
    for person_id in sorted(in_town.keys() | helpers.keys()):
        family = in_town.get(person_id) or helpers[person_id]
        contact = (emergency_contact(rng, family) if person_id in helpers
                   or rng.random() < CONTACT_SHARE else ("", "", ""))
        rows.append((*contact, int(person_id in helpers), person_id))
    db.emergency.set_details(rows)
    counts["emergency_contacts"] = sum(1 for row in rows if row[0])


def create_demo_database(path: Path, registrants: int = 2000, seed: int = 1, *,
                         progress: Progress = no_progress,
                         cancel: CancelFlag = NEVER_CANCELLED) -> None:
    """A new demo file: the office of 石巻市, its accounts (DEMO_ADMIN_LOGIN and DEMO_ACCOUNTS),
    and `registrants` sample people. A file that fails or is cancelled half-way is removed."""
    path = Path(path)
    existed = path.exists()
    db = Database(path)
    try:
        admin = set_up_office(db, municipality_code=DEMO_MUNICIPALITY_CODE,
                              office_name=DEMO_OFFICE_NAME, admin_login=DEMO_ADMIN_LOGIN,
                              admin_password=DEMO_ADMIN_PASSWORD, admin_name="管理 太郎")
        for login, name, role, password in DEMO_ACCOUNTS:
            create_clerk(admin, login=login, display_name=name, role=role, password=password,
                         must_change_password=False)
        fill_demo(admin, registrants=registrants, seed=seed, progress=progress, cancel=cancel)
        _applications_at_the_counter(Session(db, clerk="clerk", role=Role.CLERK))
    except BaseException:
        db.close()
        if not existed:
            for leftover in (path, path.with_name(path.name + "-wal"),
                             path.with_name(path.name + "-shm")):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
        raise
    db.close()
