"""Opening a session for a clerk who gives the right password, with lock-out after failures.

A clerk whose password an administrator set gets a session marked `must_change_password`, which
refuses everything until the clerk has chosen their own password.

Every attempt leaves an audit row, whether it succeeds or not. After the town's number of
failures in a row the account is locked for the town's number of minutes; the message says how
long is left. A wrong login and a wrong password get the same message, so a stranger cannot
find out which logins exist.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from desktop_app.domain.errors import PermissionDenied
from desktop_app.domain.policy import SIGN_IN_LOCKOUT_MINUTES, SIGN_IN_MAX_FAILURES
from desktop_app.domain.roles import Permission, Role
from desktop_app.domain.text import N_
from desktop_app.services.exchange_keys import after_sign_in
from desktop_app.services.passwords import password_matches
from desktop_app.services.policy import setting
from desktop_app.services.session import Session
from desktop_app.store.database import Database


class AccountLocked(PermissionDenied):
    """Too many failed sign-ins; `remaining` says how long until the next try is allowed."""

    def __init__(self, remaining: timedelta):
        seconds = max(1, math.ceil(remaining.total_seconds()))
        minutes, rest = divmod(seconds, 60)
        super().__init__(
            N_("Too many failed sign-ins: this account is locked. Try again in {minutes} min "
               "{seconds} s."),
            {"minutes": minutes, "seconds": rest},
        )
        self.remaining = remaining


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).replace(microsecond=0)


def _audit(db: Database, login: str, action: str, after: dict | None = None) -> None:
    """An audit row for an attempt, in its own transaction (there is no other work)."""
    with db.transaction():
        db.audit.append(clerk=login, terminal=_terminal(db), action=action, entity="clerk",
                        entity_id=login, after=after)


def sign_in(db: Database, login: str, password: str, *, now: datetime | None = None) -> Session:
    """The clerk's session, or PermissionDenied (AccountLocked while a lock-out lasts)."""
    now = _now(now)
    login = login.strip()
    clerk = db.clerks.by_login(login)
    if clerk is not None:
        login = clerk["login"]  # logins are matched without regard to case
        locked_until = clerk["locked_until"]
        if locked_until and datetime.fromisoformat(locked_until) > now:
            _audit(db, login, "sign_in.refused_locked", {"locked_until": locked_until})
            raise AccountLocked(datetime.fromisoformat(locked_until) - now)
    if clerk is None or not password_matches(clerk["password_hash"], password):
        _fail(db, login, clerk, now)
    if not clerk["active"]:
        _audit(db, login, "sign_in.failed", {"reason": "inactive"})
        raise PermissionDenied(N_("The login or the password is wrong."))
    must_change = bool(clerk["must_change_password"])
    with db.transaction():
        db.clerks.set_sign_in_state(login, 0, None)
        db.audit.append(clerk=login, terminal=_terminal(db), action="sign_in.ok",
                        entity="clerk", entity_id=login,
                        after={"must_change_password": True} if must_change else None)
    session = Session(db, clerk=login, role=Role(clerk["role"]), must_change_password=must_change)
    after_sign_in(session, password)  # the one moment a signing-off clerk's password is known
    return session


def _terminal(db: Database) -> str:
    office = db.office.get()
    return office["terminal_id"] if office else "unset"


def _fail(db: Database, login: str, clerk: dict | None, now: datetime) -> None:
    if clerk is None:
        _audit(db, login, "sign_in.failed", {"reason": "unknown login"})
        raise PermissionDenied(N_("The login or the password is wrong."))
    failures = clerk["failed_logins"] + 1
    if failures < setting(db, SIGN_IN_MAX_FAILURES):
        with db.transaction():
            db.clerks.set_sign_in_state(login, failures, None)
            db.audit.append(clerk=login, terminal=_terminal(db), action="sign_in.failed",
                            entity="clerk", entity_id=login,
                            after={"reason": "wrong password", "failures": failures})
        raise PermissionDenied(N_("The login or the password is wrong."))
    lock = timedelta(minutes=setting(db, SIGN_IN_LOCKOUT_MINUTES))
    until = (now + lock).isoformat()
    with db.transaction():
        db.clerks.set_sign_in_state(login, 0, until)
        db.audit.append(clerk=login, terminal=_terminal(db), action="sign_in.locked",
                        entity="clerk", entity_id=login,
                        after={"reason": "wrong password", "failures": failures,
                               "locked_until": until})
    raise AccountLocked(lock)


def confirm_password(session: Session, password: str, *, now: datetime | None = None) -> None:
    """Ask the signed-in clerk's password again (the idle lock); same lock-out and audit rows."""
    sign_in(session.db, session.clerk, password, now=now)


def countersigner(session: Session, login: str, password: str,
                  permission: Permission) -> Session:
    """A second clerk at this counter vouching for one act (four eyes at one PC): their own
    login and password, checked like a sign-in (audited, counted towards the lock-out), and a
    role that grants `permission`. The signed-in clerk's session is left as it is."""
    if login.strip().casefold() == session.clerk.casefold():
        raise PermissionDenied(N_("A second clerk must sign: give another clerk's login."))
    other = sign_in(session.db, login, password)
    other.require(permission)
    return replace(other, terminal=session.terminal)
