"""Access campaign: nobody reaches personal data without being signed in, in the right role.

The permission × role list comes from the code's own table (`domain.roles.GRANTS`) and the
commands from walking the argparse tree, so a new permission or command is covered at once.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.domain.errors import PermissionDenied
from desktop_app.domain.policy import SIGN_IN_MAX_FAILURES
from desktop_app.domain.roles import GRANTS, Permission, Role
from desktop_app.services import accounts
from desktop_app.services.policy import change_setting
from desktop_app.services.session import Session
from desktop_app.services.sign_in import AccountLocked, sign_in
from desktop_app.services.sync_pairing import invite
from tests.accounts_helpers import GIVEN_PASSWORD, add_account
from tests.conftest import ADMIN_PASSWORD
from tests.reliability.cli_walk import cheap_password_hashing, leaf_commands, parsing_argv

ROOT = Path(__file__).resolve().parents[2]

# What the town's rules say each role may do, written out apart from the code's table: a
# permission added to the code fails here until someone decides who holds it.
EXPECTED = {
    Permission.VIEW_PERSONAL_DATA: {Role.CLERK, Role.SUPERVISOR, Role.ADMIN},
    Permission.REGISTER: {Role.CLERK, Role.SUPERVISOR, Role.ADMIN},
    Permission.PRINT: {Role.CLERK, Role.SUPERVISOR, Role.ADMIN},
    Permission.APPROVE: {Role.SUPERVISOR, Role.ADMIN},
    Permission.EXPORT: {Role.SUPERVISOR, Role.ADMIN},
    Permission.SIGN_OFF: {Role.SUPERVISOR, Role.ADMIN},
    Permission.VIEW_AUDIT: {Role.SUPERVISOR, Role.ADMIN},
    Permission.DISCLOSE: {Role.SUPERVISOR, Role.ADMIN},
    Permission.ANONYMISE: {Role.SUPERVISOR, Role.ADMIN},
    Permission.BACKUP: {Role.SUPERVISOR, Role.ADMIN},
    Permission.MANAGE_CLERKS: {Role.ADMIN},
    Permission.CHANGE_SETTINGS: {Role.ADMIN},
    Permission.LOAD_DEMO: {Role.ADMIN},
    Permission.RESTORE: {Role.ADMIN},
    Permission.EMERGENCY_LIST: {Role.SUPERVISOR, Role.ADMIN},
}

# Commands that run without anyone signed in, each because it shows no personal data.
NO_SIGN_IN = {
    ("init",): "sets up a new, empty office file",
    ("prefecture", "init"): "sets up a new, empty prefecture file",
    ("check",): "counts rows and checks the file's structure, no names",
    ("registrants", "template"): "writes the empty ledger template",
    ("facilities", "list"): "lists trial-stay facilities, no registrants",
    ("verify-package",): "checks a package's signature against a trusted key",
}
# Signs in against the invitation's copy of the register, into a new file: checked apart below.
JOINS = ("sync", "join")

@pytest.fixture(autouse=True)
def _cheap_hashing(monkeypatch):
    """Every test here signs in many times."""
    cheap_password_hashing(monkeypatch)


LEAVES = [(path, parser) for path, parser in leaf_commands()]
GUARDED = [path for path, _ in LEAVES if path not in NO_SIGN_IN and path != JOINS]
STATES = {"not signed in": {}, "wrong password": {"clerk": "admin", "password": "wrong-1"},
          "locked out": {"clerk": "locked", "password": "locked-pass-1"},
          "must change password": {"clerk": "fresh", "password": GIVEN_PASSWORD}}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("permission", list(Permission))
def test_every_permission_is_granted_and_refused_as_the_rules_say(admin, role, permission):
    assert permission in EXPECTED, f"decide which roles hold {permission}"
    session = Session(admin.db, clerk="someone", role=role, terminal=admin.terminal)
    if role in EXPECTED[permission]:
        session.require(permission)
    else:
        with pytest.raises(PermissionDenied) as refused:
            session.require(permission)
        assert permission.value in refused.value.message
    forced = Session(admin.db, clerk="someone", role=role, terminal=admin.terminal,
                     must_change_password=True)
    with pytest.raises(PermissionDenied):
        forced.require(permission)


def test_the_table_grants_nothing_the_rules_do_not():
    granted = {(p, r) for r, ps in GRANTS.items() for p in ps}
    assert granted == {(p, r) for p, rs in EXPECTED.items() for r in rs}


@pytest.mark.parametrize("permission", list(Permission))
def test_every_permission_guards_something(permission):
    """A permission no code asks for protects nothing."""
    pattern = re.compile(rf"Permission\.{permission.name}\b")
    sources = [*(ROOT / "desktop_app" / "services").rglob("*.py"),
               *(ROOT / "desktop_app" / "commands").rglob("*.py")]
    assert any(pattern.search(path.read_text(encoding="utf-8")) for path in sources)


def _run(argv, monkeypatch, *, clerk=None, password=ADMIN_PASSWORD) -> tuple[int, str]:
    monkeypatch.delenv("FUTASATO_CLERK", raising=False)
    if clerk:
        monkeypatch.setenv("FUTASATO_CLERK", clerk)
    monkeypatch.setenv("FUTASATO_PASSWORD", password)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(argv)
    return code, err.getvalue()


@pytest.fixture
def office(admin, tmp_path):
    """An office with: a clerk whose password an administrator set, and one locked out."""
    db = admin.db
    change_setting(admin, SIGN_IN_MAX_FAILURES, 100)  # the wrong-password runs must not lock
    accounts.create_clerk(admin, login="fresh", display_name="", role=Role.ADMIN,
                          password=GIVEN_PASSWORD)
    add_account(admin, "locked", Role.ADMIN, "locked-pass-1")
    change_setting(admin, SIGN_IN_MAX_FAILURES, 1)
    with pytest.raises(PermissionDenied):
        sign_in(db, "locked", "wrong")
    with pytest.raises(AccountLocked):
        sign_in(db, "locked", "locked-pass-1")
    change_setting(admin, SIGN_IN_MAX_FAILURES, 100)
    folder = tmp_path / "files"
    folder.mkdir()
    return db, folder


def _counts(db) -> tuple[int, int]:
    return (db.execute("SELECT count(*) FROM registrants").fetchone()[0], db.audit.count())


def _rows_since(db, last: int) -> list[str]:
    """The audit rows written after row `last` other than the sign-in's own."""
    return [row[0] for row in db.execute(
        "SELECT action FROM audit WHERE id > ? AND action NOT LIKE 'sign\\_in.%' ESCAPE '\\'",
        (last,))]


def test_every_command_refuses_who_may_not_use_it(office, monkeypatch):
    """Not signed in, a wrong password, locked out, or a password still to be chosen: exit 5
    with a message, and nothing written, not even a view's audit row, but the sign-in's own."""
    db, folder = office
    failures = []
    parsers = dict(LEAVES)
    for path in GUARDED:
        argv = ["--db", str(db.path), *parsing_argv(path, parsers[path], folder)]
        for state, who in STATES.items():
            if path == ("clerk", "passwd") and state == "must change password":
                continue  # the one command such a clerk may run
            registrants_before = _counts(db)[0]
            last = db.execute("SELECT max(id) FROM audit").fetchone()[0]
            code, message = _run(argv, monkeypatch, **who)
            written = _rows_since(db, last)
            if (code != 5 or not message.strip() or _counts(db)[0] != registrants_before
                    or written):
                failures.append((" ".join(path), state, code, message.strip()[:120], written))
    assert failures == [], "\n".join(map(str, failures))


def test_the_allow_list_names_real_commands():
    assert {*NO_SIGN_IN, JOINS} <= {path for path, _ in LEAVES}
    assert len(GUARDED) > 70  # the walk found the commands


def test_joining_a_counter_refuses_who_may_not_set_it_up(admin, office, monkeypatch):
    """`sync join` checks the clerk against the invitation's register: refused (exit 5) in each
    state like every other command, and no half-made counter file is left to block a retry."""
    _db, folder = office
    made = invite(admin, ADMIN_PASSWORD, folder)
    monkeypatch.setenv("FUTASATO_INVITE_SECRET", made.secret)
    failures = []
    for number, (state, who) in enumerate(STATES.items()):
        target = folder / f"counter-{number}.sqlite"
        argv = ["--db", str(target), *JOINS, str(made.path), "--counter", "1"]
        code, message = _run(argv, monkeypatch, **who)
        if code != 5 or not message.strip() or target.exists():
            failures.append((state, code, message.strip()[:120], target.exists()))
    assert failures == [], "\n".join(map(str, failures))
    target = folder / "counter-4.sqlite"
    code, message = _run(["--db", str(target), *JOINS, str(made.path), "--counter", "1"],
                         monkeypatch, clerk="admin")
    assert (code, message) == (0, "") and target.exists()
