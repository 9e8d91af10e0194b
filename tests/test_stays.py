"""Trial-stay bookings: overlaps refused by the database, turnover days, limits, cancellation."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from desktop_app.domain.errors import PermissionDenied, RuleRefused
from desktop_app.domain.policy import STAY_NIGHTS_PER_YEAR
from desktop_app.domain.stays import (
    BookingStatus,
    check_yearly_limit,
    month_grid,
    nights_in_fiscal_year,
    occupancy,
)
from desktop_app.services import stays

D = date.fromisoformat


def _book(session, facility_id, person, start, end, **kw):
    return stays.book(session, facility_id=facility_id, registrant=person, check_in=D(start),
                      check_out=D(end), **kw)


def test_overlapping_booking_is_refused_and_names_the_clash(admin, facility, persons):
    first = _book(admin, facility, persons[0], "2026-08-01", "2026-08-05")
    audit_before = admin.db.audit.count()
    with pytest.raises(RuleRefused) as refused:
        _book(admin, facility, persons[1], "2026-08-04", "2026-08-06")
    assert f"{first}" in refused.value.message and "佐藤" in refused.value.message
    assert admin.db.audit.count() == audit_before  # nothing written, not even the audit row
    assert admin.db.execute("SELECT count(*) FROM bookings").fetchone()[0] == 1


def test_database_refuses_an_overlap_inserted_with_raw_sql(admin, facility, persons):
    _book(admin, facility, persons[0], "2026-08-01", "2026-08-05")
    record = admin.new_record()
    with pytest.raises(sqlite3.IntegrityError, match="booking overlaps"):
        admin.db.execute(
            "INSERT INTO bookings (facility_id, registrant_id, check_in, check_out, status, uuid,"
            " version, terminal, created_at, created_by, updated_at, updated_by)"
            " VALUES (?, ?, '2026-07-30', '2026-08-02', 'confirmed', ?, 1, ?, ?, ?, ?, ?)",
            (facility, persons[1], record["uuid"], record["terminal"], record["created_at"],
             record["created_by"], record["updated_at"], record["updated_by"]),
        )


def test_raw_sql_update_into_an_overlap_is_refused(admin, facility, persons):
    _book(admin, facility, persons[0], "2026-08-01", "2026-08-05")
    second = _book(admin, facility, persons[1], "2026-08-10", "2026-08-12")
    with pytest.raises(sqlite3.IntegrityError, match="booking overlaps"):
        admin.db.execute("UPDATE bookings SET check_in = '2026-08-03' WHERE id = ?", (second,))


def test_same_day_turnover_is_allowed(admin, facility, persons):
    _book(admin, facility, persons[0], "2026-08-01", "2026-08-05")
    assert _book(admin, facility, persons[1], "2026-08-05", "2026-08-07")
    assert _book(admin, facility, persons[2], "2026-07-29", "2026-08-01")


def test_other_facility_same_dates_is_fine(admin, facility, persons):
    other = stays.add_facility(admin, stays.FacilityInput(name="お試し住宅 雄勝"))
    _book(admin, facility, persons[0], "2026-08-01", "2026-08-05")
    assert _book(admin, other, persons[1], "2026-08-01", "2026-08-05")


def test_cancellation_frees_the_dates(admin, facility, persons):
    first = _book(admin, facility, persons[0], "2026-08-01", "2026-08-05")
    with pytest.raises(RuleRefused):
        stays.cancel(admin, first, "")  # a reason is required
    stays.cancel(admin, first, "体調不良")
    assert admin.db.bookings.get(first)["status"] == "cancelled"
    assert _book(admin, facility, persons[1], "2026-08-02", "2026-08-04")
    with pytest.raises(RuleRefused):  # a cancelled booking cannot come back over the new one
        stays.change_status(admin, first, BookingStatus.CONFIRMED)


def test_no_show_frees_the_dates_too(admin, facility, persons):
    first = _book(admin, facility, persons[0], "2026-08-01", "2026-08-05")
    stays.change_status(admin, first, BookingStatus.NO_SHOW, reason="連絡なし")
    assert _book(admin, facility, persons[1], "2026-08-01", "2026-08-05")


def test_yearly_night_limit(admin, facility, persons):
    admin.db.settings.put(STAY_NIGHTS_PER_YEAR, 10)
    _book(admin, facility, persons[0], "2026-05-01", "2026-05-08")  # 7 nights in 2026年度
    with pytest.raises(RuleRefused) as refused:
        _book(admin, facility, persons[0], "2026-06-01", "2026-06-05")  # 4 more: 11 > 10
    assert "10" in refused.value.message and "2026" in refused.value.message
    assert _book(admin, facility, persons[0], "2026-06-01", "2026-06-04")  # exactly 10
    assert _book(admin, facility, persons[1], "2026-07-01", "2026-07-05")  # someone else
    assert _book(admin, facility, persons[0], "2027-04-01", "2027-04-05")  # the next 年度


def test_yearly_limit_ignores_cancelled_stays(admin, facility, persons):
    admin.db.settings.put(STAY_NIGHTS_PER_YEAR, 5)
    first = _book(admin, facility, persons[0], "2026-05-01", "2026-05-06")
    stays.cancel(admin, first, "予定変更")
    assert _book(admin, facility, persons[0], "2026-06-01", "2026-06-06")


def test_yearly_limit_counts_each_fiscal_year_a_stay_spans():
    # 3 nights in 2025年度 (3/29, 3/30, 3/31), 2 in 2026年度 (4/1, 4/2)
    assert nights_in_fiscal_year(D("2026-03-29"), D("2026-04-03"), 2025) == 3
    assert nights_in_fiscal_year(D("2026-03-29"), D("2026-04-03"), 2026) == 2
    check_yearly_limit(D("2026-03-29"), D("2026-04-03"), [(D("2025-04-10"), D("2025-04-17"))], 10)
    with pytest.raises(RuleRefused):
        check_yearly_limit(D("2026-03-29"), D("2026-04-03"),
                           [(D("2025-04-10"), D("2025-04-18"))], 10)


def test_facility_rules(admin, facility, persons):
    with pytest.raises(RuleRefused):  # max 14 nights
        _book(admin, facility, persons[0], "2026-08-01", "2026-08-20")
    with pytest.raises(RuleRefused):  # capacity 4
        _book(admin, facility, persons[0], "2026-08-01", "2026-08-03", guests=5)
    with pytest.raises(RuleRefused):
        _book(admin, facility, persons[0], "2026-08-03", "2026-08-03")
    stays.add_blackout(admin, facility, D("2026-08-10"), "清掃")
    with pytest.raises(RuleRefused) as refused:
        _book(admin, facility, persons[0], "2026-08-09", "2026-08-12")
    assert "8月10日" in refused.value.message
    assert _book(admin, facility, persons[0], "2026-08-08", "2026-08-10")  # leaves that morning


def test_registrant_by_number_or_id(admin, facility, persons):
    admin.db.execute("UPDATE registrants SET registrant_no = 'R8-00001' WHERE id = ?",
                     (persons[1],))
    booking = _book(admin, facility, "r8-00001", "2026-08-01", "2026-08-02")
    assert admin.db.bookings.get(booking)["registrant_id"] == persons[1]
    with pytest.raises(RuleRefused):
        _book(admin, facility, "R8-99999", "2026-08-03", "2026-08-04")


def test_completing_a_stay_adds_nights_to_involvement(admin, facility, persons):
    booking = _book(admin, facility, persons[0], "2026-08-01", "2026-08-04")
    for status in (BookingStatus.CONFIRMED, BookingStatus.STAYING, BookingStatus.COMPLETED):
        stays.change_status(admin, booking, status)
    row = admin.db.execute("SELECT kind, quantity, amount_yen, reference FROM involvement"
                           " WHERE registrant_id = ?", (persons[0],)).fetchone()
    assert tuple(row) == ("stay", 3, 6000, f"booking:{booking}")
    with pytest.raises(RuleRefused):
        stays.change_status(admin, booking, BookingStatus.CANCELLED, reason="x")


def test_each_write_is_one_audit_row(admin, facility, persons):
    before = admin.db.audit.count()
    booking = _book(admin, facility, persons[0], "2026-08-01", "2026-08-04")
    stays.change_status(admin, booking, BookingStatus.CONFIRMED)
    assert admin.db.audit.count() == before + 2
    assert admin.db.audit.recent(1)[0]["action"] == "booking.confirmed"


def test_clerk_may_book_but_not_add_facilities(clerk, facility, persons):
    assert _book(clerk, facility, persons[0], "2026-08-01", "2026-08-02")
    with pytest.raises(PermissionDenied):
        stays.add_facility(clerk, stays.FacilityInput(name="x"))


def test_arrivals_departures_and_calendar(admin, facility, persons):
    first = _book(admin, facility, persons[0], "2026-08-01", "2026-08-05")
    second = _book(admin, facility, persons[1], "2026-08-05", "2026-08-07")
    arriving, departing = stays.movements(admin.db, D("2026-08-05"))
    assert [b["id"] for b in arriving] == [second]
    assert departing == []  # the first is only provisional; it departs once confirmed
    stays.change_status(admin, first, BookingStatus.CONFIRMED)
    assert [b["id"] for b in stays.movements(admin.db, D("2026-08-05"))[1]] == [first]
    month = stays.calendar_month(admin.db, facility, 2026, 8)
    by_day = {cell.day: cell for cell in month.days}
    assert by_day[D("2026-08-04")].booking["id"] == first
    assert by_day[D("2026-08-05")].booking["id"] == second
    assert by_day[D("2026-08-05")].departing["id"] == first
    assert by_day[D("2026-08-07")].booking is None


def test_month_grid_and_occupancy():
    grid = month_grid(2026, 8)  # 1 August 2026 is a Saturday
    assert len(grid) == 42 and grid[0] == D("2026-07-26") and grid[6] == D("2026-08-01")
    assert occupancy([(D("2026-07-30"), D("2026-08-03")), (D("2026-08-30"), D("2026-09-02"))],
                     2026, 8) == (4, 31)


def test_monthly_occupancy_service(admin, facility, persons):
    _book(admin, facility, persons[0], "2026-01-30", "2026-02-03")
    occupancy_rows = stays.monthly_occupancy(admin.db, facility, 2026)
    assert occupancy_rows[0] == (1, 2, 31) and occupancy_rows[1] == (2, 2, 28)
