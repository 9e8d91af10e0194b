"""Closed days (清掃日・休館日): closing a run of days, refusal over a booking, reopening."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.errors import PermissionDenied, RuleRefused
from desktop_app.services import stays

D = date.fromisoformat


def _closed(db, facility_id) -> dict[str, str]:
    return db.facilities.blackouts(facility_id, "2000-01-01", "2100-01-01")


def _audit_count(db) -> int:
    return db.execute("SELECT count(*) FROM audit").fetchone()[0]


def test_a_run_of_days_is_closed_in_one_audited_step(admin, facility):
    before = _audit_count(admin.db)
    closed = stays.close_days(admin, facility, D("2026-08-10"), D("2026-08-12"), " 清掃 ")
    assert closed == [D("2026-08-10"), D("2026-08-11"), D("2026-08-12")]
    assert _closed(admin.db, facility) == {"2026-08-10": "清掃", "2026-08-11": "清掃",
                                           "2026-08-12": "清掃"}
    assert _audit_count(admin.db) == before + 1
    last = admin.db.audit.recent(1)[0]
    assert (last["action"], last["entity_id"]) == ("facility.close_days", str(facility))
    month = stays.calendar_month(admin.db, facility, 2026, 8)
    assert [c.day.day for c in month.days if c.closed and c.in_month] == [10, 11, 12]


def test_closing_over_a_booking_is_refused_naming_it_and_writes_nothing(admin, facility,
                                                                       persons):
    booking = stays.book(admin, facility_id=facility, registrant=persons[0],
                         check_in=D("2026-08-14"), check_out=D("2026-08-16"))
    before = _audit_count(admin.db)
    with pytest.raises(RuleRefused) as refused:
        stays.close_days(admin, facility, D("2026-08-10"), D("2026-08-20"), "点検")
    assert str(booking) in refused.value.message and "佐藤" in refused.value.message
    assert "8月14日" in refused.value.message
    assert _closed(admin.db, facility) == {}
    assert _audit_count(admin.db) == before


def test_check_out_morning_and_cancelled_bookings_do_not_block_a_closure(admin, facility,
                                                                         persons):
    stays.book(admin, facility_id=facility, registrant=persons[0], check_in=D("2026-08-08"),
               check_out=D("2026-08-10"))  # leaves the morning of the 10th
    cancelled = stays.book(admin, facility_id=facility, registrant=persons[1],
                           check_in=D("2026-08-11"), check_out=D("2026-08-13"))
    stays.cancel(admin, cancelled, "都合により")
    assert len(stays.close_days(admin, facility, D("2026-08-10"), D("2026-08-12"), "清掃")) == 3


def test_a_closed_day_refuses_bookings_until_reopened(admin, facility, persons):
    stays.close_days(admin, facility, D("2026-08-10"), D("2026-08-10"), "清掃")
    with pytest.raises(RuleRefused):
        stays.book(admin, facility_id=facility, registrant=persons[0],
                   check_in=D("2026-08-09"), check_out=D("2026-08-11"))
    stays.remove_blackout(admin, facility, D("2026-08-10"))
    assert _closed(admin.db, facility) == {}
    last = admin.db.audit.recent(1)[0]
    assert last["action"] == "facility.reopen_day" and "清掃" in last["before_json"]
    assert stays.book(admin, facility_id=facility, registrant=persons[0],
                      check_in=D("2026-08-09"), check_out=D("2026-08-11"))


def test_days_already_closed_are_kept_and_only_the_new_ones_added(admin, facility):
    stays.close_days(admin, facility, D("2026-08-11"), D("2026-08-11"), "清掃")
    added = stays.close_days(admin, facility, D("2026-08-10"), D("2026-08-12"), "点検")
    assert added == [D("2026-08-10"), D("2026-08-12")]
    assert _closed(admin.db, facility)["2026-08-11"] == "清掃"
    with pytest.raises(RuleRefused):
        stays.close_days(admin, facility, D("2026-08-10"), D("2026-08-12"), "点検")


@pytest.mark.parametrize(("first", "last", "reason", "field"), [
    ("2026-08-12", "2026-08-10", "清掃", "Until"),
    ("2026-01-01", "2027-01-05", "改修", "Until"),
    ("2026-08-10", "2026-08-10", "  ", "Reason"),
])
def test_bad_ranges_are_refused_naming_the_field(admin, facility, first, last, reason, field):
    with pytest.raises(RuleRefused) as refused:
        stays.close_days(admin, facility, D(first), D(last), reason)
    assert refused.value.field == field
    assert _closed(admin.db, facility) == {}


def test_reopening_an_open_day_or_unknown_facility_is_refused(admin, facility):
    with pytest.raises(RuleRefused) as refused:
        stays.remove_blackout(admin, facility, D("2026-08-10"))
    assert "8月10日" in refused.value.message
    with pytest.raises(RuleRefused):
        stays.close_days(admin, 999, D("2026-08-10"), D("2026-08-10"), "清掃")


def test_a_counter_clerk_may_neither_close_nor_reopen(admin, clerk, facility):
    with pytest.raises(PermissionDenied):
        stays.close_days(clerk, facility, D("2026-08-10"), D("2026-08-11"), "清掃")
    stays.add_blackout(admin, facility, D("2026-08-10"), "清掃")
    with pytest.raises(PermissionDenied):
        stays.remove_blackout(clerk, facility, D("2026-08-10"))
    assert list(_closed(admin.db, facility)) == ["2026-08-10"]
