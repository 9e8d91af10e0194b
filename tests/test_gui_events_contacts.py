"""Events on the trial-stay page and a house's contacts and viewings, as a clerk uses them."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt

from desktop_app.domain.houses import Deal, HouseInput, HouseStatus
from desktop_app.i18n import _
from desktop_app.services import events, houses
from desktop_app.ui.events_view import EventsView
from desktop_app.ui.houses_view import HousesView
from desktop_app.ui.stays_page import StaysPage
from tests.gui_fixtures import settle

TODAY = date(2026, 8, 3)


@pytest.fixture
def view(qtbot, admin):
    widget = EventsView(admin, today=TODAY)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _cells(table, row):
    return [table.item(row, column).text() for column in range(table.columnCount())]


def test_the_stays_page_has_an_events_tab(qtbot, admin, facility):
    page = StaysPage(admin)
    qtbot.addWidget(page)
    assert page.tabs.tabText(2) == _("Events")
    assert page.tabs.widget(2) is page.events


def test_add_an_event_and_see_it_listed(qtbot, view, admin):
    view.name.setText("移住体験モニターツアー")
    view.kind.setCurrentIndex(view.kind.findData("monitor_tour"))
    view.held_on.setDate(QDate(2026, 9, 12))
    view.capacity.setValue(2)
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    assert view.events.rowCount() == 1
    assert _cells(view.events, 0) == ["令和8年9月12日", "移住体験モニターツアー",
                                      _("Monitor tour"), "2", "0"]
    event_id = view.selected_event()
    assert view.message.text() == _("Event {id} added.").format(id=event_id)
    assert admin.db.events.get(event_id)["kind"] == "monitor_tour"


def test_an_event_without_a_name_is_refused(qtbot, view):
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    assert view.events.rowCount() == 0
    assert "イベント名" in view.message.text()


def test_sign_up_and_tick_attendance_records_involvement(qtbot, view, admin, persons):
    event_id = events.add_event(admin, name="交流会", kind="exchange",
                                held_on=date(2026, 8, 20), capacity=1)
    view.refresh(select=event_id)
    view.registrant.setText(str(persons[0]))
    qtbot.mouseClick(view.sign_up_button, Qt.MouseButton.LeftButton)
    assert view.participants.rowCount() == 1, view.message.text()
    assert view.participants.item(0, 0).text() == str(persons[0])
    assert view.participants.item(0, 1).text() == "佐藤 花子"
    assert _cells(view.events, 0)[4] == "1"

    view.registrant.setText(str(persons[1]))
    qtbot.mouseClick(view.sign_up_button, Qt.MouseButton.LeftButton)
    assert view.participants.rowCount() == 1
    assert "1" in view.message.text()

    view.participants.item(0, 2).setCheckState(Qt.CheckState.Checked)
    assert view.message.text() == _("Attendance recorded.")
    tick = view.participants.item(0, 2)
    assert tick.text() == _("Yes") and not tick.flags() & Qt.ItemFlag.ItemIsUserCheckable
    involvement = admin.db.execute(
        "SELECT kind, occurred_on, quantity, note FROM involvement WHERE registrant_id = ?",
        (persons[0],)).fetchall()
    assert [tuple(row) for row in involvement] == [("event", "2026-08-20", 1, "交流会")]


def test_signing_up_needs_a_chosen_event(qtbot, view, persons):
    view.registrant.setText("R1")
    qtbot.mouseClick(view.sign_up_button, Qt.MouseButton.LeftButton)
    assert view.message.text() == _("Choose an event in the list first.")


@pytest.fixture
def house(admin) -> int:
    house_id = houses.add_house(admin, HouseInput(
        address="宮城県石巻市北上町十三浜字小泊 1-2", district="北上", deal=Deal.RENT,
        rent_yen=40_000, layout="4LDK", owner_name="所有 一郎", owner_contact="0225-00-0000"),
        today=TODAY)
    houses.record_consent(admin, house_id, date(2026, 7, 1), "登録申込書兼同意書")
    houses.change_status(admin, house_id, HouseStatus.PUBLISHED, today=TODAY)
    return house_id


@pytest.fixture
def contacts(qtbot, admin, house):
    view = HousesView(admin)
    qtbot.addWidget(view)
    settle(qtbot)  # the list is read on the worker
    view.table.setCurrentCell(0, 0)
    dialog = view.open_contacts()
    qtbot.addWidget(dialog)
    return dialog


def test_the_houses_view_asks_for_a_house_before_opening_contacts(qtbot, admin, house):
    view = HousesView(admin)
    qtbot.addWidget(view)
    view.table.setCurrentCell(-1, -1)
    assert view.open_contacts() is None
    assert view.message.text() == _("Select a house first.")


def test_record_an_owner_contact(qtbot, contacts, house):
    contacts.contact_on.setDate(QDate(2026, 8, 1))
    contacts.channel.setCurrentIndex(contacts.channel.findData("visit"))
    contacts.contact_outcome.setText("修繕は不要とのこと")
    contacts.next_step.setText("写真撮影の日程調整")
    qtbot.mouseClick(contacts.add_contact_button, Qt.MouseButton.LeftButton)
    assert contacts.message.text() == _("Contact recorded.")
    assert _cells(contacts.contacts, 0) == ["令和8年8月1日", _("Visit"), "修繕は不要とのこと",
                                            "写真撮影の日程調整"]


def test_record_a_viewing_and_refuse_an_unknown_registrant(qtbot, contacts, persons):
    contacts.kind.setCurrentIndex(contacts.kind.findData("viewing"))
    contacts.inquiry_on.setDate(QDate(2026, 8, 2))
    contacts.registrant.setText(str(persons[1]))
    contacts.inquiry_outcome.setText("前向きに検討")
    qtbot.mouseClick(contacts.add_inquiry_button, Qt.MouseButton.LeftButton)
    assert contacts.message.text() == _("Inquiry recorded.")
    cells = _cells(contacts.inquiries, 0)
    assert cells[:2] == ["令和8年8月2日", _("Viewing")] and "鈴木 健" in cells[2]
    assert cells[3] == "前向きに検討"

    contacts.registrant.setText("99999")
    qtbot.mouseClick(contacts.add_inquiry_button, Qt.MouseButton.LeftButton)
    assert "99999" in contacts.message.text()
    assert contacts.inquiries.rowCount() == 1
