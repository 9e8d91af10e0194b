"""The command line's text names stored codes in the clerk's language; `--json` keeps the codes
(towns script it)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from desktop_app.services.stays import book


@pytest.fixture
def booking(admin, persons, facility) -> int:
    return book(admin, facility_id=facility, registrant=persons[0], check_in=date(2099, 8, 1),
                check_out=date(2099, 8, 3))


def test_the_register_lists_statuses_and_kinds_by_name(run, persons):
    code, ja, _ = run("--lang", "ja", "registrants", "list")
    assert code == 0
    people = ja.splitlines()[:-1]
    assert len(people) == 3 and all(line.endswith("\tふるさと住民\t申請中") for line in people)
    code, en, _ = run("--lang", "en", "registrants", "list")
    assert all(line.endswith("\tFurusato resident\tApplied") for line in en.splitlines()[:-1])
    code, data, _ = run("--json", "registrants", "list")
    assert {r["status"] for r in json.loads(data)["registrants"]} == {"applied"}
    code, found, _ = run("--lang", "en", "registrants", "search", "サトウ")
    assert found.endswith("\tApplied") and "applied" not in found


def test_a_person_shown_reads_as_the_form_names_the_fields(run, persons):
    code, ja, _ = run("--lang", "ja", "registrants", "show", str(persons[0]))
    assert code == 0
    assert "氏: 佐藤" in ja and "状態: 申請中" in ja and "区分: ふるさと住民" in ja
    assert "family_name" not in ja and "applied" not in ja and "uuid" not in ja
    code, en, _ = run("--lang", "en", "registrants", "show", str(persons[0]))
    assert "Family name: 佐藤" in en and "Status: Applied" in en
    code, data, _ = run("--json", "registrants", "show", str(persons[0]))
    assert json.loads(data)["status"] == "applied" and "uuid" in json.loads(data)


def test_bookings_say_their_status_by_name(run, booking):
    code, out, _ = run("--lang", "ja", "bookings", "status", str(booking), "confirmed")
    assert code == 0 and out == f"予約 {booking} の状態を 確定 にしました。"
    code, ja, _ = run("--lang", "ja", "bookings", "list", "--from", "2099-07-01")
    assert ja.endswith("\t確定")
    code, en, _ = run("--lang", "en", "bookings", "list", "--from", "2099-07-01")
    assert en.endswith("\tConfirmed")
    code, data, _ = run("--json", "bookings", "list", "--from", "2099-07-01")
    assert json.loads(data)[0]["status"] == "confirmed"


def test_accounts_and_the_audit_trail_read_as_words(run, persons):
    code, ja, _ = run("--lang", "ja", "clerk", "list")
    assert code == 0 and "\t管理者\t" in ja and "\tadmin\t" not in ja
    code, en, _ = run("--lang", "en", "clerk", "list")
    assert "\tAdministrator\t" in en
    code, trail, _ = run("--lang", "ja", "audit", "list")
    assert "申請を入力しました" in trail and "registrant.register" not in trail
    assert "\t登録者\t" in trail
    code, data, _ = run("--json", "audit", "list")
    assert "registrant.register" in {row["action"] for row in json.loads(data)["rows"]}
