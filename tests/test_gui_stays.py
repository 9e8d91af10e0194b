"""The trial-stay calendar and the voucher counter, driven as a clerk would (pytest-qt)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt

from desktop_app.services import stays
from desktop_app.ui.booking_dialog import BookingDialog, BookingRequest
from tests import gui_fixtures

TODAY = gui_fixtures.STAY_TODAY


def _answer(monkeypatch, registrant, guests=1):
    asked = []

    def ask(parent, summary, capacity, _session=None):
        asked.append(summary)
        return BookingRequest(str(registrant), guests)

    monkeypatch.setattr(BookingDialog, "ask", classmethod(lambda cls, *a: ask(*a)))
    return asked


def test_book_a_stay_in_the_calendar(qtbot, calendar, admin, persons, monkeypatch):
    asked = _answer(monkeypatch, persons[0], guests=2)
    calendar.select_days(date(2026, 8, 10), date(2026, 8, 12))
    qtbot.keyClick(calendar.grid, Qt.Key.Key_Return)
    gui_fixtures.settle(qtbot)
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
    gui_fixtures.settle(qtbot)
    assert str(first) in calendar.message.text() and "佐藤" in calendar.message.text()
    assert admin.db.execute("SELECT count(*) FROM bookings").fetchone()[0] == 1
    calendar.select_days(date(2026, 8, 13), date(2026, 8, 14))  # turnover day is free
    qtbot.keyClick(calendar.grid, Qt.Key.Key_Enter)
    gui_fixtures.settle(qtbot)
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


def test_issue_and_redeem_a_voucher(qtbot, admin, facility, persons):
    from desktop_app.ui.vouchers_view import VouchersView

    booking = stays.book(admin, facility_id=facility, registrant=persons[0],
                         check_in=date.today(), check_out=date.today() + timedelta(days=2))
    view = VouchersView(admin)
    qtbot.addWidget(view)
    view.count.setValue(2)
    qtbot.mouseClick(view.issue_button, Qt.MouseButton.LeftButton)
    gui_fixtures.settle(qtbot)
    serials = view.issued.toPlainText().splitlines()
    assert len(serials) == 2 and view.table.rowCount() == 2
    qtbot.keyClicks(view.serial, serials[0])
    qtbot.keyClicks(view.booking, str(booking))
    qtbot.mouseClick(view.redeem_button, Qt.MouseButton.LeftButton)
    gui_fixtures.settle(qtbot)
    assert serials[0] in view.message.text()
    assert admin.db.vouchers.by_serial(serials[0])["booking_id"] == booking
    qtbot.keyClicks(view.serial, serials[0])
    qtbot.mouseClick(view.redeem_button, Qt.MouseButton.LeftButton)
    gui_fixtures.settle(qtbot)
    assert "b00020" in view.message.styleSheet()  # refused, shown as an error
    assert view.message.text() and serials[0] not in view.message.text()


def test_houses_view_adds_refuses_publication_without_consent_and_shows_photos(qtbot, admin,
                                                                               monkeypatch):
    import io

    from PIL import Image

    from desktop_app.domain.houses import Deal, HouseInput
    from desktop_app.services import houses
    from desktop_app.ui.house_dialog import HouseDialog
    from desktop_app.ui.houses_view import HousesView

    view = HousesView(admin)
    qtbot.addWidget(view)
    monkeypatch.setattr(HouseDialog, "ask", classmethod(lambda cls, parent, initial=None:
                        HouseInput(address="石巻市雄勝町 1", district="雄勝", deal=Deal.SALE,
                                   price_yen=800_000, layout="3DK")))
    qtbot.mouseClick(view.buttons["new"], Qt.MouseButton.LeftButton)
    gui_fixtures.settle(qtbot)
    assert view.table.rowCount() == 1
    view.table.selectRow(0)
    qtbot.mouseClick(view.buttons["publish"], Qt.MouseButton.LeftButton)
    gui_fixtures.settle(qtbot)
    assert "b00020" in view.message.styleSheet()
    house_id = view.selected_id()
    assert admin.db.houses.get(house_id)["status"] == "draft"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 80, 40)).save(buffer, "PNG")
    houses.add_photo(admin, house_id, buffer.getvalue(), "外観")
    view.show_photos()
    assert view.photos.count() == 1 and view.photos.item(0).text() == "外観"


def test_house_dialog_reads_every_field(qtbot):
    from desktop_app.ui.house_dialog import HouseDialog

    dialog = HouseDialog({"address": "石巻市北上町 2", "deal": "both", "price_yen": 1_000_000,
                          "rent_yen": 30_000, "built_year": 1975, "structure": "木造",
                          "pets_allowed": 1})
    qtbot.addWidget(dialog)
    dialog.built.setText("S50")
    value = dialog.value()
    assert (value.deal, value.price_yen, value.built_year, value.structure, value.pets_allowed) \
        == ("both", 1_000_000, 1975, "木造", True)
