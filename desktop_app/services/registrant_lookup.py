"""Finding the registrant a clerk or a command names: the one look-up every use case shares."""

from __future__ import annotations

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.registrant import Status
from desktop_app.domain.text import N_
from desktop_app.store.database import Database

# Registrations that take no new part: no stay, event place, house contract or wish.
_CLOSED = (Status.REVOKED.value, Status.ERASED.value)


def find_registrant(db: Database, key: str | int) -> dict:
    """The registrant with this record id, 登録番号 (R7-000123) or card code, or a refusal."""
    record = db.registrants.find(key)
    if record is None:
        raise RuleRefused(N_("No registrant has the number or id {key}."),
                          {"key": str(key).strip()}, field=N_("Registrant"))
    return record


def find_taking_part(db: Database, key: str | int) -> dict:
    """`find_registrant`, refusing a revoked or erased registration (取消・抹消)."""
    person = find_registrant(db, key)
    if person["status"] in _CLOSED:
        raise RuleRefused(N_("{name}'s registration is revoked or erased."),
                          {"name": f"{person['family_name']} {person['given_name']}".strip()},
                          field=N_("Registrant"))
    return person
