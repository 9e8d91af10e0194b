"""Clerk accounts: created, reset and deactivated by an administrator; each clerk changes their own
password. Accounts are never deleted, so the audit trail always names someone who existed.

A password an administrator typed (a new account, a reset) is known to them and to whoever heard
it passed on, so the clerk must choose their own at the next sign-in (the session refuses all else).
"""

from __future__ import annotations

from desktop_app.domain.errors import PermissionDenied, RuleRefused
from desktop_app.domain.roles import Permission, Role
from desktop_app.domain.text import N_
from desktop_app.services import exchange_keys
from desktop_app.services.passwords import check_strength, hash_password, password_matches
from desktop_app.services.session import OWN_PASSWORD_CHANGE, Session

# What an account looks like in a list and in the audit trail: never the password hash.
PUBLIC_COLUMNS = ("id", "login", "display_name", "role", "active", "failed_logins",
                  "locked_until", "must_change_password", "created_at", "created_by",
                  "updated_at", "updated_by")


def _public(clerk: dict) -> dict:
    return {key: clerk[key] for key in PUBLIC_COLUMNS}


def _existing(session: Session, login: str) -> dict:
    clerk = session.db.clerks.by_login(login.strip())
    if clerk is None:
        raise RuleRefused(N_("There is no clerk with the login {login}."), {"login": login},
                          field=N_("Login"))
    return clerk


def _check_login(login: str) -> str:
    login = login.strip()
    if not login or not login.isascii() or not login.replace("-", "").replace(".", "").replace(
            "_", "").isalnum():
        raise RuleRefused(N_("A login is one word of letters and digits."), field=N_("Login"))
    return login


def create_clerk(session: Session, *, login: str, display_name: str, role: Role | str,
                 password: str, must_change_password: bool = True) -> int:
    """A new account (administrators only); returns its id.

    The clerk chooses their own password at the first sign-in, unless `must_change_password` is
    false (the demo file's accounts, whose passwords are published for trying the roles).
    """
    session.require(Permission.MANAGE_CLERKS)
    login = _check_login(login)
    try:
        role = Role(role)
    except ValueError:
        raise RuleRefused(N_("There is no role called {role}."), {"role": str(role)},
                          field=N_("Role")) from None
    if session.db.clerks.by_login(login) is not None:
        raise RuleRefused(N_("The login {login} is already taken."), {"login": login},
                          field=N_("Login"))
    check_strength(password)
    record = {"login": login, "display_name": display_name.strip() or login, "role": role.value,
              "password_hash": hash_password(password),
              "must_change_password": int(must_change_password), **session.new_record()}
    with session.write("clerk.create", "clerk") as change:
        session.db.clerks.add(record)
        exchange_keys.set_account_password(session.db, login, role, password)
        created = session.db.clerks.by_login(login)
        change.entity_id = login
        change.after = _public(created)
    return created["id"]


def list_clerks(session: Session) -> list[dict]:
    """Every account, active or not (administrators only)."""
    session.require(Permission.MANAGE_CLERKS)
    return [_public(clerk) for clerk in session.db.clerks.all()]


def reset_password(session: Session, login: str, new_password: str) -> None:
    """An administrator sets a new password for another clerk and lifts any lock-out.

    The administrator types the new password and passes it on; no one can read the old one. The
    clerk must replace it with their own at the next sign-in.
    """
    session.require(Permission.MANAGE_CLERKS)
    clerk = _existing(session, login)
    if clerk["login"].lower() == session.clerk.lower():
        raise RuleRefused(N_("Change your own password with your current one instead."))
    check_strength(new_password)
    with session.write("clerk.reset_password", "clerk") as change:
        session.db.clerks.update(clerk["login"], {
            "password_hash": hash_password(new_password), "failed_logins": 0,
            "locked_until": None, "must_change_password": 1, **session.changed_record()})
        # Nobody knows the old password now: a new account key, and the slots come back at
        # the next sign-in of a clerk who holds the office's key.
        exchange_keys.set_account_password(session.db, clerk["login"], clerk["role"],
                                           new_password)
        change.entity_id = clerk["login"]
        change.before = {"locked_until": clerk["locked_until"]}
        change.after = {"password": "reset", "locked_until": None, "must_change_password": True}


def change_own_password(session: Session, current_password: str, new_password: str) -> None:
    """Any clerk, given their current password; the one thing a session may do while its
    password is one an administrator set, and what ends that."""
    clerk = _existing(session, session.clerk)
    if not password_matches(clerk["password_hash"], current_password):
        raise PermissionDenied(N_("The current password is wrong."))
    check_strength(new_password)
    if current_password == new_password:
        raise RuleRefused(N_("The new password must differ from the current one."),
                          field=N_("Password"))
    with session.write(OWN_PASSWORD_CHANGE, "clerk") as change:
        session.db.clerks.update(clerk["login"], {
            "password_hash": hash_password(new_password), "must_change_password": 0,
            **session.changed_record()})
        exchange_keys.set_account_password(session.db, clerk["login"], clerk["role"],
                                           new_password, previous=current_password)
        change.entity_id = clerk["login"]
        change.before = {"must_change_password": bool(clerk["must_change_password"])}
        change.after = {"password": "changed", "must_change_password": False}
    session.must_change_password = False


def _keep_an_administrator(session: Session, clerk: dict) -> None:
    if (clerk["role"] == Role.ADMIN.value and clerk["active"]
            and session.db.clerks.count_active(Role.ADMIN.value) <= 1):
        raise RuleRefused(N_("{login} is the last active administrator."),
                          {"login": clerk["login"]})


def set_active(session: Session, login: str, active: bool) -> None:
    """Deactivate (or reactivate) an account; it stays on file with its name."""
    session.require(Permission.MANAGE_CLERKS)
    clerk = _existing(session, login)
    if bool(clerk["active"]) == active:
        raise RuleRefused(N_("{login} is already active.") if active
                          else N_("{login} is already deactivated."), {"login": clerk["login"]})
    if not active:
        if clerk["login"].lower() == session.clerk.lower():
            raise RuleRefused(N_("You cannot deactivate your own account."))
        _keep_an_administrator(session, clerk)
    action = "clerk.reactivate" if active else "clerk.deactivate"
    with session.write(action, "clerk") as change:
        session.db.clerks.update(clerk["login"], {"active": int(active),
                                                  **session.changed_record()})
        if not active:
            exchange_keys.drop_account(session.db, clerk["login"])
        change.entity_id = clerk["login"]
        change.before, change.after = {"active": bool(clerk["active"])}, {"active": active}


def deactivate(session: Session, login: str) -> None:
    set_active(session, login, False)


def reactivate(session: Session, login: str) -> None:
    set_active(session, login, True)


def change_role(session: Session, login: str, role: Role | str) -> None:
    """Give a clerk another role (administrators only); the last administrator keeps theirs."""
    session.require(Permission.MANAGE_CLERKS)
    clerk = _existing(session, login)
    try:
        role = Role(role)
    except ValueError:
        raise RuleRefused(N_("There is no role called {role}."), {"role": str(role)},
                          field=N_("Role")) from None
    if role.value == clerk["role"]:
        return
    _keep_an_administrator(session, clerk)
    with session.write("clerk.change_role", "clerk") as change:
        session.db.clerks.update(clerk["login"], {"role": role.value,
                                                  **session.changed_record()})
        if not exchange_keys.may_sign_off(role):
            exchange_keys.drop_account(session.db, clerk["login"])
        change.entity_id = clerk["login"]
        change.before, change.after = {"role": clerk["role"]}, {"role": role.value}
