"""Registry rules in the domain layer, the store's bulk path, and the schema 5 upgrade."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from desktop_app.domain.errors import PermissionDenied, RuleRefused
from desktop_app.domain.involvement import InvolvementTotals, score
from desktop_app.domain.registrant import Kind, Tier
from desktop_app.domain.registry_rules import (
    check_approver,
    check_not_home_town,
    check_premium_activities,
    registrant_number,
    renewed_until,
    valid_until,
)
from desktop_app.store.database import Database
from desktop_app.store.migrations import MIGRATIONS


def test_registrant_numbers_carry_the_era_year_of_approval():
    assert registrant_number(date(2025, 4, 1), 123) == "R7-000123"
    assert registrant_number(date(2019, 4, 30), 1) == "H31-000001"
    assert registrant_number(date(2019, 5, 1), 1) == "R1-000001"


def test_validity_and_renewal_dates():
    assert valid_until(date(2025, 6, 1), 12) == date(2026, 5, 31)
    assert valid_until(date(2024, 2, 29), 12) == date(2025, 2, 27)  # no 29 Feb in 2025
    assert renewed_until(date(2026, 5, 31), date(2026, 5, 1), 12) == date(2027, 5, 31)
    assert renewed_until(date(2026, 5, 31), date(2026, 8, 1), 12) == date(2027, 7, 31)


def test_own_town_rule_counts_a_ward_as_its_city_and_spares_dual_residents():
    with pytest.raises(RuleRefused):
        check_not_home_town(Kind.FURUSATO, "011011", "北海道札幌市中央区", "011002", "北海道札幌市")
    with pytest.raises(RuleRefused):
        check_not_home_town(Kind.FURUSATO, "042021", "宮城県石巻市", "042021", "宮城県石巻市")
    check_not_home_town(Kind.DUAL, "042021", "宮城県石巻市", "042021", "宮城県石巻市")
    check_not_home_town(Kind.FURUSATO, "131130", "東京都渋谷区", "042021", "宮城県石巻市")


def test_self_approval_is_refused_whatever_the_case_of_the_login():
    with pytest.raises(PermissionDenied):
        check_approver("Clerk1", "clerk1")
    check_approver("clerk1", "super1")


def test_premium_activity_threshold():
    with pytest.raises(RuleRefused):
        check_premium_activities(Tier.PREMIUM, 2, 3)
    check_premium_activities(Tier.PREMIUM, 3, 3)
    check_premium_activities(Tier.BASIC, 0, 3)


def test_score_weights_each_kind_and_counts_donations_per_ten_thousand_yen():
    totals = InvolvementTotals({"stay": 3, "volunteer": 4, "ninaite": 1, "donation": 2}, 25_000)
    weights = {"stay": 2, "volunteer": 1, "ninaite": 5, "donation": 1}
    assert score(totals, weights) == 3 * 2 + 4 * 1 + 1 * 5 + 2 * 1


def _person(**extra) -> dict:
    return {"card_code": "AAAAA-BBBBB", "family_name": "佐藤", "given_name": "花子",
            "family_kana": "サトウ", "given_kana": "ハナコ", "name_key": "佐藤花子",
            "kana_key": "サトウハナコ", "birth_date": "1980-01-01", "kind": "furusato",
            "status": "applied", "applied_on": "2025-01-01", "city": "渋谷区",
            "address": "神宮前1", "phone_digits": "0312345678", "uuid": "u-1", "terminal": "t",
            "created_at": "x", "created_by": "c", "updated_at": "x", "updated_by": "c", **extra}


def test_bulk_insert_derives_search_keys_and_keeps_the_search_indexes(empty_db):
    person = _person()
    columns = tuple(person)
    empty_db.execute("BEGIN")
    with empty_db.bulk.deferred_indexes(("registrants",)):
        empty_db.registrants.insert_many(columns, [tuple(person.values())])
    empty_db.execute("COMMIT")
    row = empty_db.registrants.get(1)
    assert (row["given_key"], row["given_kana_key"], row["phone_reversed"],
            row["address_key"]) == ("花子", "ハナコ", "8765432130", "渋谷区神宮前1")
    indexes = {r[0] for r in empty_db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'registrants'")}
    assert {"registrants_given", "registrants_address"} <= indexes


def test_upgrading_a_schema_4_file_fills_the_search_keys(tmp_path):
    path = tmp_path / "old.sqlite"
    connection = sqlite3.connect(path, isolation_level=None)
    for number in range(1, 5):
        MIGRATIONS[number](connection)
    connection.execute("PRAGMA user_version = 4")
    person = _person()
    connection.execute(f"INSERT INTO registrants ({', '.join(person)}) VALUES "
                       f"({', '.join('?' for _ in person)})", tuple(person.values()))
    connection.close()
    db = Database(path)
    try:
        assert db.schema_version >= 5
        row = db.registrants.get(1)
        assert (row["given_key"], row["address_key"]) == ("花子", "渋谷区神宮前1")
    finally:
        db.close()
