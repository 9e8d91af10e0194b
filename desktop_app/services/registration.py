"""Taking a person's application onto the register (状態: 申請中), and correcting it later."""

from __future__ import annotations

import os
from datetime import date

from desktop_app.domain.application import Application, CheckedApplication, check_application
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.municipality import validate_code
from desktop_app.domain.registrant import Status
from desktop_app.domain.registry_rules import (
    IdentityCheck,
    check_identity,
    check_not_home_town,
    check_premium_identity,
)
from desktop_app.domain.registry_search import registrant_keys
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.services.addresses import home_municipality, look_up_postal_code
from desktop_app.services.municipalities import all_municipalities
from desktop_app.services.session import Session
from desktop_app.store.database import Database

# Card codes avoid letters that read alike (0/O, 1/I/L) so a clerk can type one from a card.
CARD_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LETTER_LANGUAGES = ("ja", "en")


def new_card_code() -> str:
    return new_card_codes(1)[0]


# Each random byte below 248 (8 × 31) picks one letter, uniformly; bytes from 248 up are dropped.
_LETTER_OF_BYTE = (CARD_CODE_ALPHABET.encode("ascii") * 9)[:256]  # byte b → letter b % 31
_UNUSED_BYTES = bytes(range(256 // len(CARD_CODE_ALPHABET) * len(CARD_CODE_ALPHABET), 256))


def new_card_codes(count: int) -> list[str]:
    """`count` card codes of ten letters chosen uniformly from the system's random source.

    Drawn together (one os.urandom call, usually) so that a ledger import of 100,000 people
    does not make a million system calls.
    """
    needed = count * 10
    letters = b""
    while len(letters) < needed:
        # 8 bytes in 256 are dropped: ask for 6 % more than needed, so one call is enough.
        letters += os.urandom((needed - len(letters)) * 17 // 16 + 16).translate(
            _LETTER_OF_BYTE, _UNUSED_BYTES)
    text = letters[:needed].decode("ascii")
    return [f"{text[start:start + 5]}-{text[start + 5:start + 10]}"
            for start in range(0, needed, 10)]


def new_uuids(count: int) -> list[str]:
    """`count` random (version 4) uuids as text, from one os.urandom call: uuid.uuid4's bytes."""
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = bytes(byte & 0x0F | 0x40 for byte in raw[6::16])  # version 4
    raw[8::16] = bytes(byte & 0x3F | 0x80 for byte in raw[8::16])  # RFC 4122 variant
    text = raw.hex()
    return [f"{text[at:at + 8]}-{text[at + 8:at + 12]}-{text[at + 12:at + 16]}-"
            f"{text[at + 16:at + 20]}-{text[at + 20:at + 32]}" for at in range(0, 32 * count, 32)]


def _identity(application: Application, checked: CheckedApplication,
              today: date) -> IdentityCheck | None:
    # A checker or a day with no document is a check half recorded: asked for, not dropped.
    if (application.identity_document or application.identity_checked_by.strip()
            or str(application.identity_checked_on or "").strip()):
        return check_identity(application.identity_document, application.identity_checked_by,
                              application.identity_checked_on, today)
    check_premium_identity(checked.tier, None)
    return None


def _address(application: Application, checked: CheckedApplication, office: dict) -> dict:
    """The 住民票 address, filled from the postal code where left empty, and the home code."""
    prefecture, city = application.prefecture.strip(), application.city.strip()
    address = application.address.strip()
    if checked.postal_code and not (prefecture and city):
        found = look_up_postal_code(checked.postal_code)
        if found is None:
            raise RuleRefused(N_("No address is known for postal code {code}; type the "
                                 "address in full."), {"code": checked.postal_code},
                              field=N_("Postal code"))
        prefecture, city = prefecture or found.prefecture, city or found.city
        address = address or found.town
    if application.home_municipality_code.strip():
        code = validate_code(application.home_municipality_code)
        known = all_municipalities().get(code)
        home_name = known.full_name if known else ""
    else:
        code, home_name = home_municipality(prefecture, city, checked.postal_code)
    check_not_home_town(checked.kind, code, home_name, office.get("municipality_code", ""),
                        office.get("municipality_name", ""))
    return {"postal_code": checked.postal_code, "prefecture": prefecture, "city": city,
            "address": address, "home_municipality_code": code}


def application_values(db: Database, application: Application, today: date, *,
                       office: dict | None = None) -> dict:
    """The registrant columns an application sets, checked, with every comparison key.

    `office` is `db.office.get()`, passed by a caller that checks many applications (a ledger
    import) so that it is read once rather than per person.
    """
    return checked_values(application, today, office if office is not None else office_of(db))


def checked_values(application: Application, today: date, office: dict) -> dict:
    """application_values without the database: the office record is given (`office_of`).

    What a ledger import's worker processes run, each on its own slice of the rows.
    """
    checked = check_application(application, today)
    identity = _identity(application, checked, today)
    language = application.letter_language or "ja"
    if language not in LETTER_LANGUAGES:
        raise RuleRefused(N_("Letters can be in Japanese or English."),
                          field=N_("Language of letters"))
    values = {
        "family_name": application.family_name.strip(),
        "given_name": application.given_name.strip(),
        "family_kana": checked.family_kana,
        "given_kana": checked.given_kana,
        "birth_date": checked.birth_date.isoformat(),
        "sex": application.sex or None,
        **_address(application, checked, office),
        "phone": application.phone.strip(),
        "email": application.email.strip(),
        "local_address": application.local_address.strip(),
        "letter_language": language,
        "consent_newsletter": int(bool(application.consent_newsletter)),
        "consent_sharing": int(bool(application.consent_sharing)),
        "consent_photo": int(bool(application.consent_photo)),
        "kind": checked.kind.value,
        "tier": checked.tier.value if checked.tier else None,
        "identity_document": identity.document.value if identity else "",
        "identity_checked_by": identity.checked_by if identity else "",
        "identity_checked_on": identity.checked_on.isoformat() if identity else None,
        "emergency_name": application.emergency_name.strip(),
        "emergency_relation": application.emergency_relation.strip(),
        "emergency_phone": application.emergency_phone.strip(),
        "disaster_help": int(bool(application.disaster_help)),
    }
    return {**values, **registrant_keys(values, checked=True, digits=checked.phone_digits)}


def office_of(db: Database) -> dict:
    """The office record the home-town rule compares with ({} before the office is set up)."""
    return db.office.get() or {}


def register(session: Session, application: Application, *, today: date | None = None) -> int:
    """Record an application; returns the new registrant's id."""
    session.require(Permission.REGISTER)
    day = today or date.today()
    record = {
        "card_code": new_card_code(),
        **application_values(session.db, application, day),
        "status": Status.APPLIED.value,
        "applied_on": day.isoformat(),
        **session.new_record(),
    }
    with session.write("registrant.register", "registrant") as change:
        change.entity_id = session.db.registrants.insert(record)
        change.after = record
    return change.entity_id


def update_details(session: Session, registrant_id: int, application: Application, *,
                   today: date | None = None) -> None:
    """Correct a person's details; the status, number and card code are not touched here."""
    session.require(Permission.REGISTER)
    before = session.db.registrants.get(registrant_id)
    if before is None:
        raise RuleRefused(N_("There is no registrant {id}."), {"id": registrant_id})
    if before["status"] == Status.ERASED.value:
        raise RuleRefused(N_("An erased record cannot be changed."))
    values = application_values(session.db, application, today or date.today())
    changes = {k: v for k, v in values.items() if before.get(k) != v}
    if not changes:
        return
    with session.write("registrant.update", "registrant") as change:
        session.db.registrants.update(registrant_id, changes, session.changed_record())
        change.entity_id = registrant_id
        change.before = {k: before[k] for k in changes}
        change.after = changes


def application_from_record(record: dict) -> Application:
    """An application pre-filled from a stored record, for the edit dialog."""
    return Application(
        family_name=record["family_name"], given_name=record["given_name"],
        family_kana=record["family_kana"], given_kana=record["given_kana"],
        birth_date=record["birth_date"], kind=record["kind"], tier=record["tier"],
        sex=record["sex"], postal_code=record["postal_code"], prefecture=record["prefecture"],
        city=record["city"], address=record["address"], phone=record["phone"],
        email=record["email"], local_address=record["local_address"],
        letter_language=record["letter_language"],
        consent_newsletter=bool(record["consent_newsletter"]),
        consent_sharing=bool(record["consent_sharing"]),
        consent_photo=bool(record["consent_photo"]),
        home_municipality_code=record["home_municipality_code"],
        identity_document=record.get("identity_document") or "",
        identity_checked_by=record.get("identity_checked_by") or "",
        identity_checked_on=record.get("identity_checked_on") or "",
        emergency_name=record.get("emergency_name") or "",
        emergency_relation=record.get("emergency_relation") or "",
        emergency_phone=record.get("emergency_phone") or "",
        disaster_help=bool(record.get("disaster_help")),
    )
