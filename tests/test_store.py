"""The SQLite file: pragmas, a migration step that fails, transactions, audit.

Upgrades from every released schema and refusal of newer files: test_schema_fixtures.py.
"""

from __future__ import annotations

import sqlite3

import pytest

from desktop_app.domain.application import Application
from desktop_app.services.registration import register
from desktop_app.store.database import Database
from desktop_app.store.migrations import LATEST_VERSION, MIGRATIONS


def _file_at_version(path, version: int) -> None:
    """A file as an earlier app release left it: every step up to `version`, nothing more."""
    connection = sqlite3.connect(path)
    for number in range(1, version + 1):
        MIGRATIONS[number](connection)
        connection.execute(f"PRAGMA user_version = {number}")
    connection.commit()
    connection.close()


def test_new_file_is_at_the_latest_schema_with_safe_pragmas(empty_db):
    assert empty_db.schema_version == LATEST_VERSION
    pragma = empty_db.connection.execute
    assert pragma("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert pragma("PRAGMA foreign_keys").fetchone()[0] == 1
    assert pragma("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert empty_db.integrity_problems() == []


def test_a_failing_migration_step_leaves_the_file_at_its_old_version(tmp_path, monkeypatch):
    path = tmp_path / "half.sqlite"
    _file_at_version(path, LATEST_VERSION - 1)

    def broken(connection):
        connection.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("disk went away")

    monkeypatch.setitem(MIGRATIONS, LATEST_VERSION, broken)
    with pytest.raises(RuntimeError):
        Database(path)
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION - 1
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in tables


def _application(**changes) -> Application:
    fields = dict(family_name="𠮷田", given_name="花子", family_kana="よしだ", given_kana="ﾊﾅｺ",
                  birth_date="S62.11.7", kind="furusato", phone="０８０（7082）7154")
    fields.update(changes)
    return Application(**fields)


def test_a_registration_carries_record_columns_and_writes_one_audit_row(db, clerk):
    audit_before = db.audit.count()
    registrant_id = register(clerk, _application())
    row = db.registrants.get(registrant_id)
    assert row["family_name"] == "𠮷田"  # outside the BMP, kept exactly
    assert (row["family_kana"], row["given_kana"]) == ("ヨシダ", "ハナコ")
    assert row["birth_date"] == "1987-11-07"
    assert row["phone_digits"] == "08070827154"
    assert row["version"] == 1 and row["created_by"] == "clerk1"
    assert row["terminal"] == clerk.terminal and len(row["uuid"]) == 36
    assert db.audit.count() == audit_before + 1
    last = db.audit.recent(1)[0]
    assert (last["action"], last["clerk"], last["entity_id"]) == (
        "registrant.register", "clerk1", str(registrant_id))


def test_refused_input_changes_nothing(db, clerk):
    audit_before = db.audit.count()
    from desktop_app.domain.errors import RuleRefused

    with pytest.raises(RuleRefused) as refused:
        register(clerk, _application(birth_date="平成31年5月1日"))
    assert refused.value.field == "Birth date"
    assert db.registrants.count() == 0
    assert db.audit.count() == audit_before


def test_work_and_audit_roll_back_together(db, clerk):
    audit_before = db.audit.count()
    with pytest.raises(RuntimeError), clerk.write("registrant.register", "registrant"):
        db.registrants.insert({"card_code": "X", "family_name": "a", "family_kana": "ア",
                               "name_key": "a", "kana_key": "ア", "birth_date": "2000-01-01",
                               "kind": "dual", "status": "applied", "applied_on": "2025-04-01",
                               **clerk.new_record()})
        raise RuntimeError("power cut")
    assert db.registrants.count() == 0 and db.audit.count() == audit_before


def test_the_audit_chain_shows_an_edited_row(db, clerk):
    register(clerk, _application())
    register(clerk, _application(family_name="髙橋"))
    assert db.audit.verify() is None
    first_id = db.audit.recent(3)[-1]["id"]
    db.execute("UPDATE audit SET clerk = 'someone' WHERE id = ?", (first_id,))
    broken = db.audit.verify()
    assert broken is not None and broken.row_id == first_id


def test_overlapping_live_bookings_are_refused_by_the_database_itself(db, clerk):
    register(clerk, _application())
    record = clerk.new_record()
    db.execute("INSERT INTO facilities (name, uuid, version, terminal, created_at, created_by,"
               " updated_at, updated_by) VALUES ('お試し住宅 A', :uuid, 1, :terminal, :created_at,"
               " :created_by, :updated_at, :updated_by)", record)

    def book(check_in, check_out, status="confirmed"):
        rec = clerk.new_record()
        db.execute("INSERT INTO bookings (facility_id, registrant_id, check_in, check_out, status,"
                   " uuid, version, terminal, created_at, created_by, updated_at, updated_by)"
                   " VALUES (1, 1, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)",
                   (check_in, check_out, status, rec["uuid"], rec["terminal"], rec["created_at"],
                    rec["created_by"], rec["updated_at"], rec["updated_by"]))

    book("2025-04-01", "2025-04-05")
    book("2025-04-05", "2025-04-07")  # same-day turnover
    book("2025-04-02", "2025-04-03", status="cancelled")  # cancelled bookings hold nothing
    with pytest.raises(sqlite3.IntegrityError, match="overlaps"):
        book("2025-04-04", "2025-04-06")
