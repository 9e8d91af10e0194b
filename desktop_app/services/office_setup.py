"""First start: which town this file serves, its office, its first administrator."""

from __future__ import annotations

import uuid

from desktop_app.domain.counters import MAIN_OFFICE, check_counter
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.roles import Role
from desktop_app.domain.text import N_
from desktop_app.services import exchange_keys
from desktop_app.services.municipalities import look_up
from desktop_app.services.passwords import check_strength, hash_password
from desktop_app.services.session import Session
from desktop_app.store.database import Database
from desktop_app.store.records import new_record


def is_set_up(db: Database) -> bool:
    return db.office.get() is not None


def set_up_office(db: Database, *, municipality_code: str, office_name: str, admin_login: str,
                  admin_password: str, admin_name: str = "",
                  prefecture: bool = False, counter: int = MAIN_OFFICE) -> Session:
    """Record the office, its first administrator and its exchange keys (sealed for that
    administrator); returns the administrator's session.

    `prefecture`: the file of a prefecture (its own 団体コード, e.g. 040002 for 宮城県), which
    receives the towns' returns instead of keeping a register. `counter`: which of the town's
    counters the file is (domain/counters.py), the main office unless said.
    """
    if is_set_up(db):
        raise RuleRefused(N_("This file is already set up for {office}."),
                          {"office": db.office.get()["office_name"]})
    municipality = look_up(municipality_code)
    if prefecture != is_prefecture_code(municipality.code):
        raise RuleRefused(N_("{code} is a prefecture's code: set up a prefecture's file with "
                             "`futasato prefecture init`.") if not prefecture else
                          N_("{code} is not a prefecture's code (a prefecture's ends in 000 "
                             "and its check digit, e.g. 040002)."),
                          {"code": municipality.code}, field=N_("Municipality code"))
    if not office_name.strip():
        raise RuleRefused(N_("The office needs a name."), field=N_("Office name"))
    if not admin_login.strip() or not admin_login.isascii() or " " in admin_login.strip():
        raise RuleRefused(N_("A login is one word of letters and digits."), field=N_("Login"))
    check_strength(admin_password)
    check_counter(counter)
    terminal = f"T-{uuid.uuid4().hex[:8]}"
    login = admin_login.strip()
    session = Session(db, clerk=login, role=Role.ADMIN, terminal=terminal)
    with session.write("office.set_up", "office") as change:
        office = {
            "municipality_code": municipality.code,
            "municipality_name": municipality.full_name,
            "office_name": office_name.strip(),
            "terminal_id": terminal,
            "mode": "prefecture" if prefecture else "town",
            "counter": counter,
            **new_record(login, terminal),
        }
        db.office.create(office)
        db.clerks.add({
            "login": login,
            "display_name": admin_name.strip() or login,
            "role": Role.ADMIN.value,
            "password_hash": hash_password(admin_password),
            **new_record(login, terminal),
        })
        exchange_keys.set_account_password(db, login, Role.ADMIN, admin_password)
        change.entity_id = municipality.code
        change.after = {key: office[key] for key in
                        ("municipality_code", "municipality_name", "office_name", "terminal_id",
                         "mode")}
    exchange_keys.make_office_keys(session)
    return session


def is_prefecture_code(code: str) -> bool:
    """A prefecture's 団体コード: its JIS code ends in 000 (04000 宮城県)."""
    return code[2:5] == "000"
