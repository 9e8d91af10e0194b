"""The audit trail: audited reads, search, CSV export, and a chain that names the first bad row."""

from __future__ import annotations

import csv
import sqlite3
from datetime import date

import pytest

from desktop_app.domain.application import Application
from desktop_app.domain.errors import NotGenuine, PermissionDenied, RuleRefused
from desktop_app.domain.roles import Role
from desktop_app.services.audit_trail import (
    AuditFilter,
    export_audit_csv,
    record_event,
    record_view,
    search_audit,
    verify_audit,
)
from desktop_app.services.registration import register
from desktop_app.services.session import Session


def _person(session, family="𠮷田", kana="ヨシダ") -> int:
    return register(session, Application(family_name=family, family_kana=kana, given_name="花子",
                                         given_kana="ハナコ", birth_date="1987-11-07",
                                         kind="furusato", tier="basic"))


@pytest.fixture
def supervisor(admin) -> Session:
    return Session(admin.db, clerk="super1", role=Role.SUPERVISOR, terminal=admin.terminal)


@pytest.fixture
def trail(admin, clerk):
    """A few rows by two clerks about two people, each opened once."""
    first = _person(clerk)
    second = _person(admin, "佐藤", "サトウ")
    record_view(clerk, first)
    record_view(admin, second)
    record_event(clerk, "certificate.print", "registrant", first, {"copies": 1})
    return first, second


def _tamper(db, sql: str, params: tuple = ()) -> None:
    """Change the file behind the app's back, as someone with an SQLite tool would."""
    with sqlite3.connect(db.path) as raw:
        raw.execute(sql, params)


def _audit_ids(db) -> list[int]:
    return [row["id"] for row in reversed(db.audit.recent(1000))]


def test_opening_a_detail_screen_writes_one_row_naming_clerk_and_person(db, clerk, trail):
    first, _ = trail
    rows = [r for r in db.audit.recent(10) if r["action"] == "registrant.view"]
    assert [(r["clerk"], r["entity_id"]) for r in rows][-1] == ("clerk1", str(first))
    assert db.audit.verify() is None


def test_search_by_person_clerk_action_and_date(supervisor, trail):
    first, second = trail
    total, rows = search_audit(supervisor, AuditFilter(person=str(first)))
    assert total == 3 and {r["action"] for r in rows} == {
        "registrant.register", "registrant.view", "certificate.print"}
    total, rows = search_audit(supervisor, AuditFilter(clerk="ADMIN", action="registrant.view"))
    assert total == 1 and rows[0]["entity_id"] == str(second)
    total, _ = search_audit(supervisor, AuditFilter(action="registrant."))
    assert total == 4
    today = date.today()
    assert search_audit(supervisor, AuditFilter(date_from=today, date_to=today))[0] >= 5
    assert search_audit(supervisor, AuditFilter(date_to=date(2020, 1, 1)))[0] == 0
    with pytest.raises(RuleRefused):
        search_audit(supervisor, AuditFilter(person="F-NO-SUCH"))
    with pytest.raises(RuleRefused):
        search_audit(supervisor, AuditFilter(date_from=today, date_to=date(2020, 1, 1)))


def test_search_by_person_finds_rows_about_their_records(supervisor, trail):
    first, _ = trail
    record_event(supervisor, "booking.create", "booking", 77, {"registrant_id": first})
    total, rows = search_audit(supervisor, AuditFilter(person=str(first)))
    assert total == 4 and rows[0]["entity"] == "booking"


@pytest.mark.parametrize("work", [
    lambda s, tmp: search_audit(s, AuditFilter()),
    lambda s, tmp: verify_audit(s),
    lambda s, tmp: export_audit_csv(s, AuditFilter(), tmp / "a.csv"),
])
def test_a_counter_clerk_may_not_search_verify_or_export(clerk, trail, tmp_path, work):
    with pytest.raises(PermissionDenied):
        work(clerk, tmp_path)
    assert not (tmp_path / "a.csv").exists()


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ADMIN])
def test_supervisors_and_administrators_may(admin, trail, tmp_path, role):
    session = Session(admin.db, clerk="someone", role=role, terminal=admin.terminal)
    assert search_audit(session, AuditFilter())[0] > 0
    assert verify_audit(session) > 0
    assert export_audit_csv(session, AuditFilter(), tmp_path / "a.csv") > 0


def test_export_writes_the_filtered_rows_and_is_itself_audited(supervisor, trail, tmp_path, db):
    first, _ = trail
    out = tmp_path / "trail.csv"
    assert export_audit_csv(supervisor, AuditFilter(person=str(first)), out) == 3
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 3 and rows[0]["action"] == "registrant.register"
    assert "𠮷田" in rows[0]["after_json"]  # outside the BMP, kept in UTF-8
    last = db.audit.recent(1)[0]
    assert last["action"] == "audit.export" and '"rows": 3' in last["after_json"]


def test_cp932_export_refuses_a_character_it_cannot_hold_and_leaves_no_file(
        supervisor, trail, tmp_path, db):
    before = db.audit.count()
    with pytest.raises(RuleRefused) as refused:
        export_audit_csv(supervisor, AuditFilter(), tmp_path / "sjis.csv", encoding="cp932")
    rows = [row["after_json"] or "" for row in db.audit.recent(before)][::-1]
    yoshida = next(number for number, text in enumerate(rows, 1) if "𠮷" in text)
    assert refused.value.row == yoshida and refused.value.field == "after_json"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("sjis")]
    assert db.audit.count() == before


def test_an_intact_chain_verifies(supervisor, trail):
    assert verify_audit(supervisor) >= 6


def test_an_edited_row_is_named(supervisor, trail, db):
    target = _audit_ids(db)[3]
    _tamper(db, "UPDATE audit SET clerk = 'someone-else' WHERE id = ?", (target,))
    with pytest.raises(NotGenuine) as broken:
        verify_audit(supervisor)
    assert broken.value.exit_code == 4 and broken.value.params["row"] == target


def test_an_edited_before_after_is_named(supervisor, trail, db):
    target = db.execute("SELECT min(id) FROM audit WHERE after_json LIKE '%𠮷%'").fetchone()[0]
    assert target is not None
    _tamper(db, "UPDATE audit SET after_json = replace(after_json, '𠮷', '吉') WHERE id = ?",
            (target,))
    assert db.audit.verify().row_id == target


def test_a_deleted_row_names_the_row_after_the_gap(supervisor, trail, db):
    ids = _audit_ids(db)
    _tamper(db, "DELETE FROM audit WHERE id = ?", (ids[2],))
    with pytest.raises(NotGenuine) as broken:
        verify_audit(supervisor)
    assert broken.value.params["row"] == ids[3]


def test_deleting_the_newest_rows_shows_too(supervisor, trail, db):
    ids = _audit_ids(db)
    _tamper(db, "DELETE FROM audit WHERE id >= ?", (ids[-2],))
    assert db.audit.verify().row_id == ids[-2]


def test_swapped_rows_are_named(supervisor, trail, db):
    ids = _audit_ids(db)
    a, b = ids[2], ids[3]
    _tamper(db, "UPDATE audit SET id = -1 WHERE id = ?", (a,))
    _tamper(db, "UPDATE audit SET id = ? WHERE id = ?", (a, b))
    _tamper(db, "UPDATE audit SET id = ? WHERE id = -1", (b,))
    assert db.audit.verify().row_id == a


def test_a_row_recomputed_by_hand_still_breaks_the_next_link(supervisor, trail, db):
    """Rewriting one row with a fresh hash of its own does not hide the change."""
    from desktop_app.store.audit import _digest, chained_fields

    ids = _audit_ids(db)
    row = dict(db.execute("SELECT * FROM audit WHERE id = ?", (ids[1],)).fetchone())
    row["clerk"] = "intruder"
    _tamper(db, "UPDATE audit SET clerk = ?, hash = ? WHERE id = ?",
            ("intruder", _digest(row["prev_hash"], chained_fields(row)), ids[1]))
    assert db.audit.verify().row_id == ids[2]


def test_blanking_a_rows_details_without_an_anonymisation_is_named(supervisor, trail, db):
    target = db.execute("SELECT min(id) FROM audit WHERE after_json LIKE '%𠮷%'").fetchone()[0]
    _tamper(db, "UPDATE audit SET after_json = NULL, before_json = NULL WHERE id = ?", (target,))
    assert db.audit.verify().row_id == target
    _tamper(db, "UPDATE audit SET redacted = 1 WHERE id = ?", (target,))
    broken = db.audit.verify()
    assert broken.row_id == target and "no anonymisation names it" in broken.reason
