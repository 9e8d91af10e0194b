"""The change log: every write to a synced record leaves its changes, with its audit row."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from desktop_app.domain.application import Application
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.roles import Role
from desktop_app.services import registry_status as status
from desktop_app.services import stays, vouchers
from desktop_app.services.anonymise import anonymise_erased
from desktop_app.services.consultations import complete_follow_up, record_consultation
from desktop_app.services.involvement import log_involvement
from desktop_app.services.merge import merge, undo_merge
from desktop_app.services.printing import issue_certificate, void_certificate
from desktop_app.services.registration import update_details
from desktop_app.services.session import Session
from desktop_app.services.sign_in import sign_in
from desktop_app.services.vouchers import BatchInput
from desktop_app.store.database import Database
from desktop_app.store.migrations import SYNCED_TABLES
from desktop_app.store.migrations.m012_change_log import BOOKKEEPING
from tests.stays_helpers import add_person
from tests.test_schema_fixtures import ADMIN_PASSWORD, _copy

TODAY = date(2026, 6, 1)
# Tables with the record columns that stay on their counter (accounts travel with an invitation).
LOCAL_TABLES = {"office", "clerks"}


@pytest.fixture
def supervisor(admin) -> Session:
    return Session(admin.db, clerk="super1", role=Role.SUPERVISOR, terminal=admin.terminal)


def _new(db, since: int) -> list[dict]:
    return list(db.changes.since(db.office.get()["terminal_id"], since))


def _uuid(db, table: str, row_id: int) -> str:
    return db.execute(f"SELECT uuid FROM {table} WHERE id = ?", (row_id,)).fetchone()[0]


def _last(db) -> int:
    return db.changes.last_sequence(db.office.get()["terminal_id"])


def test_a_registration_and_its_approval_are_changes_with_their_audit_rows(clerk, supervisor,
                                                                           db):
    terminal = db.office.get()["terminal_id"]
    person = add_person(clerk, "𠮷田", "ヨシダ", "誠", "マコト", "1989-01-08")
    number = status.approve(supervisor, person, today=TODAY)
    inserted, approved = db.changes.of_record("registrants", _uuid(db, "registrants", person))
    assert (inserted["operation"], inserted["base_version"], inserted["version"]) == (
        "insert", 0, 1)
    assert inserted["old_values"] is None
    assert inserted["new_values"]["family_name"] == "𠮷田"  # beyond the BMP, as typed
    assert inserted["new_values"]["status"] == "applied"
    assert not set(BOOKKEEPING) & set(inserted["new_values"])
    assert (approved["operation"], approved["base_version"], approved["version"]) == (
        "update", 1, 2)
    assert approved["old_values"] == {"registrant_no": None, "status": "applied",
                                      "registered_on": None, "valid_until": None,
                                      "approved_by": ""}
    assert approved["new_values"]["registrant_no"] == number
    assert approved["new_values"]["status"] == "registered"
    assert {inserted["terminal"], approved["terminal"]} == {terminal}
    assert approved["sequence"] == inserted["sequence"] + 1
    actions = {row["id"]: row["action"] for row in db.audit.recent(10)}
    assert actions[inserted["audit_id"]] == "registrant.register"
    assert actions[approved["audit_id"]] == "registrant.approve"


def test_every_kind_of_write_travels_with_a_gap_free_sequence(admin, clerk, supervisor, db,
                                                              facility):
    db.execute("UPDATE facilities SET max_nights = 30")
    start = _last(db)
    kept = add_person(clerk)
    status.approve(supervisor, kept, today=TODAY)
    update_details(clerk, kept, Application(family_name="佐藤", family_kana="サトウ",
                                            given_name="花子", given_kana="ハナコ",
                                            birth_date="1985-04-01", kind="furusato",
                                            tier="basic", phone="090-1111-2222"))
    other = add_person(clerk, "佐藤", "サトウ", "花", "ハナ", "1985-04-01")
    line = log_involvement(clerk, other, "stay", "2026-05-01", quantity=2, today=TODAY)
    consultation = record_consultation(clerk, other, "2026-05-02", "phone", ["housing"],
                                       follow_up_on="2026-06-10", today=TODAY)
    complete_follow_up(clerk, consultation, today=TODAY)
    merge_id = merge(supervisor, kept, other, {"given_name"})
    undo_merge(supervisor, merge_id)
    booking = stays.book(clerk, facility_id=facility, registrant=kept,
                         check_in=date(2026, 8, 1), check_out=date(2026, 8, 3))
    _, serials = vouchers.issue_batch(clerk, BatchInput(count=2, value=1,
                                                        expires_on=date(2027, 3, 31)),
                                      today=TODAY)
    vouchers.redeem(clerk, serials[0], booking, today=TODAY)
    vouchers.void(supervisor, serials[1], "汚損")
    stays.cancel(clerk, booking, "都合")
    certificate, _pdf = issue_certificate(clerk, kept, today=TODAY)
    void_certificate(supervisor, certificate, "誤記")
    stays.add_blackout(admin, facility, date(2026, 9, 1), "点検")
    stays.remove_blackout(admin, facility, date(2026, 9, 1))
    status.revoke(supervisor, kept, "転出")

    changes = _new(db, start)
    assert [c["sequence"] for c in changes] == list(range(start + 1, start + 1 + len(changes)))
    made = {(c["entity"], c["operation"]) for c in changes}
    assert made >= {
        ("registrants", "insert"), ("registrants", "update"), ("involvement", "insert"),
        ("involvement", "update"), ("consultations", "insert"), ("consultations", "update"),
        ("registrant_merges", "insert"), ("registrant_merges", "update"),
        ("bookings", "insert"), ("bookings", "update"), ("voucher_batches", "insert"),
        ("vouchers", "insert"), ("vouchers", "update"), ("certificates", "insert"),
        ("certificates", "update"), ("facility_blackouts", "insert"),
        ("facility_blackouts", "delete")}

    def of(table, row_id):
        return [c for c in changes if c["record_uuid"] == _uuid(db, table, row_id)]

    # The involvement line moved to the survivor by the merge, and back by its undoing.
    moves = [c for c in of("involvement", line) if c["operation"] == "update"]
    assert [(c["old_values"], c["new_values"]) for c in moves] == [
        ({"registrant_id": other}, {"registrant_id": kept}),
        ({"registrant_id": kept}, {"registrant_id": other})]
    assert [c["base_version"] for c in moves] == [1, 2]
    redeemed, voided = (db.vouchers.by_serial(s) for s in serials)
    assert [c["new_values"].get("status") for c in of("vouchers", redeemed["id"])] == [
        "issued", "redeemed"]
    assert of("vouchers", voided["id"])[-1]["new_values"]["status"] == "void"
    deleted = [c for c in changes if c["operation"] == "delete"]
    assert [(c["entity"], c["old_values"]["day"], c["new_values"]) for c in deleted] == [
        ("facility_blackouts", "2026-09-01", None)]
    assert of("registrants", kept)[-1]["new_values"]["status"] == "revoked"
    # Every change names the audit row of the write that made it, and that row is on file.
    audit = {row["id"]: row["action"] for row in db.audit.recent(100)}
    assert all(audit.get(c["audit_id"]) for c in changes)
    assert {audit[c["audit_id"]] for c in of("registrants", kept)} >= {
        "registrant.register", "registrant.approve", "registrant.update", "registrant.merge",
        "registrant.unmerge", "registrant.revoke"}


def test_a_refused_write_leaves_no_change_and_no_gap(admin, clerk, db, facility, persons):
    stays.book(clerk, facility_id=facility, registrant=persons[0], check_in=date(2026, 8, 1),
               check_out=date(2026, 8, 3))
    before, changes_before, audit_before = _last(db), db.changes.last_id(), db.audit.count()
    with pytest.raises(RuleRefused):  # the database's no-overlap trigger refuses it
        stays.book(clerk, facility_id=facility, registrant=persons[1],
                   check_in=date(2026, 8, 2), check_out=date(2026, 8, 4))
    with pytest.raises(RuleRefused), clerk.write("registrant.register", "registrant"):
        db.registrants.update(persons[1], {"phone": "090-0000-0000"}, clerk.changed_record())
        raise RuleRefused("refused after the row was written")
    assert (_last(db), db.changes.last_id(), db.audit.count()) == (
        before, changes_before, audit_before)
    later = stays.book(clerk, facility_id=facility, registrant=persons[1],
                       check_in=date(2026, 8, 3), check_out=date(2026, 8, 5))
    [change] = _new(db, before)
    assert change["sequence"] == before + 1
    assert change["record_uuid"] == _uuid(db, "bookings", later)


def test_a_change_row_and_its_audit_row_go_together(admin, clerk, db, persons):
    """Every change names an audit row; every write that changed a synced record has changes."""
    log_involvement(clerk, persons[0], "donation", "2026-05-01", amount_yen=10000, today=TODAY)
    changes = list(db.changes.since(db.office.get()["terminal_id"], 0))
    audited = {change["audit_id"] for change in changes}
    on_file = {row[0] for row in db.execute("SELECT id FROM audit")}
    assert None not in audited and audited <= on_file
    writes = {row[0] for row in db.execute(
        "SELECT id FROM audit WHERE action IN ('registrant.register', 'involvement.add')")}
    assert writes and writes <= audited


def test_a_bulk_load_writes_the_same_changes_as_the_triggers(admin, db):
    record = admin.new_record()
    row = {"registrant_id": add_person(admin), "kind": "stay", "occurred_on": "2026-05-01",
           "quantity": 3, "amount_yen": 0, "reference": "", "note": "夏", **record}
    start = _last(db)
    with admin.write("involvement.import", "involvement"):
        db.bulk.insert_many("involvement", tuple(row), [tuple(row.values())])
        db.bulk.insert("involvement", {**row, **admin.new_record(), "note": "秋"})
        db.bulk.insert_many("involvement", tuple(row), [
            tuple({**row, **admin.new_record()}.values()) for _ in range(3)])
    changes = _new(db, start)
    assert [c["sequence"] for c in changes] == list(range(start + 1, start + 6))
    bulk, single = changes[0], changes[1]
    assert set(bulk) == set(single) and set(bulk["new_values"]) == set(single["new_values"])
    assert (bulk["new_values"]["note"], single["new_values"]["note"]) == ("夏", "秋")
    assert {c["audit_id"] for c in changes} == {db.audit.recent(1)[0]["id"]}
    assert db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                      " AND name = 'changes_involvement_insert'").fetchone()[0] == 1


def test_every_table_with_record_columns_is_synced_or_local_and_its_triggers_see_every_field(
        db):
    tables = [row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    with_records = {t for t in tables if {"uuid", "version", "terminal"} <= {
        row[1] for row in db.execute(f"PRAGMA table_info({t})")}}
    assert with_records == set(SYNCED_TABLES) | LOCAL_TABLES
    for table in SYNCED_TABLES:
        columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")
                   if row[1] not in BOOKKEEPING]
        for operation in ("insert", "update", "delete"):
            sql = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                             (f"changes_{table}_{operation}",)).fetchone()[0]
            missing = [c for c in columns if f"'{c}'" not in sql]
            assert not missing, f"{table} {operation} triggers miss {missing}: re-make them"


def test_changes_since_reads_on_from_an_acknowledged_sequence(clerk, db, persons):
    terminal = db.office.get()["terminal_id"]
    every = list(db.changes.since(terminal, 0))
    assert [c["sequence"] for c in every] == list(range(1, len(every) + 1))
    assert [c["sequence"] for c in db.changes.since(terminal, 2)] == [
        c["sequence"] for c in every[2:]]
    assert [c["sequence"] for c in db.changes.since(terminal, 1, limit=1)] == [2]
    assert list(db.changes.since("T-elsewhere", 0)) == []
    assert len({c["change_id"] for c in every}) == len(every)
    assert all(len(c["change_id"]) == 36 for c in every)  # read as a UUID


def test_anonymising_a_person_leaves_no_trace_of_them_in_the_change_log(clerk, supervisor, db):
    person = add_person(clerk, "𠮷田", "ヨシダ", "誠", "マコト", "1989-01-08")
    log_involvement(clerk, person, "volunteer", "2026-05-01", quantity=1,
                    note="𠮷田さんの話", today=TODAY)
    status.erase(supervisor, person, "本人の申出")
    anonymise_erased(supervisor, 0)
    held = " ".join(f"{r[0]} {r[1]}" for r in db.execute(
        "SELECT old_values, new_values FROM changes"))
    assert "𠮷田" not in held and "ヨシダ" not in held and "マコト" not in held
    last = db.changes.of_record("registrants", _uuid(db, "registrants", person))[-1]
    assert last["new_values"]["family_name"] == "匿名" and last["redacted"]


def test_a_migrated_file_logs_from_its_first_write_after_the_step(tmp_path):
    db = Database(_copy(10, tmp_path))
    try:
        assert db.execute("SELECT count(*) FROM changes").fetchone()[0] == 0
        admin = sign_in(db, "admin", ADMIN_PASSWORD)
        person = add_person(admin, "髙橋", "タカハシ", "一", "ハジメ", "1990-02-02")
        [change] = db.changes.since(db.office.get()["terminal_id"], 0)
        assert change["record_uuid"] == _uuid(db, "registrants", person)
        assert change["sequence"] == 1
    finally:
        db.close()


def test_a_write_by_hand_outside_the_app_is_logged_too(db_path, admin, persons):
    """The triggers live in the file: sqlite3 writing to it by hand cannot skip them."""
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE registrants SET phone = '0225-11-2222', version = version + 1"
                           " WHERE id = ?", (persons[0],))
    change = admin.db.changes.of_record("registrants", _uuid(admin.db, "registrants",
                                                             persons[0]))[-1]
    assert change["new_values"] == {"phone": "0225-11-2222"}
    assert change["audit_id"] is None  # no service call: `futasato check` territory


def test_a_bulk_load_below_the_largest_id_is_refused_not_left_unlogged(admin, db):
    row = {"registrant_id": add_person(admin), "kind": "stay", "occurred_on": "2026-05-01",
           "quantity": 1, "amount_yen": 0, "reference": "", "note": ""}

    def load(line_id: int) -> None:
        record = {**row, **admin.new_record(), "id": line_id}
        with admin.write("involvement.import", "involvement"):
            db.bulk.insert_many("involvement", tuple(record), [tuple(record.values())])

    load(5)
    before = (db.changes.last_id(), _last(db), db.audit.count())
    with pytest.raises(RuntimeError):
        load(2)  # in the gap below 5: not found by "above the largest id"
    assert (db.changes.last_id(), _last(db), db.audit.count()) == before
    assert db.execute("SELECT count(*) FROM involvement").fetchone()[0] == 1
