"""The trial-stay calendar and the voucher counter, driven as a clerk would (pytest-qt)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop_app.services import stays
from desktop_app.ui.booking_dialog import BookingDialog, BookingRequest
from desktop_app.ui.stay_calendar import StayCalendarView
from tests import stays_helpers

facility = stays_helpers.facility
persons = stays_helpers.persons
TODAY = date(2026, 8, 3)


@pytest.fixture
def calendar(qtbot, admin, facility):
    view = StayCalendarView(admin, today=TODAY)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    return view


def _answer(monkeypatch, registrant, guests=1):
    asked = []

    def ask(parent, summary, capacity):
        asked.append(summary)
        return BookingRequest(str(registrant), guests)

    monkeypatch.setattr(BookingDialog, "ask", classmethod(lambda cls, *a: ask(*a)))
    return asked


def test_book_a_stay_in_the_calendar(qtbot, calendar, admin, persons, monkeypatch):
    asked = _answer(monkeypatch, persons[0], guests=2)
    calendar.select_days(date(2026, 8, 10), date(2026, 8, 12))
    qtbot.keyClick(calendar.grid, Qt.Key.Key_Return)
    assert asked and "3" in asked[0]
    booking = admin.db.execute("SELECT * FROM bookings").fetchone()
    assert (booking["check_in"], booking["check_out"], booking["guests"]) == (
        "2026-08-10", "2026-08-13", 2)
    cell = calendar.model.index_of(date(2026, 8, 11))
    assert "佐藤" in calendar.model.data(cell)
    assert calendar.model.data(cell, Qt.ItemDataRole.BackgroundRole) is not None
    assert str(booking["id"]) in calendar.message.text()


def test_an_overlapping_booking_is_refused_with_a_message(qtbot, calendar, admin, persons,
                                                          monkeypatch):
    first = stays.book(admin, facility_id=calendar.facility.currentData(),
                       registrant=persons[0], check_in=date(2026, 8, 10),
                       check_out=date(2026, 8, 13))
    calendar.render()
    _answer(monkeypatch, persons[1])
    calendar.select_days(date(2026, 8, 12), date(2026, 8, 14))
    qtbot.mouseClick(calendar.book_button, Qt.MouseButton.LeftButton)
    assert str(first) in calendar.message.text() and "佐藤" in calendar.message.text()
    assert admin.db.execute("SELECT count(*) FROM bookings").fetchone()[0] == 1
    calendar.select_days(date(2026, 8, 13), date(2026, 8, 14))  # turnover day is free
    qtbot.keyClick(calendar.grid, Qt.Key.Key_Enter)
    assert admin.db.execute("SELECT count(*) FROM bookings").fetchone()[0] == 2


def test_keyboard_changes_month(qtbot, calendar):
    calendar.grid.setFocus()
    qtbot.keyClick(calendar.grid, Qt.Key.Key_PageDown)
    assert (calendar.year, calendar.month) == (2026, 9)
    for _ in range(9):
        qtbot.keyClick(calendar.grid, Qt.Key.Key_PageUp)
    assert (calendar.year, calendar.month) == (2025, 12)


def test_calendar_model_passes_the_model_tester(qtmodeltester, calendar):
    qtmodeltester.check(calendar.model)
