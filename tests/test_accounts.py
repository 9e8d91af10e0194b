"""Clerk accounts and sign-in: who may manage accounts, lock-out, and the audit rows they leave."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from desktop_app.domain.errors import PermissionDenied, RuleRefused
from desktop_app.domain.policy import SIGN_IN_LOCKOUT_MINUTES, SIGN_IN_MAX_FAILURES
from desktop_app.domain.roles import Role
from desktop_app.services import accounts
from desktop_app.services.policy import change_setting, setting
from desktop_app.services.sign_in import AccountLocked, confirm_password, sign_in
from tests.accounts_helpers import add_account
from tests.conftest import ADMIN_PASSWORD

PASSWORD = "window-pass-22"


@pytest.fixture
def staff(admin):
    """A counter clerk and a supervisor with real accounts in use, signed in."""
    add_account(admin, "clerk1", Role.CLERK, PASSWORD, "窓口 花子")
    add_account(admin, "super1", Role.SUPERVISOR, PASSWORD, "監督 次郎")
    return {Role.ADMIN: admin, Role.CLERK: sign_in(admin.db, "clerk1", PASSWORD),
            Role.SUPERVISOR: sign_in(admin.db, "super1", PASSWORD)}


ACCOUNT_ACTIONS = {
    "create": lambda s: accounts.create_clerk(s, login="new1", display_name="新人",
                                              role=Role.CLERK, password=PASSWORD),
    "list": lambda s: accounts.list_clerks(s),
    "reset": lambda s: accounts.reset_password(s, "clerk1", "another-pass-9"),
    "deactivate": lambda s: accounts.deactivate(s, "clerk1"),
    "change_role": lambda s: accounts.change_role(s, "clerk1", Role.SUPERVISOR),
    "setting": lambda s: change_setting(s, SIGN_IN_MAX_FAILURES, 3),
}


@pytest.mark.parametrize("action", sorted(ACCOUNT_ACTIONS))
@pytest.mark.parametrize("role", [Role.CLERK, Role.SUPERVISOR])
def test_only_an_administrator_manages_accounts(staff, role, action):
    before = staff[Role.ADMIN].db.audit.count()
    with pytest.raises(PermissionDenied):
        ACCOUNT_ACTIONS[action](staff[role])
    assert staff[Role.ADMIN].db.audit.count() == before  # nothing written, not even audit


@pytest.mark.parametrize("action", sorted(ACCOUNT_ACTIONS))
def test_an_administrator_manages_accounts(staff, action):
    ACCOUNT_ACTIONS[action](staff[Role.ADMIN])


def test_created_clerk_signs_in_with_their_role_and_the_hash_is_argon2id(staff, db):
    assert staff[Role.SUPERVISOR].role is Role.SUPERVISOR
    stored = db.clerks.by_login("clerk1")
    assert stored["password_hash"].startswith("$argon2id$")
    assert PASSWORD not in stored["password_hash"]
    listed = accounts.list_clerks(staff[Role.ADMIN])
    assert {c["login"] for c in listed} == {"admin", "clerk1", "super1"}
    assert all("password_hash" not in c for c in listed)


def test_create_refuses_taken_login_weak_password_and_unknown_role(admin):
    with pytest.raises(RuleRefused):
        accounts.create_clerk(admin, login="ADMIN", display_name="", role=Role.CLERK,
                              password=PASSWORD)
    with pytest.raises(RuleRefused):
        accounts.create_clerk(admin, login="x1", display_name="", role=Role.CLERK,
                              password="short")
    with pytest.raises(RuleRefused):
        accounts.create_clerk(admin, login="x2", display_name="", role="mayor",
                              password=PASSWORD)
    with pytest.raises(RuleRefused):
        accounts.create_clerk(admin, login="two words", display_name="", role=Role.CLERK,
                              password=PASSWORD)


def test_reset_password_lets_the_new_one_in_and_never_stores_it_readably(staff, db):
    accounts.reset_password(staff[Role.ADMIN], "clerk1", "fresh-pass-33")
    with pytest.raises(PermissionDenied):
        sign_in(db, "clerk1", PASSWORD)
    assert sign_in(db, "clerk1", "fresh-pass-33").clerk == "clerk1"
    row = db.audit.recent(50)
    assert not any("fresh-pass-33" in str(r) for r in row)
    assert any(r["action"] == "clerk.reset_password" for r in row)


def test_an_administrator_cannot_reset_their_own_password_that_way(admin):
    with pytest.raises(RuleRefused):
        accounts.reset_password(admin, "admin", "fresh-pass-33")


def test_change_own_password_needs_the_current_one(staff, db):
    clerk = staff[Role.CLERK]
    with pytest.raises(PermissionDenied):
        accounts.change_own_password(clerk, "not-the-password", "brand-new-pass")
    accounts.change_own_password(clerk, PASSWORD, "brand-new-pass")
    assert sign_in(db, "clerk1", "brand-new-pass").role is Role.CLERK


def test_deactivated_clerk_cannot_sign_in_but_stays_on_file(staff, db):
    accounts.deactivate(staff[Role.ADMIN], "clerk1")
    with pytest.raises(PermissionDenied):
        sign_in(db, "clerk1", PASSWORD)
    assert db.clerks.by_login("clerk1")["active"] == 0
    accounts.reactivate(staff[Role.ADMIN], "clerk1")
    assert sign_in(db, "clerk1", PASSWORD).clerk == "clerk1"


def test_the_last_administrator_is_kept(admin):
    with pytest.raises(RuleRefused):
        accounts.deactivate(admin, "admin")
    with pytest.raises(RuleRefused):
        accounts.change_role(admin, "admin", Role.CLERK)
    accounts.create_clerk(admin, login="admin2", display_name="", role=Role.ADMIN,
                          password=PASSWORD)
    accounts.change_role(admin, "admin2", Role.CLERK)
    with pytest.raises(RuleRefused):
        accounts.change_role(admin, "admin", Role.CLERK)


def test_lock_out_after_the_set_number_of_failures_with_remaining_time(staff, db):
    assert setting(db, SIGN_IN_MAX_FAILURES) == 5  # the default, from one place
    change_setting(staff[Role.ADMIN], SIGN_IN_MAX_FAILURES, 3)
    change_setting(staff[Role.ADMIN], SIGN_IN_LOCKOUT_MINUTES, 10)
    start = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    for _ in range(2):
        with pytest.raises(PermissionDenied) as wrong:
            sign_in(db, "clerk1", "guess-guess", now=start)
        assert not isinstance(wrong.value, AccountLocked)
    with pytest.raises(AccountLocked) as locked:
        sign_in(db, "clerk1", "guess-guess", now=start)
    assert locked.value.exit_code == 5
    assert locked.value.params == {"minutes": 10, "seconds": 0}
    assert "10" in locked.value.message
    # the right password does not help while the lock lasts, and the message counts down
    later = start + timedelta(minutes=6, seconds=30)
    with pytest.raises(AccountLocked) as still:
        sign_in(db, "clerk1", PASSWORD, now=later)
    assert still.value.params == {"minutes": 3, "seconds": 30}
    assert sign_in(db, "clerk1", PASSWORD, now=start + timedelta(minutes=10, seconds=1))
    actions = [r["action"] for r in reversed(db.audit.recent(5))]
    assert actions == ["sign_in.failed", "sign_in.failed", "sign_in.locked",
                       "sign_in.refused_locked", "sign_in.ok"]


def test_a_success_resets_the_failure_count(staff, db):
    for _ in range(4):
        with pytest.raises(PermissionDenied):
            sign_in(db, "clerk1", "guess-guess")
    sign_in(db, "clerk1", PASSWORD)
    for _ in range(4):
        with pytest.raises(PermissionDenied) as wrong:
            sign_in(db, "clerk1", "guess-guess")
        assert not isinstance(wrong.value, AccountLocked)


def test_an_administrator_reset_lifts_a_lock(staff, db):
    for _ in range(5):
        with pytest.raises(PermissionDenied):
            sign_in(db, "clerk1", "guess-guess")
    with pytest.raises(AccountLocked):
        sign_in(db, "clerk1", PASSWORD)
    accounts.reset_password(staff[Role.ADMIN], "clerk1", "fresh-pass-33")
    assert sign_in(db, "clerk1", "fresh-pass-33")


def test_unknown_login_and_wrong_password_read_alike_and_are_audited(staff, db):
    with pytest.raises(PermissionDenied) as unknown:
        sign_in(db, "nobody", PASSWORD)
    with pytest.raises(PermissionDenied) as wrong:
        sign_in(db, "clerk1", "guess-guess")
    assert unknown.value.message == wrong.value.message
    rows = db.audit.recent(2)
    assert [(r["action"], r["entity_id"]) for r in rows] == [
        ("sign_in.failed", "clerk1"), ("sign_in.failed", "nobody")]
    assert db.audit.verify() is None


def test_confirm_password_for_the_idle_lock(staff):
    confirm_password(staff[Role.CLERK], PASSWORD)
    with pytest.raises(PermissionDenied):
        confirm_password(staff[Role.CLERK], ADMIN_PASSWORD)


def test_setting_values_are_checked(admin):
    with pytest.raises(RuleRefused):
        change_setting(admin, SIGN_IN_MAX_FAILURES, 0)
    with pytest.raises(RuleRefused):
        change_setting(admin, SIGN_IN_MAX_FAILURES, "five")
    with pytest.raises(RuleRefused):
        change_setting(admin, "no.such.key", 1)
