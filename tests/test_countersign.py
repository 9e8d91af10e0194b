"""Four eyes at one PC: a supervisor approves at a clerk's counter with their own password."""

from __future__ import annotations

import pytest

from desktop_app.domain.application import Application
from desktop_app.domain.errors import PermissionDenied
from desktop_app.domain.registrant import Status, next_statuses
from desktop_app.domain.roles import Role
from desktop_app.services.accounts import create_clerk
from desktop_app.services.demo_accounts import demo_sign_ins
from desktop_app.services.registration import register
from desktop_app.services.registry_status import approve_countersigned
from desktop_app.services.sign_in import sign_in


@pytest.fixture
def counter(admin):
    """The clerk signed in at the counter, a supervisor and a second clerk with accounts, and an
    application the clerk entered."""
    for login, role in (("madoguchi", Role.CLERK), ("kantoku", Role.SUPERVISOR),
                        ("tonari", Role.CLERK)):
        create_clerk(admin, login=login, display_name=login, role=role,
                     password=f"{login}-pass-1", must_change_password=False)
    clerk = sign_in(admin.db, "madoguchi", "madoguchi-pass-1")
    person = register(clerk, Application(family_name="山田", family_kana="ヤマダ",
                                         birth_date="1990-01-01", kind="dual"))
    return clerk, person


def test_the_supervisor_approves_under_their_own_name(admin, counter):
    clerk, person = counter
    number = approve_countersigned(clerk, "kantoku", "kantoku-pass-1", person)
    record = admin.db.registrants.get(person)
    assert record["status"] == "registered" and record["registrant_no"] == number
    assert record["approved_by"] == "kantoku"
    latest = admin.db.audit.recent(1)[0]
    assert (latest["action"], latest["clerk"]) == ("registrant.approve", "kantoku")
    assert latest["terminal"] == clerk.terminal  # at the clerk's counter


@pytest.mark.parametrize(("login", "password"), [
    ("kantoku", "wrong"),  # the supervisor's password is wrong
    ("tonari", "tonari-pass-1"),  # a clerk may not approve
    ("madoguchi", "madoguchi-pass-1"),  # the clerk at the counter cannot sign for themselves
])
def test_a_wrong_countersignature_changes_nothing(admin, counter, login, password):
    clerk, person = counter
    with pytest.raises(PermissionDenied):
        approve_countersigned(clerk, login, password, person)
    assert admin.db.registrants.get(person)["status"] == "applied"
    assert all(row["action"] != "registrant.approve" for row in admin.db.audit.recent(20))


def test_a_wrong_supervisor_password_counts_towards_the_lock_out(admin, counter):
    clerk, person = counter
    with pytest.raises(PermissionDenied):
        approve_countersigned(clerk, "kantoku", "wrong", person)
    assert admin.db.clerks.by_login("kantoku")["failed_logins"] == 1


def test_the_file_offers_approval_only_to_an_application():
    assert Status.REGISTERED in next_statuses(Status.APPLIED)
    assert Status.REGISTERED not in next_statuses(Status.REGISTERED)
    assert next_statuses(Status.ERASED) == frozenset()


def test_an_office_file_that_is_no_demo_shows_no_accounts(admin):
    assert demo_sign_ins(admin.db) == ()
