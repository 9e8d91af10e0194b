"""Views follow the data: a write made in one view refreshes every other open view that shows
the changed records, with nobody refreshing them by hand."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain.application import Application
from desktop_app.services.registration import register
from desktop_app.ui.booking_dialog import BookingDialog, BookingRequest
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.print_preview import PrintPreviewDialog
from desktop_app.ui.registrant_detail_dialog import RegistrantDetailDialog
from desktop_app.ui.stays_today import StaysTodayView
from tests import gui_fixtures, stays_helpers
from tests.gui_fixtures import gui_catalogs, settle  # noqa: F401 (fixture)
from tests.printing_helpers import register_people, supervisor_of

facility = stays_helpers.facility
persons = stays_helpers.persons
calendar = gui_fixtures.calendar


@pytest.fixture
def window(qtbot, admin, gui_catalogs) -> MainWindow:  # noqa: F811
    shown = MainWindow(admin)
    qtbot.addWidget(shown)
    return shown


def _status_in_list(window: MainWindow, registrant_id: int) -> str:
    model = window.registry.model
    for row in range(model.rowCount()):
        if model.row_at(row)["id"] == registrant_id:
            return model.row_at(row)["status"]
    raise AssertionError(f"{registrant_id} is not in the list")


def test_approving_in_the_persons_file_updates_the_registry_list(qtbot, window, admin, clerk):
    person = register(clerk, Application(
        family_name="佐藤", family_kana="サトウ", given_name="花子", given_kana="ハナコ",
        birth_date="1985-04-01", kind="furusato", tier="basic", prefecture="東京都",
        city="世田谷区"))
    window.registry.model.refresh()  # the list as the clerk opened it, before the approval
    assert _status_in_list(window, person) == "applied"
    detail = RegistrantDetailDialog(admin, person, window)
    qtbot.addWidget(detail)
    settle(qtbot)
    RegistrantDetailDialog.confirm = classmethod(lambda cls, parent, text: True)
    try:
        detail.approve()
        settle(qtbot)
    finally:
        del RegistrantDetailDialog.confirm
    assert _status_in_list(window, person) == "registered"
    assert detail.windowTitle().endswith(admin.db.registrants.get(person)["registrant_no"])


def test_a_certificate_issued_in_the_persons_file_appears_on_the_certificates_page(
        qtbot, window, admin, clerk, tmp_path, monkeypatch):
    [person] = register_people(clerk, supervisor_of(admin), count=1)
    issued = window.page("certificates").model
    assert issued.rowCount() == 0
    detail = RegistrantDetailDialog(clerk, person, window)
    qtbot.addWidget(detail)
    settle(qtbot)
    tab = detail.tabs.widget(3)
    monkeypatch.setattr(PrintPreviewDialog, "ask_file",
                        classmethod(lambda c, p, s: str(tmp_path / "certificate.pdf")))
    tab.buttons["certificate"].click()
    settle(qtbot)
    qtbot.addWidget(tab.printing.preview)
    tab.printing.preview.save_button.click()
    settle(qtbot)
    assert issued.rowCount() == 1  # the other page, refreshed by the change alone
    assert tab.table.rowCount() == 1


def test_a_booking_made_on_the_calendar_appears_in_todays_arrivals(qtbot, calendar, admin,
                                                                   persons, monkeypatch):
    arrival = gui_fixtures.STAY_TODAY + timedelta(days=7)
    today = StaysTodayView(admin, today=arrival)
    qtbot.addWidget(today)
    assert today.arrivals.rowCount() == 0
    monkeypatch.setattr(BookingDialog, "ask", classmethod(
        lambda cls, *args: BookingRequest(str(persons[0]), 2)))
    calendar.select_days(arrival, arrival + timedelta(days=1))
    qtbot.keyClick(calendar.grid, Qt.Key.Key_Return)
    settle(qtbot)
    assert today.arrivals.rowCount() == 1
    assert "佐藤" in today.arrivals.item(0, 2).text()
