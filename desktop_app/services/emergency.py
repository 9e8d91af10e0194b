"""The emergency list (防災・二次避難) as a use case: gather it, for a supervisor, and audit it.

Two directions. In town on a day: trial-stay guests, people at that day's events, and dual
residents with a base in town (町内の滞在先), each once, grouped by 地区, with the in-town
address, phone and emergency contact. A disaster elsewhere: the registered people whose 住民票
address is in the hit prefecture (and city), whom the town can offer shelter as a second base,
and the 担い手 who said they would help rebuild. Every showing, printing or export is one
`emergency.list` audit row naming whose rows were in it (a view of personal data).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from desktop_app.domain.emergency import (
    EmergencyEntry,
    Presence,
    by_district,
    contact_text,
    district_of,
    one_per_person,
)
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.services.audit_trail import record_list_view
from desktop_app.services.municipalities import all_municipalities
from desktop_app.services.session import Session
from desktop_app.store.database import Database
from desktop_app.store.postal_sample import postal_rows_of

PURPOSES = ("view", "print", "export")


@dataclass(frozen=True)
class EmergencyQuery:
    day: date
    area: str = ""  # one 地区 of the in-town list; all when empty
    hit_prefecture: str = ""  # a disaster elsewhere: the shelter list instead
    hit_city: str = ""

    @property
    def shelter(self) -> bool:
        return bool(self.hit_prefecture.strip())


@dataclass(frozen=True)
class EmergencyList:
    query: EmergencyQuery
    town: str
    groups: list[tuple[str, list[EmergencyEntry]]] = field(default_factory=list)

    @property
    def entries(self) -> list[EmergencyEntry]:
        return [entry for _district, entries in self.groups for entry in entries]

    def as_data(self) -> dict:
        """Plain data for --json: the query and each group's people."""
        return {
            "day": self.query.day.isoformat(), "town": self.town,
            "list": "shelter" if self.query.shelter else "in_town",
            "hit_prefecture": self.query.hit_prefecture, "hit_city": self.query.hit_city,
            "area": self.query.area,
            "groups": [{"district": district, "people": [
                {"registrant_id": e.registrant_id, "registrant_no": e.registrant_no,
                 "name": e.name, "kana": e.kana, "presence": e.presence.value, "place": e.place,
                 "address": e.address, "phone": e.phone, "emergency_contact": e.contact}
                for e in entries]} for district, entries in self.groups],
        }


def emergency_list(session: Session, query: EmergencyQuery, *, purpose: str = "view"
                   ) -> EmergencyList:
    """The list for `query`, for a supervisor; one audit row saying what it was shown for."""
    found = gather(session, query)
    record_emergency_view(session, found, purpose)
    return found


def gather(session: Session, query: EmergencyQuery) -> EmergencyList:
    """The list for `query`, read but not yet audited (a print audits once it is drawn)."""
    session.require(Permission.EMERGENCY_LIST)
    db = session.db
    town_name = _town_name(db)
    if query.shelter:
        groups = _shelter(db, query)
    else:
        entries = _in_town(db, query.day, town_name)
        area = query.area.strip()
        groups = [(district, people) for district, people in by_district(entries)
                  if not area or district == area]
    return EmergencyList(query, town_name, groups)


def record_emergency_view(session: Session, found: EmergencyList, purpose: str) -> None:
    """The `emergency.list` audit row: for what (view, print, export), which list, whose rows."""
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    query = found.query
    record_list_view(session, "emergency", "shelter" if query.shelter else "in_town",
                     [entry.registrant_id for entry in found.entries], detail={
                         "purpose": purpose, "day": query.day.isoformat(),
                         "area": query.area, "hit_prefecture": query.hit_prefecture,
                         "hit_city": query.hit_city})


def _town_name(db: Database) -> str:
    office = db.office.get() or {}
    return office.get("municipality_name", "")


@lru_cache(maxsize=4)
def _town_areas(municipality_code: str) -> tuple[str, ...]:
    """The town's 町域 names from the postal data, longest first (大字 names inclusive)."""
    town = all_municipalities().get(municipality_code)
    if town is None:
        return ()
    return tuple(sorted({row[3] for row in postal_rows_of(town.prefecture, town.name)},
                        key=len, reverse=True))


def _in_town(db: Database, day: date, town: str) -> list[EmergencyEntry]:
    office = db.office.get() or {}
    areas = _town_areas(office.get("municipality_code", ""))
    iso = day.isoformat()
    rows = ([(Presence.GUEST, row) for row in db.emergency.guests_on(iso)]
            + [(Presence.EVENT, row) for row in db.emergency.at_events_on(iso)]
            + [(Presence.BASE, row) for row in db.emergency.with_base_in_town()])
    return one_per_person(
        _entry(row, presence, row["place"], row["place_address"],
               district_of(row["place_address"], town, areas))
        for presence, row in rows)


def _shelter(db: Database, query: EmergencyQuery) -> list[tuple[str, list[EmergencyEntry]]]:
    prefecture, city = query.hit_prefecture.strip(), query.hit_city.strip()
    if prefecture not in {town.prefecture for town in all_municipalities().values()}:
        raise RuleRefused(N_("{prefecture} is not a prefecture."), {"prefecture": prefecture},
                          field=N_("Hit prefecture"))
    hit = [_entry(row, Presence.EVACUEE, row["city"], _home(row), row["city"] or prefecture)
           for row in db.emergency.living_in(prefecture, city)]
    helpers = [_entry(row, Presence.HELPER, "", _home(row), "")
               for row in db.emergency.willing_to_help()]
    hit_ids = {entry.registrant_id for entry in hit}
    groups: dict[str, list[EmergencyEntry]] = {}
    for entry in hit:
        groups.setdefault(entry.district, []).append(entry)
    result = [(f"{prefecture}{district}" if district != prefecture else district, people)
              for district, people in groups.items()]
    willing = [entry for entry in helpers if entry.registrant_id not in hit_ids]
    if willing:
        result.append(("復旧支援を申し出た担い手", willing))
    return result


def _home(row: dict) -> str:
    return "".join(row[part] or "" for part in ("prefecture", "city", "address"))


def _entry(row: dict, presence: Presence, place: str, address: str,
           district: str) -> EmergencyEntry:
    return EmergencyEntry(
        registrant_id=row["registrant_id"], registrant_no=row["registrant_no"] or "",
        name=f"{row['family_name']}　{row['given_name']}".strip("　"),
        kana=f"{row['family_kana']}　{row['given_kana']}".strip("　"),
        presence=presence, place=place or "", address=address or "", phone=row["phone"] or "",
        contact=contact_text(row["emergency_name"], row["emergency_relation"],
                             row["emergency_phone"]),
        district=district)
