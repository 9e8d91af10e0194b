"""One look-up of a registrant for every use case, with one refusal; the row helpers and
sqlite-utils stay inside the store's transactions; damaged files come back as our errors."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from desktop_app.domain.application import Application
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.roles import Role
from desktop_app.services import registry_status, stays
from desktop_app.services.audit_trail import AuditFilter, to_query
from desktop_app.services.file_check import check_file
from desktop_app.services.registrant_lookup import find_registrant, find_taking_part
from desktop_app.services.registration import register
from desktop_app.services.session import Session
from desktop_app.store.database import DamagedFile, Database
from desktop_app.store.rows import get_row, insert_row, update_row

TODAY = date(2025, 6, 1)


@pytest.fixture
def numbered(admin, clerk) -> dict:
    """An approved registrant (R7-000001) and one still applying (no number yet)."""
    supervisor = Session(admin.db, clerk="super1", role=Role.SUPERVISOR, terminal=admin.terminal)
    application = Application(family_name="佐藤", given_name="花子", family_kana="サトウ",
                              given_kana="ハナコ", birth_date="1980-05-05", kind="furusato",
                              postal_code="150-0001")
    approved = register(clerk, application, today=TODAY)
    registry_status.approve(supervisor, approved, today=TODAY)
    applying = register(clerk, Application(**{**application.__dict__, "given_name": "次郎",
                                              "given_kana": "ジロウ"}), today=TODAY)
    return {"approved": approved, "applying": applying}


@pytest.mark.parametrize("typed", ["R7-000001", " r7-000001 ", "Ｒ７－０００００１"])
def test_a_registrant_is_found_by_number_as_typed(db, numbered, typed):
    assert find_registrant(db, typed)["id"] == numbered["approved"]


def test_a_registrant_is_found_by_id_and_by_card_code(db, numbered):
    applying = numbered["applying"]
    assert find_registrant(db, applying)["id"] == applying
    assert find_registrant(db, str(applying))["given_name"] == "次郎"
    code = db.registrants.get(applying)["card_code"]
    assert find_registrant(db, code.lower())["id"] == applying


@pytest.mark.parametrize("unknown", ["R7-999999", "999", "", "佐藤"])
def test_an_unknown_registrant_gets_the_one_refusal_naming_the_field(db, numbered, unknown):
    with pytest.raises(RuleRefused) as refused:
        find_registrant(db, unknown)
    assert refused.value.msgid == "No registrant has the number or id {key}."
    assert refused.value.field == "Registrant"


def test_every_use_case_refuses_an_unknown_registrant_the_same_way(admin, numbered):
    facility = stays.add_facility(admin, stays.FacilityInput(name="お試し住宅 A"))
    refusals = []
    for attempt in (
        lambda: registry_status.approve(admin, 999),
        lambda: stays.book(admin, facility_id=facility, registrant="R7-999999",
                           check_in=date(2026, 8, 1), check_out=date(2026, 8, 2)),
        lambda: to_query(admin, AuditFilter(person="R7-999999")),
    ):
        with pytest.raises(RuleRefused) as refused:
            attempt()
        refusals.append((refused.value.msgid, refused.value.field))
    assert set(refusals) == {("No registrant has the number or id {key}.", "Registrant")}


def test_taking_part_refuses_a_revoked_registration(admin, db, numbered):
    registry_status.revoke(admin, numbered["approved"], "本人の申出")
    with pytest.raises(RuleRefused) as refused:
        find_taking_part(db, "R7-000001")
    assert refused.value.message == "登録者: 佐藤 花子さんの登録は取消または抹消されています。"
    assert find_registrant(db, "R7-000001")["status"] == "revoked"


def _facility_row(session: Session) -> dict:
    return {"name": "お試し住宅 B", **session.new_record()}


def test_a_rollback_undoes_rows_written_through_sqlite_utils(db, admin, db_path):
    facility = insert_row(db, "facilities", _facility_row(admin))
    other = sqlite3.connect(db_path)  # what another counter sees while the work is open
    try:
        with pytest.raises(RuntimeError), db.transaction():
            added = insert_row(db, "facilities", _facility_row(admin))
            assert update_row(db, "facilities", facility, {"capacity": 4}) == 1
            assert db.connection.in_transaction  # sqlite-utils did not commit behind our back
            assert other.execute("SELECT count(*) FROM facilities").fetchone()[0] == 1
            raise RuntimeError("power cut")
    finally:
        other.close()
    assert get_row(db, "facilities", added) is None
    kept = get_row(db, "facilities", facility)
    assert (kept["capacity"], kept["version"]) == (1, 1)


def test_update_row_bumps_the_version_and_reports_a_missing_row(db, admin):
    facility = insert_row(db, "facilities", _facility_row(admin))
    with db.transaction():
        assert update_row(db, "facilities", facility, {"capacity": 3}) == 1
        assert update_row(db, "facilities", facility + 100, {"capacity": 3}) == 0
    assert (get_row(db, "facilities", facility)["version"]) == 2


def test_sqlite_utils_leaves_the_connection_as_the_store_set_it(db):
    assert db.table_counts()["facilities"] == 0  # sqlite-utils is in use on this connection
    assert db.execute("PRAGMA recursive_triggers").fetchone()[0] == 0  # SQLite's default
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_file_that_is_not_a_database_is_our_error_and_checks_unsound(tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all, just some bytes " * 200)
    with pytest.raises(DamagedFile):
        Database(junk)
    report = check_file(junk)
    assert report["sound"] is False and report["problems"]


def test_a_sound_file_checks_sound_with_its_table_counts(admin, db_path):
    admin.db.close()
    report = check_file(db_path)
    assert report["sound"] and report["tables"]["office"] == 1
