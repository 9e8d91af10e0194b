"""The vacant-house bank (空き家バンク): listings, consent, status, photos, owner log, viewings."""

from __future__ import annotations

import io
from dataclasses import asdict
from datetime import date

from desktop_app.domain.application import postal_code
from desktop_app.domain.counters import counter_mark
from desktop_app.domain.dates import fiscal_year, quarter_range
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.houses import (
    CONTACT_CHANNELS,
    PUBLIC,
    HouseInput,
    HouseStatus,
    check_consent,
    check_house,
    check_transition,
)
from desktop_app.domain.normalize import postal_digits
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.services.registrant_lookup import find_taking_part
from desktop_app.services.session import Session
from desktop_app.store.database import Database

THUMBNAIL_PX = 240
# Photos are kept in the file; a large one is scaled down so the file stays easy to back up.
PHOTO_MAX_PX = 1600
OWNER_FIELDS = ("owner_name", "owner_address", "owner_contact")


def _columns(house: HouseInput) -> dict:
    values = asdict(house)
    values["deal"] = house.deal.value
    # Refused rather than reduced to its digits: a note in the field is not a postal code.
    values["postal_code"] = postal_digits(postal_code(house.postal_code))
    values["pets_allowed"] = int(house.pets_allowed)
    values["available_from"] = house.available_from.isoformat() if house.available_from else None
    return {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}


def _house(db: Database, house_id: int) -> dict:
    house = db.houses.get(house_id)
    if house is None:
        raise RuleRefused(N_("There is no house {id}."), {"id": house_id}, field=N_("House"))
    return house


def add_house(session: Session, house: HouseInput, *, today: date | None = None) -> int:
    """登録準備: a new listing, numbered by 年度 (2025-001; at counter 3, 2025-3-001)."""
    session.require(Permission.REGISTER)
    today = today or date.today()
    check_house(house, today)
    with session.write("house.add", "house") as change:
        year = f"{fiscal_year(today)}{counter_mark(session.db.office.counter())}"
        number = session.db.houses.next_number(f"house-{year}")
        record = {"listing_no": f"{year}-{number:03d}", "status": HouseStatus.DRAFT.value,
                  **_columns(house), **session.new_record()}
        change.entity_id = session.db.houses.insert(record)
        change.after = record
    return change.entity_id


def update_house(session: Session, house_id: int, house: HouseInput, *,
                 today: date | None = None) -> None:
    session.require(Permission.REGISTER)
    check_house(house, today or date.today())
    with session.write("house.update", "house") as change:
        before = _house(session.db, house_id)
        changes = _columns(house)
        session.db.houses.update(house_id, {**changes, **session.changed_record()})
        change.entity_id = house_id
        change.before = {k: before[k] for k in changes if before[k] != changes[k]}
        change.after = {k: changes[k] for k in change.before}


def record_consent(session: Session, house_id: int, consent_on: date, form: str) -> None:
    """The owner's written consent to publish (date and the form it was given on)."""
    session.require(Permission.REGISTER)
    if not form.strip():
        raise RuleRefused(N_("Name the form the consent was given on."), field=N_("Consent form"))
    with session.write("house.consent", "house") as change:
        before = _house(session.db, house_id)
        session.db.houses.update(house_id, {"consent_on": consent_on.isoformat(),
                                            "consent_form": form.strip(),
                                            **session.changed_record()})
        change.entity_id = house_id
        change.before = {"consent_on": before["consent_on"]}
        change.after = {"consent_on": consent_on.isoformat(), "consent_form": form.strip()}


def change_status(session: Session, house_id: int, target: HouseStatus, *, reason: str = "",
                  registrant: str | None = None, today: date | None = None) -> None:
    """公開, 交渉中, 成約 (with who took it, when known), 取下げ, 抹消 (with the reason)."""
    session.require(Permission.REGISTER)
    today = today or date.today()
    db = session.db
    with session.write(f"house.{target.value}", "house") as change:
        house = _house(db, house_id)
        check_transition(HouseStatus(house["status"]), target, consent_on=house["consent_on"],
                         reason=reason)
        changes = {"status": target.value, "status_reason": reason.strip()}
        if target is HouseStatus.PUBLISHED and not house["published_on"]:
            changes["published_on"] = today.isoformat()
        if target is HouseStatus.CONTRACTED:
            changes["contracted_on"] = today.isoformat()
            if registrant:
                changes["contracted_registrant_id"] = find_taking_part(db, registrant)["id"]
        db.houses.update(house_id, {**changes, **session.changed_record()})
        change.entity_id = house_id
        change.before = {"status": house["status"]}
        change.after = changes


def add_photo(session: Session, house_id: int, data: bytes, caption: str = "") -> int:
    """Keep a photo inside the database file with a thumbnail for the list."""
    session.require(Permission.REGISTER)
    image, thumbnail = _prepare_photo(data)
    with session.write("house.photo", "house") as change:
        _house(session.db, house_id)
        record = {"house_id": house_id, "caption": caption.strip(), "mime": "image/jpeg",
                  "position": session.db.houses.next_photo_position(house_id),
                  "image": image, "thumbnail": thumbnail, **session.new_record()}
        photo_id = session.db.houses.add_photo(record)
        change.entity_id = house_id
        change.after = {"photo_id": photo_id, "caption": record["caption"],
                        "bytes": len(image)}
    return photo_id


def _prepare_photo(data: bytes) -> tuple[bytes, bytes]:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as opened:
            picture = ImageOps.exif_transpose(opened).convert("RGB")
    except (UnidentifiedImageError, OSError):
        raise RuleRefused(N_("This file is not a photo the app can read (JPEG or PNG)."),
                          field=N_("Photo")) from None
    results = []
    for size, quality in ((PHOTO_MAX_PX, 85), (THUMBNAIL_PX, 80)):
        copy = picture.copy()
        copy.thumbnail((size, size))
        buffer = io.BytesIO()
        copy.save(buffer, "JPEG", quality=quality)
        results.append(buffer.getvalue())
    return results[0], results[1]


def add_owner_contact(session: Session, house_id: int, *, contacted_on: date, channel: str,
                      outcome: str = "", next_step: str = "", next_on: date | None = None) -> int:
    """One line of the owner contact log (所有者との連絡記録)."""
    session.require(Permission.REGISTER)
    if channel not in CONTACT_CHANNELS:
        raise RuleRefused(N_("Choose how the owner was contacted."), field=N_("Channel"))
    record = {"house_id": house_id, "contacted_on": contacted_on.isoformat(), "channel": channel,
              "outcome": outcome.strip(), "next_step": next_step.strip(),
              "next_on": next_on.isoformat() if next_on else None, **session.new_record()}
    with session.write("house.owner_contact", "house") as change:
        _house(session.db, house_id)
        session.db.houses.add_owner_contact(record)
        change.entity_id, change.after = house_id, record
    return change.entity_id


def add_inquiry(session: Session, house_id: int, registrant: str, *, kind: str,
                occurred_on: date, outcome: str = "", note: str = "") -> int:
    """An inquiry (問合せ) or a viewing (内覧) by a registrant, with its outcome."""
    session.require(Permission.REGISTER)
    if kind not in ("inquiry", "viewing"):
        raise RuleRefused(N_("An inquiry or a viewing, please."), field=N_("Kind"))
    with session.write(f"house.{kind}", "house") as change:
        house = _house(session.db, house_id)
        if HouseStatus(house["status"]) not in PUBLIC:
            raise RuleRefused(N_("Only a published house can be shown to registrants."),
                              field=N_("Status"))
        person = find_taking_part(session.db, registrant)
        record = {"house_id": house_id, "registrant_id": person["id"], "kind": kind,
                  "occurred_on": occurred_on.isoformat(), "outcome": outcome.strip(),
                  "note": note.strip(), **session.new_record()}
        inquiry_id = session.db.houses.add_inquiry(record)
        change.entity_id, change.after = house_id, record
    return inquiry_id


def public_listing(db: Database, house_id: int) -> dict:
    """What may be printed or exported for the public: refused before consent, no owner data."""
    house = _house(db, house_id)
    check_consent(house["consent_on"])
    if HouseStatus(house["status"]) not in PUBLIC:
        raise RuleRefused(N_("Only a published house can be printed or exported for the public."),
                          field=N_("Status"))
    public = {k: v for k, v in house.items() if k not in OWNER_FIELDS}
    public["photos"] = [db.houses.photo(p["id"])["image"] for p in db.houses.thumbnails(house_id)]
    return public


def contracts_in_quarter(db: Database, year: int, quarter: int) -> list[dict]:
    """成約 in a fiscal quarter (2025, 1 = April–June 2025): a result in the quarterly return."""
    start, end = quarter_range(year, quarter)
    return db.houses.contracts_between(start.isoformat(), end.isoformat())


def list_houses(db: Database, status: str | None = None, text: str = "") -> list[dict]:
    """Houses for the list (erased ones only when asked for by status)."""
    return db.houses.listing(status, text)


def thumbnails(db: Database, house_id: int) -> list[dict]:
    return db.houses.thumbnails(house_id)


def house(db: Database, house_id: int) -> dict:
    return _house(db, house_id)


def owner_contacts(db: Database, house_id: int) -> list[dict]:
    """The owner contact log of a house, oldest first."""
    return db.houses.owner_contacts(house_id)


def inquiries(db: Database, house_id: int) -> list[dict]:
    """Inquiries and viewings of a house with who made them, oldest first."""
    return db.houses.inquiries(house_id)
