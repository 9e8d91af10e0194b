"""`futasato houses wish|for` and `futasato facilities close|reopen`, in process, on a real file."""

from __future__ import annotations

import json
from datetime import date

from desktop_app.domain.houses import Deal
from desktop_app.domain.roles import Role
from desktop_app.services import house_matching, stays
from tests import stays_helpers
from tests.accounts_helpers import add_account


def test_wish_saved_matched_and_cleared(run, admin, persons):
    admin.db.execute("UPDATE registrants SET registrant_no = 'R8-00001' WHERE id = ?",
                     (persons[0],))
    near = stays_helpers.published_house(admin, "北上", price_yen=1_800_000)
    stays_helpers.published_house(admin, "雄勝", Deal.RENT, rent_yen=40_000)
    code, _out, err = run("houses", "wish", "R8-00001", "--deal", "sale", "--area", "北上",
                          "--area", "河北", "--max-price", "2000000", "--min-rooms", "3",
                          "--move-in-from", "R8.6.1", "--move-in-until", "2027-03-31",
                          "--note", "海の近く")
    assert code == 0, err
    saved = house_matching.saved_wish(admin.db, "R8-00001").wish
    assert (saved.areas, saved.max_price_yen, saved.move_in_from) == (
        ("北上", "河北"), 2_000_000, date(2026, 6, 1))
    code, out, err = run("--json", "houses", "for", "R8-00001")
    assert code == 0, err
    found = json.loads(out)
    assert [h["listing_no"] for h in found] == [admin.db.houses.get(near)["listing_no"]]
    assert found[0]["district"] == "北上" and found[0]["score"] > 0
    assert run("houses", "wish", "R8-00001", "--clear")[0] == 0
    code, out, _err = run("houses", "for", "R8-00001")
    assert code == 0 and "ありません" in out
    code, _out, err = run("houses", "wish", "R8-00001", "--clear")  # nothing left to stop
    assert code == 3 and "佐藤" in err


def test_bad_wishes_exit_3_and_change_nothing(run, admin, persons):
    code, _out, err = run("houses", "wish", str(persons[0]), "--move-in-from", "2026-09-01",
                          "--move-in-until", "2026-08-01")
    assert code == 3 and "入居希望時期" in err
    code, _out, err = run("houses", "wish", str(persons[0]), "--max-price", "-5")
    assert code == 3 and "上限価格" in err
    code, _out, err = run("houses", "wish", str(persons[0]), "--move-in-from", "R8.2.30")
    assert code == 3
    assert house_matching.saved_wish(admin.db, str(persons[0])) is None
    assert run("houses", "wish", "R9-99999")[0] == 3


def test_close_a_range_refuse_over_a_booking_and_reopen(run, admin, facility, persons):
    booking = stays.book(admin, facility_id=facility, registrant=persons[1],
                         check_in=date(2026, 8, 20), check_out=date(2026, 8, 22))
    code, out, err = run("facilities", "close", str(facility), "--from", "R8.8.10", "--to",
                         "2026-08-12", "--reason", "清掃")
    assert code == 0, err
    assert "3" in out
    closed = admin.db.facilities.blackouts(facility, "2026-08-01", "2026-09-01")
    assert list(closed) == ["2026-08-10", "2026-08-11", "2026-08-12"]
    code, _out, err = run("facilities", "close", str(facility), "--from", "2026-08-19",
                          "--to", "2026-08-25", "--reason", "点検")
    assert code == 3 and str(booking) in err and "鈴木" in err
    assert len(admin.db.facilities.blackouts(facility, "2026-08-01", "2026-09-01")) == 3
    code, _out, err = run("facilities", "close", str(facility), "--from", "2026-08-30",
                          "--reason", "休館日")  # --to left out: one day
    assert code == 0, err
    assert "2026-08-30" in admin.db.facilities.blackouts(facility, "2026-08-01", "2026-09-01")
    code, _out, err = run("facilities", "reopen", str(facility), "--date", "2026-08-11")
    assert code == 0, err
    assert "2026-08-11" not in admin.db.facilities.blackouts(facility, "2026-08-01",
                                                             "2026-09-01")
    code, _out, err = run("facilities", "reopen", str(facility), "--date", "2026-08-11")
    assert code == 3
    code, _out, _err = run("facilities", "close", str(facility), "--from", "2026-08-01")
    assert code == 2  # --reason is required


def test_a_counter_clerk_is_denied_closing_days(run, admin, facility, monkeypatch):
    add_account(admin, "counter", Role.CLERK, "counter-pass-2", "窓口 花子")
    monkeypatch.setenv("FUTASATO_CLERK", "counter")
    monkeypatch.setenv("FUTASATO_PASSWORD", "counter-pass-2")
    code, _out, _err = run("facilities", "close", str(facility), "--from", "2026-08-01",
                           "--reason", "清掃")
    assert code == 5
    assert admin.db.facilities.blackouts(facility, "2026-08-01", "2026-09-01") == {}
