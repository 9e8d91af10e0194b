"""Taking a person's application onto the register (状態: 申請中)."""

from __future__ import annotations

import secrets
from datetime import date

from desktop_app.domain.application import Application, check_application
from desktop_app.domain.normalize import kana_key, name_key
from desktop_app.domain.registrant import Status
from desktop_app.domain.roles import Permission
from desktop_app.services.session import Session

# Card codes avoid letters that read alike (0/O, 1/I/L) so a clerk can type one from a card.
CARD_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_card_code() -> str:
    raw = "".join(secrets.choice(CARD_CODE_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def register(session: Session, application: Application, *, today: date | None = None) -> int:
    """Record an application; returns the new registrant's id."""
    session.require(Permission.REGISTER)
    checked = check_application(application, today or date.today())
    record = {
        "card_code": new_card_code(),
        "family_name": application.family_name.strip(),
        "given_name": application.given_name.strip(),
        "family_kana": checked.family_kana,
        "given_kana": checked.given_kana,
        "name_key": name_key(application.family_name + application.given_name),
        "kana_key": kana_key(checked.family_kana + checked.given_kana),
        "birth_date": checked.birth_date.isoformat(),
        "sex": application.sex,
        "postal_code": checked.postal_code,
        "prefecture": application.prefecture.strip(),
        "city": application.city.strip(),
        "address": application.address.strip(),
        "phone": application.phone.strip(),
        "phone_digits": checked.phone_digits,
        "email": application.email.strip(),
        "kind": checked.kind.value,
        "tier": checked.tier.value if checked.tier else None,
        "status": Status.APPLIED.value,
        "applied_on": (today or date.today()).isoformat(),
        **session.new_record(),
    }
    with session.write("registrant.register", "registrant") as change:
        change.entity_id = session.db.registrants.insert(record)
        change.after = record
    return change.entity_id
