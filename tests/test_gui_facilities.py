"""Facilities from the window: a fresh file's お試し住宅 page says to add one first and does it;
a facility's details change; a clerk may book but not add."""

from __future__ import annotations

import pytest

from desktop_app.domain.errors import RuleRefused
from desktop_app.services import stays
from desktop_app.services.stays import FacilityInput, facility_input, update_facility
from desktop_app.ui.facility_dialog import FacilityDialog
from desktop_app.ui.house_dialog import HouseDialog
from desktop_app.ui.stay_calendar import StayCalendarView
from tests import gui_fixtures

MINATO = FacilityInput(name="お試し住宅 みなと", address="宮城県石巻市中央2-1-1", capacity=4,
                       nightly_fee_yen=3000, min_nights=2, max_nights=14)


def _answer(monkeypatch, answer):
    monkeypatch.setattr(FacilityDialog, "ask", classmethod(lambda cls, parent, start=None: answer))


def test_a_fresh_file_says_to_add_a_facility_first_and_adds_it(qtbot, admin, gui_catalogs,
                                                               monkeypatch):
    calendar = StayCalendarView(admin)
    qtbot.addWidget(calendar)
    calendar.show()
    assert calendar.empty.isVisible() and "施設を追加" in calendar.empty.text()
    assert not calendar.grid.isVisible() and not calendar.book_button.isVisible()
    assert calendar.add_facility_button.text() == "施設を追加…"
    _answer(monkeypatch, MINATO)
    calendar.add_facility_button.click()
    qtbot.waitUntil(lambda: calendar.facility.count() == 1)
    assert calendar.facility.currentText() == "お試し住宅 みなと"
    assert calendar.grid.isVisible() and not calendar.empty.isVisible()
    assert "施設を追加しました" in calendar.message.text()
    action, = [r["action"] for r in admin.db.execute(
        "SELECT action FROM audit WHERE entity = 'facility'")]
    assert action == "facility.add"


def test_editing_a_facility_changes_only_what_was_changed(qtbot, admin, facility, monkeypatch):
    calendar = StayCalendarView(admin)
    qtbot.addWidget(calendar)
    start = facility_input(admin.db, facility)
    _answer(monkeypatch, FacilityInput(**{**start.__dict__, "capacity": 6}))
    calendar.edit_facility_button.click()
    gui_fixtures.settle(qtbot)
    assert admin.db.facilities.get(facility)["capacity"] == 6
    row = admin.db.execute("SELECT before_json, after_json FROM audit"
                           " WHERE action = 'facility.update'").fetchone()
    assert (row["before_json"], row["after_json"]) == ('{"capacity": 4}', '{"capacity": 6}')
    with pytest.raises(RuleRefused):  # nothing left to change
        update_facility(admin, facility, facility_input(admin.db, facility))
    with pytest.raises(RuleRefused):
        update_facility(admin, facility, FacilityInput(name=" "))


def test_a_counter_clerk_books_but_does_not_add_facilities(qtbot, clerk, facility):
    calendar = StayCalendarView(clerk)
    qtbot.addWidget(calendar)
    assert not calendar.add_facility_button.isEnabled()
    assert not stays.may_manage_facilities(clerk)


def test_the_facility_dialog_reads_its_fields(qtbot):
    dialog = FacilityDialog(MINATO)
    qtbot.addWidget(dialog)
    dialog.capacity.setValue(5)
    assert dialog.facility() == FacilityInput(**{**MINATO.__dict__, "capacity": 5})


def test_the_house_dialog_fits_a_small_office_screen(qtbot):
    dialog = HouseDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() >= 900 and dialog.height() <= 600  # was 263 × 732: one tall column
    assert dialog.fields["address"].width() >= 350
