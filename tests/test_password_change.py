"""A password an administrator set must be replaced by the clerk's own before anything else."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from desktop_app import cli
from desktop_app.domain.application import Application
from desktop_app.domain.errors import PermissionDenied, RuleRefused
from desktop_app.domain.policy import SIGN_IN_MAX_FAILURES
from desktop_app.domain.roles import Permission, Role
from desktop_app.services import accounts
from desktop_app.services.passwords import hash_password
from desktop_app.services.policy import change_setting
from desktop_app.services.registration import register
from desktop_app.services.sign_in import sign_in
from desktop_app.store.database import Database
from desktop_app.store.migrations import MIGRATIONS
from desktop_app.store.records import new_record
from tests.accounts_helpers import add_account
from tests.conftest import ADMIN_PASSWORD

OWN = "window-pass-22"
GIVEN = "given-pass-33"


def _application() -> Application:
    return Application(family_name="佐藤", family_kana="サトウ", given_name="花子",
                       given_kana="ハナコ", birth_date="1985-04-01", kind="furusato",
                       tier="basic", prefecture="東京都", city="世田谷区", phone="090-1111-2222")


def _flag(db, login: str) -> int:
    return db.clerks.by_login(login)["must_change_password"]


def _actions_about(db, login: str) -> list[str]:
    return [r["action"] for r in reversed(db.audit.recent(100)) if r["entity_id"] == login]


@pytest.fixture
def reset_clerk(admin):
    """clerk1 had their own password; an administrator has just reset it to GIVEN."""
    add_account(admin, "clerk1", Role.CLERK, OWN, "窓口 花子")
    assert _flag(admin.db, "clerk1") == 0
    accounts.reset_password(admin, "clerk1", GIVEN)
    return admin.db


WRITES = {
    "register": lambda s: register(s, _application()),
    "setting": lambda s: change_setting(s, SIGN_IN_MAX_FAILURES, 3),
    "create clerk": lambda s: accounts.create_clerk(s, login="new1", display_name="",
                                                    role=Role.CLERK, password=GIVEN),
    "list clerks": lambda s: accounts.list_clerks(s),
    "require": lambda s: s.require(Permission.PRINT),
}


@pytest.mark.parametrize("action", sorted(WRITES))
def test_after_a_reset_nothing_but_the_password_change_is_allowed(reset_clerk, admin, action):
    db = reset_clerk
    session = sign_in(db, "clerk1", GIVEN)
    assert session.must_change_password
    if action in ("setting", "create clerk", "list clerks"):  # also an administrator's work
        accounts.create_clerk(admin, login="admin2", display_name="", role=Role.ADMIN,
                              password=GIVEN)
        session = sign_in(db, "admin2", GIVEN)
        assert session.must_change_password
    before = db.audit.count()
    with pytest.raises(PermissionDenied) as refused:
        WRITES[action](session)
    assert refused.value.exit_code == 5
    assert refused.value.msgid.startswith("A new password must be chosen first")
    assert session.clerk in refused.value.message
    assert "パスワード" in refused.value.message  # the clerk reads it in Japanese
    assert db.audit.count() == before
    assert db.clerks.by_login("new1") is None


def test_changing_the_password_clears_the_flag_and_the_session_works(reset_clerk):
    db = reset_clerk
    assert _flag(db, "clerk1") == 1
    session = sign_in(db, "clerk1", GIVEN)
    with pytest.raises(PermissionDenied):
        register(session, _application())
    with pytest.raises(PermissionDenied):
        session.write("registrant.register", "registrant").__enter__()
    accounts.change_own_password(session, GIVEN, "my-own-pass-44")
    assert not session.must_change_password and _flag(db, "clerk1") == 0
    assert register(session, _application()) > 0  # the same session may work now
    assert not sign_in(db, "clerk1", "my-own-pass-44").must_change_password
    with pytest.raises(PermissionDenied):
        sign_in(db, "clerk1", GIVEN)
    rows = {r["action"]: r for r in db.audit.recent(100) if r["entity_id"] == "clerk1"}
    assert '"must_change_password": true' in rows["clerk.reset_password"]["after_json"]
    assert "my-own-pass-44" not in str(db.audit.recent(100)) and GIVEN not in str(
        db.audit.recent(100))
    assert db.audit.verify() is None


def test_the_audit_trail_tells_the_story(reset_clerk):
    db = reset_clerk
    session = sign_in(db, "clerk1", GIVEN)
    accounts.change_own_password(session, GIVEN, "my-own-pass-44")
    sign_in(db, "clerk1", "my-own-pass-44")
    rows = [r for r in reversed(db.audit.recent(100)) if r["entity_id"] == "clerk1"]
    story = [(r["action"], r["clerk"]) for r in rows][-4:]
    assert story == [("clerk.reset_password", "admin"), ("sign_in.ok", "clerk1"),
                     ("clerk.change_password", "clerk1"), ("sign_in.ok", "clerk1")]
    forced_sign_in, changed, free_sign_in = rows[-3], rows[-2], rows[-1]
    assert "must_change_password" in (forced_sign_in["after_json"] or "")
    assert '"must_change_password": false' in changed["after_json"]
    assert not free_sign_in["after_json"] or "must_change" not in free_sign_in["after_json"]


def test_the_temporary_password_must_be_right_long_enough_and_replaced(reset_clerk):
    db = reset_clerk
    session = sign_in(db, "clerk1", GIVEN)
    with pytest.raises(PermissionDenied):
        accounts.change_own_password(session, "not-the-given", "my-own-pass-44")
    with pytest.raises(RuleRefused):
        accounts.change_own_password(session, GIVEN, "short")
    with pytest.raises(RuleRefused):
        accounts.change_own_password(session, GIVEN, GIVEN)
    assert session.must_change_password and _flag(db, "clerk1") == 1


def test_the_set_up_administrator_is_not_forced(admin, db):
    assert _flag(db, "admin") == 0
    session = sign_in(db, "admin", ADMIN_PASSWORD)
    assert not session.must_change_password
    change_setting(session, SIGN_IN_MAX_FAILURES, 4)


def test_a_new_clerk_is_forced_and_the_list_says_so(admin, db):
    accounts.create_clerk(admin, login="new1", display_name="新人", role=Role.SUPERVISOR,
                          password=GIVEN)
    assert sign_in(db, "new1", GIVEN).must_change_password
    listed = {c["login"]: c for c in accounts.list_clerks(admin)}
    assert listed["new1"]["must_change_password"] == 1
    assert listed["admin"]["must_change_password"] == 0
    created = next(r for r in db.audit.recent(50) if r["action"] == "clerk.create")
    assert '"must_change_password": 1' in created["after_json"]


def test_an_account_made_for_trying_the_roles_can_be_left_unforced(admin, db):
    accounts.create_clerk(admin, login="demo1", display_name="", role=Role.CLERK,
                          password=GIVEN, must_change_password=False)
    assert not sign_in(db, "demo1", GIVEN).must_change_password


def test_clerks_on_a_schema_7_file_are_not_forced_after_the_upgrade(tmp_path):
    path = tmp_path / "v7.sqlite"
    with closing(sqlite3.connect(path)) as connection:
        for number in range(1, 8):
            MIGRATIONS[number](connection)
            connection.execute(f"PRAGMA user_version = {number}")
        record = {"login": "old1", "display_name": "", "role": "clerk",
                  "password_hash": hash_password(OWN), **new_record("admin", "T-1")}
        connection.execute(f"INSERT INTO clerks ({', '.join(record)}) VALUES "
                           f"({', '.join('?' for _ in record)})", tuple(record.values()))
        connection.commit()
    db = Database(path)
    try:
        assert db.schema_version >= 8 and _flag(db, "old1") == 0
        assert not sign_in(db, "old1", OWN).must_change_password
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("UPDATE clerks SET must_change_password = 2 WHERE login = 'old1'")
    finally:
        db.close()


@pytest.fixture
def run(reset_clerk, monkeypatch, capsys):
    path = reset_clerk.path
    reset_clerk.close()  # the command is the only one with the file open

    def futasato(*args, clerk="clerk1", password=GIVEN, new_password=None, lang="en"):
        monkeypatch.setenv("FUTASATO_CLERK", clerk)
        monkeypatch.setenv("FUTASATO_PASSWORD", password)
        if new_password:
            monkeypatch.setenv("FUTASATO_NEW_PASSWORD", new_password)
        else:
            monkeypatch.delenv("FUTASATO_NEW_PASSWORD", raising=False)
        code = cli.main(["--lang", lang, "--db", str(path), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    futasato.path = path
    return futasato


@pytest.mark.parametrize("args", [
    ("audit", "verify"),
    ("clerk", "list"),
    ("registrants", "add", "--family-name", "佐藤", "--family-kana", "サトウ", "--birth-date",
     "1985-04-01", "--kind", "dual"),
])
def test_the_command_line_refuses_until_the_password_is_changed(run, args):
    code, out, err = run(*args)
    assert code == 5 and out == ""
    assert "futasato clerk passwd" in err and "clerk1" in err


def test_the_command_line_refuses_in_japanese_too(run):
    code, _out, err = run("audit", "verify", lang="ja")
    assert code == 5 and "futasato clerk passwd" in err and "パスワード" in err


def test_after_clerk_passwd_commands_work_again(run):
    code, out, err = run("clerk", "passwd", new_password="my-own-pass-44")
    assert code == 0 and "changed" in out, err
    code, out, err = run("registrants", "add", "--family-name", "佐藤", "--family-kana", "サトウ",
                         "--birth-date", "1985-04-01", "--kind", "dual",
                         password="my-own-pass-44")
    assert code == 0 and out.strip(), err
    code, _out, err = run("audit", "verify")  # the temporary password is gone
    assert code == 5 and "wrong" in err
    db = Database(run.path)
    try:
        assert _flag(db, "clerk1") == 0
        assert "clerk.change_password" in _actions_about(db, "clerk1")
    finally:
        db.close()


def test_a_session_rebuilt_on_another_connection_keeps_the_password_state(reset_clerk, db_path):
    session = sign_in(reset_clerk, "clerk1", GIVEN)
    other = Database(db_path)
    try:
        worker = session.on(other)
        assert worker.db is other and worker is not session
        assert (worker.clerk, worker.role, worker.terminal, worker.must_change_password) == (
            session.clerk, session.role, session.terminal, True)
        with pytest.raises(PermissionDenied):  # the worker's copy refuses the same writes
            register(worker, _application())
    finally:
        other.close()
