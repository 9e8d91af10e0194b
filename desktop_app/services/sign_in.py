"""Opening a session for a clerk who gives the right password."""

from __future__ import annotations

from desktop_app.domain.errors import PermissionDenied
from desktop_app.domain.roles import Role
from desktop_app.domain.text import N_
from desktop_app.services.passwords import password_matches
from desktop_app.services.session import Session
from desktop_app.store.database import Database


def sign_in(db: Database, login: str, password: str) -> Session:
    clerk = db.clerks.by_login(login)
    known = clerk is not None and clerk["active"]
    if not known or not password_matches(clerk["password_hash"], password):
        raise PermissionDenied(N_("The login or the password is wrong."))
    return Session(db, clerk=clerk["login"], role=Role(clerk["role"]))
