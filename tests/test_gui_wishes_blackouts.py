"""House wishes in a person's file, closed days on the stay calendar, and booking for a new
applicant in one step, driven as a clerk would (pytest-qt)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop_app.domain.houses import Deal
from desktop_app.services import house_matching, stays
from desktop_app.ui.booking_dialog import BookingDialog, BookingRequest
from desktop_app.ui.close_days_dialog import CloseDaysDialog
from desktop_app.ui.closed_days_actions import ClosedDaysActions
from desktop_app.ui.registrant_detail_dialog import RegistrantDetailDialog
from desktop_app.ui.registrant_entry_dialog import RegistrantEntryDialog
from desktop_app.ui.stay_calendar import StayCalendarView
from tests import gui_fixtures, stays_helpers
from tests.gui_fixtures import settle

TODAY = gui_fixtures.STAY_TODAY


def _wish_tab(qtbot, session, registrant_id):
    detail = RegistrantDetailDialog(session, registrant_id)
    qtbot.addWidget(detail)
    settle(qtbot)
    index = next(i for i in range(detail.tabs.count())
                 if detail.tabs.tabText(i) == "住まいの希望")
    detail.tabs.setCurrentIndex(index)
    return detail, detail.tabs.widget(index)


def _rows(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def test_enter_a_wish_and_see_the_matching_house(qtbot, admin, persons):
    rented = stays_helpers.published_house(admin, "北上", Deal.RENT, rent_yen=45_000,
                                           pets_allowed=True)
    stays_helpers.published_house(admin, "雄勝", Deal.SALE, price_yen=900_000)
    _detail, tab = _wish_tab(qtbot, admin, persons[0])
    assert tab.matches.rowCount() == 0
    assert tab.state.text() == "住まいの希望はまだ登録されていません。"
    tab.inputs["deal"].setCurrentIndex(tab.inputs["deal"].findData("rent"))
    tab.inputs["areas"].setText("北上、河北")  # keyClicks types ASCII only
    tab.inputs["max_rent"].setValue(50_000)
    tab.inputs["pets"].setChecked(True)
    qtbot.keyClicks(tab.inputs["move_in_from"], "R8.9.1")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    headers = [tab.matches.horizontalHeaderItem(c).text() for c in range(6)]
    assert headers == ["適合度", "物件番号", "地区", "取引種別", "価格・賃料", "間取り"]
    rows = _rows(tab.matches)
    assert len(rows) == 1
    assert rows[0][1:] == [admin.db.houses.get(rented)["listing_no"], "北上", "賃貸",
                           "月45,000円", "4LDK"]
    assert tab.matches_title.text() == "希望に合う物件：1件"
    saved = house_matching.saved_wish(admin.db, str(persons[0]))
    assert saved.wish.areas == ("北上", "河北") and saved.wish.move_in_from == date(2026, 9, 1)
    assert tab.inputs["move_in_from"].text() == "令和8年9月1日"  # shown back in 和暦

    qtbot.mouseClick(tab.stop_button, Qt.MouseButton.LeftButton)
    assert tab.matches.rowCount() == 0 and not tab.stop_button.isEnabled()
    assert not house_matching.saved_wish(admin.db, str(persons[0])).active


def test_a_refused_wish_is_shown_at_its_field(qtbot, admin, persons):
    _detail, tab = _wish_tab(qtbot, admin, persons[0])
    _detail.show()
    qtbot.keyClicks(tab.inputs["move_in_from"], "2026-10-01")
    qtbot.keyClicks(tab.inputs["move_in_until"], "2026-09-01")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    error = tab.errors["move_in_until"]
    assert error.isVisible() and "終わりが始まりより前" in error.text()
    assert not tab.errors["move_in_from"].isVisible()
    tab.inputs["move_in_until"].setText("R8.2.30")  # no such day
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.errors["move_in_until"].isVisible() and "R8.2.30" in error.text()
    assert house_matching.saved_wish(admin.db, str(persons[0])) is None


def _fill_and_save(qtbot, reason: str):
    """Stands in for CloseDaysDialog.exec: the clerk types a reason and presses OK."""
    def exec_(dialog) -> int:
        dialog.inputs["reason"].setEditText(reason)
        dialog.save()
        settle(qtbot)
        return dialog.result() or QDialog.DialogCode.Rejected
    return exec_


def test_close_days_on_the_calendar_and_a_booking_over_them_is_refused(
        qtbot, calendar, admin, persons, monkeypatch):
    monkeypatch.setattr(CloseDaysDialog, "exec", _fill_and_save(qtbot, "清掃"))
    calendar.select_days(date(2026, 8, 10), date(2026, 8, 11))
    assert calendar.closed_days.close_action.isEnabled()
    assert not calendar.closed_days.reopen_action.isEnabled()
    calendar.closed_days.close_action.trigger()
    settle(qtbot)
    cell = calendar.model.index_of(date(2026, 8, 10))
    assert "休館" in calendar.model.data(cell) and "清掃" in calendar.model.data(cell)
    assert calendar.message.text() == "休館にした日数：2日"

    monkeypatch.setattr(BookingDialog, "ask", classmethod(
        lambda cls, *a: BookingRequest(str(persons[0]), 1)))
    calendar.select_days(date(2026, 8, 9), date(2026, 8, 10))
    qtbot.keyClick(calendar.grid, Qt.Key.Key_Return)
    settle(qtbot)
    assert "休館" in calendar.message.text()
    assert admin.db.execute("SELECT count(*) FROM bookings").fetchone()[0] == 0

    monkeypatch.setattr(ClosedDaysActions, "confirm", classmethod(lambda cls, p, t: True))
    calendar.select_days(date(2026, 8, 11), date(2026, 8, 11))
    assert calendar.closed_days.reopen_action.isEnabled()
    calendar.closed_days.reopen_action.trigger()
    settle(qtbot)
    assert "休館" not in calendar.model.data(calendar.model.index_of(date(2026, 8, 11)))
    assert "休館" in calendar.model.data(calendar.model.index_of(date(2026, 8, 10)))


def test_closing_over_a_booking_is_refused_in_the_dialog(qtbot, calendar, admin, persons,
                                                         monkeypatch):
    booking = stays.book(admin, facility_id=calendar.facility.currentData(),
                         registrant=persons[1], check_in=date(2026, 8, 12),
                         check_out=date(2026, 8, 14))
    calendar.render()
    shown = []

    def exec_(dialog):
        dialog.inputs["reason"].setEditText("点検")
        dialog.save()
        settle(qtbot)
        shown.append(dialog.errors["first"].text())
        return QDialog.DialogCode.Rejected  # the clerk gives up

    monkeypatch.setattr(CloseDaysDialog, "exec", exec_)
    calendar.select_days(date(2026, 8, 10), date(2026, 8, 13))
    calendar.closed_days.close_action.trigger()
    assert shown and str(booking) in shown[0] and "鈴木" in shown[0]
    assert admin.db.facilities.blackouts(calendar.facility.currentData(), "2026-08-01",
                                         "2026-09-01") == {}


def test_a_counter_clerk_is_told_before_the_dialog_opens(qtbot, clerk, facility, monkeypatch):
    view = StayCalendarView(clerk, today=TODAY)
    qtbot.addWidget(view)
    opened = []
    monkeypatch.setattr(CloseDaysDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    view.select_days(date(2026, 8, 10), date(2026, 8, 10))
    view.closed_days.close_action.trigger()
    assert not opened and "approve" in view.message.text()


def test_book_for_a_new_applicant_in_one_step(qtbot, calendar, admin, monkeypatch):
    def register_person(entry) -> int:
        for name, text in (("family_name", "新井"), ("given_name", "葵"),
                           ("family_kana", "アライ"), ("given_kana", "アオイ"),
                           ("birth_date", "1990-05-05")):
            entry.edits[name].setText(text)
        entry.save()
        settle(qtbot)
        return entry.result()

    def book_dialog(dialog) -> int:
        qtbot.mouseClick(dialog.new_applicant, Qt.MouseButton.LeftButton)
        assert "新井 葵" in dialog.applicant.text()
        dialog.guests.setValue(2)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RegistrantEntryDialog, "exec", register_person)
    monkeypatch.setattr(BookingDialog, "exec", book_dialog)
    calendar.select_days(date(2026, 8, 20), date(2026, 8, 21))
    qtbot.keyClick(calendar.grid, Qt.Key.Key_Return)
    settle(qtbot)
    booking = admin.db.execute("SELECT * FROM bookings").fetchone()
    person = admin.db.registrants.get(booking["registrant_id"])
    assert (person["family_name"], person["status"]) == ("新井", "applied")
    assert (booking["check_in"], booking["check_out"], booking["guests"]) == (
        "2026-08-20", "2026-08-22", 2)
    assert "新井" in calendar.model.data(calendar.model.index_of(date(2026, 8, 20)))
