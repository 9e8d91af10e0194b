"""Registrants' house wishes, and matching them against the listings both ways."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.houses import PUBLIC, Deal, rooms_of
from desktop_app.domain.matching import (
    Listing,
    Wish,
    houses_for,
    people_for,
    people_for_each,
    wish_floor,
)
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.services.audit_trail import record_list_view
from desktop_app.services.registrant_lookup import find_taking_part
from desktop_app.services.session import Session
from desktop_app.store.database import Database

# People whose wishes are matched: applicants and those whose registration holds.
WISHING_STATUSES = ("applied", "registered", "renewed")


@dataclass
class WishInput:
    deal: str = "either"  # sale, rent or either
    areas: tuple[str, ...] = ()
    max_price_yen: int | None = None
    max_rent_yen: int | None = None
    min_floor_m2: float | None = None
    min_rooms: int | None = None
    needs_pets: bool = False
    move_in_from: date | None = None
    move_in_until: date | None = None
    note: str = ""


@dataclass
class SavedWish:
    """A person's wish as it is on file; `active` is False once the clerk has stopped it."""

    wish: WishInput
    active: bool


# Areas may be typed with commas (half- or full-width), 、 or spaces between them.
_AREA_SEPARATORS = re.compile(r"[,、，\s]+")
# Fields of the wish, as RuleRefused names them, for the form to show a refusal at its field.
_NOT_NEGATIVE = (("max_price_yen", N_("Maximum price")), ("max_rent_yen", N_("Maximum rent")),
                 ("min_floor_m2", N_("Minimum floor area")), ("min_rooms", N_("Minimum rooms")))


def split_areas(text: str) -> tuple[str, ...]:
    """'北上, 雄勝、河北' → ('北上', '雄勝', '河北'), each named once, in the order typed."""
    return tuple(dict.fromkeys(a for a in _AREA_SEPARATORS.split(text or "") if a))


def check_wish(wish: WishInput) -> None:
    if wish.deal not in ("sale", "rent", "either"):
        raise RuleRefused(N_("Sale, rent or either, please."), field=N_("Deal"))
    for name, label in _NOT_NEGATIVE:
        value = getattr(wish, name)
        if value is not None and value < 0:
            raise RuleRefused(N_("This cannot be negative."), field=label)
    if wish.move_in_from and wish.move_in_until and wish.move_in_until < wish.move_in_from:
        raise RuleRefused(N_("The move-in period ends before it starts."), field=N_("Move-in"))


def save_wish(session: Session, registrant: str, wish: WishInput) -> int:
    """Record or replace what a person is looking for (and start matching it again)."""
    session.require(Permission.REGISTER)
    check_wish(wish)
    db = session.db
    person = find_taking_part(db, registrant)
    values = {"deal": wish.deal, "areas": ",".join(a.strip() for a in wish.areas if a.strip()),
              "max_price_yen": wish.max_price_yen, "max_rent_yen": wish.max_rent_yen,
              "min_floor_m2": wish.min_floor_m2, "min_rooms": wish.min_rooms,
              "needs_pets": int(wish.needs_pets),
              "move_in_from": wish.move_in_from.isoformat() if wish.move_in_from else None,
              "move_in_until": wish.move_in_until.isoformat() if wish.move_in_until else None,
              "note": wish.note.strip(), "active": 1}
    with session.write("house_wish.save", "registrant") as change:
        existing = db.house_wishes.of_registrant(person["id"])
        if existing:
            db.house_wishes.update(existing["id"], {**values, **session.changed_record()})
            wish_id = existing["id"]
        else:
            wish_id = db.house_wishes.insert({"registrant_id": person["id"], **values,
                                              **session.new_record()})
        change.entity_id, change.after = person["id"], values
    return wish_id


def clear_wish(session: Session, registrant: str) -> None:
    """Stop matching a person's wish (見つかった・取りやめ); the wish stays on file, inactive."""
    session.require(Permission.REGISTER)
    db = session.db
    person = find_taking_part(db, registrant)
    with session.write("house_wish.clear", "registrant") as change:
        existing = db.house_wishes.of_registrant(person["id"])
        if existing is None or not existing["active"]:
            raise RuleRefused(N_("{name} has no house wish in force."),
                              {"name": f"{person['family_name']} {person['given_name']}"},
                              field=N_("House wishes"))
        db.house_wishes.update(existing["id"], {"active": 0, **session.changed_record()})
        change.entity_id, change.before, change.after = person["id"], {"active": 1}, {"active": 0}


def saved_wish(db: Database, registrant: str) -> SavedWish | None:
    """The wish on file for a person, for the form; None when there has never been one."""
    row = db.house_wishes.of_registrant(find_taking_part(db, registrant)["id"])
    if row is None:
        return None
    return SavedWish(WishInput(
        deal=row["deal"], areas=tuple(a for a in row["areas"].split(",") if a),
        max_price_yen=row["max_price_yen"],
        max_rent_yen=row["max_rent_yen"], min_floor_m2=row["min_floor_m2"],
        min_rooms=row["min_rooms"], needs_pets=bool(row["needs_pets"]),
        move_in_from=date.fromisoformat(row["move_in_from"]) if row["move_in_from"] else None,
        move_in_until=date.fromisoformat(row["move_in_until"]) if row["move_in_until"] else None,
        note=row["note"]), bool(row["active"]))


def offered_districts(db: Database) -> list[str]:
    """The 地区 of the houses on offer now: the names a wish's areas are matched against."""
    return sorted({listing.district for listing in listings(db) if listing.district})


def _listing(row: dict) -> Listing:
    return Listing(
        id=row["id"], district=row["district"], for_sale=row["deal"] in (Deal.SALE, Deal.BOTH),
        for_rent=row["deal"] in (Deal.RENT, Deal.BOTH), price_yen=row["price_yen"],
        rent_yen=row["rent_yen"], floor_m2=row["floor_m2"], rooms=rooms_of(row["layout"]),
        pets_allowed=bool(row["pets_allowed"]),
        available_from=date.fromisoformat(row["available_from"]) if row["available_from"] else None,
    )


def _wish(row) -> Wish:
    registrant_id, areas, deal, price, rent, floor, rooms, pets, until = row
    return Wish(registrant_id, frozenset(areas.split(",")) if areas else frozenset(),
                deal != "rent", deal != "sale", price, rent, floor, rooms, bool(pets),
                date.fromisoformat(until) if until else None)


def listings(db: Database) -> list[Listing]:
    """The houses a registrant may be offered: published or negotiating, with consent."""
    return [_listing(row) for row in db.houses.for_matching(tuple(s.value for s in PUBLIC))]


def wishes(db: Database) -> list[Wish]:
    return [_wish(row) for row in db.house_wishes.active(WISHING_STATUSES)]


def houses_for_registrant(db: Database, registrant: str, limit: int = 20) -> list[dict]:
    """The best houses for one person, best first, each with its score."""
    person = find_taking_part(db, registrant)
    row = db.house_wishes.of_registrant(person["id"])
    if row is None or not row["active"]:
        return []
    wish = _wish(tuple(row[c] for c in ("registrant_id", "areas", "deal", "max_price_yen",
                                        "max_rent_yen", "min_floor_m2", "min_rooms",
                                        "needs_pets", "move_in_until")))
    ranked = houses_for(wish, listings(db), limit)
    return [{**db.houses.get(house_id), "score": score} for score, house_id in ranked]


def people_for_house(db: Database, house_id: int, limit: int = 50) -> list[dict]:
    """The people a house suits best, best first, each with the score and how to reach them."""
    row = db.houses.get(house_id)
    if row is None:
        raise RuleRefused(N_("There is no house {id}."), {"id": house_id}, field=N_("House"))
    listing = _listing(row)
    floor = wish_floor(listing)
    candidates = db.house_wishes.candidates(WISHING_STATUSES, floor.pets, floor.sale_budget_above,
                                            floor.rent_budget_above)
    ranked = people_for(listing, [_wish(c) for c in candidates], limit)
    names = db.house_wishes.names([registrant_id for _score, registrant_id in ranked])
    return [{**names[registrant_id], "score": score} for score, registrant_id in ranked]


def people_shown_for_house(session: Session, house_id: int, *, audited: bool) -> list[dict]:
    """`people_for_house` as the houses page shows it (names and phones): refused to a role
    that may not see personal data; `audited` notes the list (`registrant.list`,
    "suited_to_house") when the clerk picks the house, not when the same house redraws."""
    session.require(Permission.VIEW_PERSONAL_DATA)
    people = people_for_house(session.db, house_id)
    if audited:
        record_list_view(session, "registrant", "suited_to_house", [p["id"] for p in people],
                         detail={"house_id": house_id})
    return people


def people_for_every_house(db: Database, limit: int = 50) -> dict[int, list[tuple[int, int]]]:
    """(score, registrant id) of the people each offered house suits best, by house id."""
    return people_for_each(listings(db), wishes(db), limit)
