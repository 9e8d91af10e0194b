"""The certificates page: find a person, preview a card, issue a certificate, batch a sheet."""

from __future__ import annotations

import pytest

from desktop_app.ui.certificates_view import CertificatesView
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.print_preview import PrintPreviewDialog
from desktop_app.ui.verify_dialog import VerifyDialog
from tests.gui_fixtures import settle
from tests.printing_helpers import register_people, supervisor_of


@pytest.fixture
def people(admin, clerk) -> list[int]:
    return register_people(clerk, supervisor_of(admin), count=4)


@pytest.fixture
def view(qtbot, clerk, people, gui_catalogs) -> CertificatesView:
    page = CertificatesView(clerk)
    qtbot.addWidget(page)
    page.resize(1100, 750)
    page.show()
    return page


def audit_actions(db) -> list[str]:
    return [row["action"] for row in db.audit.recent(500)]


def test_main_window_shows_the_certificates_page(qtbot, admin, gui_catalogs):
    window = MainWindow(admin)
    qtbot.addWidget(window)
    window.show_area("certificates")
    page = window.pages.currentWidget()
    assert isinstance(page, CertificatesView)
    assert page.buttons["card"].text() == "登録証…"
    assert window.navigation.currentItem().text() == "証明書"


def test_find_a_person_and_preview_their_card(qtbot, view):
    view.search.setText("ヨシダ")
    view.find()
    settle(qtbot)
    assert view.people.rowCount() == 1
    assert view.people.item(0, 0).text() == "R7-000001"
    assert view.people.item(0, 1).text() == "𠮷田\u3000太郎"
    view.buttons["card"].click()
    settle(qtbot)
    assert isinstance(view.preview, PrintPreviewDialog)
    qtbot.addWidget(view.preview)
    assert view.preview.document.pageCount() == 2  # front and back


def test_nothing_selected_is_said_plainly(qtbot, view, db):
    view.buttons["card"].click()
    settle(qtbot)
    assert view.preview is None
    assert "選択" in view.message.text()


def test_issuing_twice_voids_the_first_and_the_list_shows_both(qtbot, view, db, tmp_path,
                                                                 monkeypatch):
    target = tmp_path / "certificate.pdf"
    monkeypatch.setattr(PrintPreviewDialog, "ask_file", classmethod(lambda c, p, s: str(target)))
    view.search.setText("R7-000002")
    view.find()
    settle(qtbot)
    for _round in range(2):
        view.buttons["certificate"].click()
        settle(qtbot)
        qtbot.addWidget(view.preview)
        view.preview.save_button.click()
        settle(qtbot)
        view.preview.save_button.click()  # a second save reuses the number already taken
        settle(qtbot)
    assert view.model.rowCount() == 2
    statuses = [view.model.index(row, 5).data() for row in range(2)]
    assert statuses[0] == "発行" and statuses[1].startswith("無効")
    assert audit_actions(db).count("certificate.issue") == 2


def test_sheet_of_the_selected_runs_on_the_worker(qtbot, view, db):
    view.search.setText("R7-00000")
    view.find()
    settle(qtbot)
    view.people.selectAll()
    assert len(view.selected_ids()) == 4
    view.buttons["sheet"].click()
    assert not view.buttons["sheet"].isEnabled()  # until the worker is done
    with qtbot.waitSignal(view.task.done, timeout=30_000):
        pass
    qtbot.addWidget(view.preview)
    assert view.preview.document.pageCount() == 2  # one A4 of fronts, one of backs
    assert view.buttons["sheet"].isEnabled()
    assert "print.cards" in audit_actions(db)


def test_a_cancelled_sheet_is_not_recorded(qtbot, view, db, monkeypatch):
    view.status.setCurrentIndex(view.status.findData("登録"))
    view.run_sheet(lambda s, progress, cancel: (cancel.set(), progress(0.5, ""))[1])
    with qtbot.waitSignal(view.task.cancelled, timeout=10_000):
        pass
    assert view.preview is None and "print.cards" not in audit_actions(db)


def test_verify_button_opens_the_scanner_dialog(qtbot, view):
    dialog = view.open_verify()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, VerifyDialog) and dialog.isVisible()


def test_houses_view_prints_the_listing_sheet_only_after_consent(qtbot, admin, gui_catalogs):
    from datetime import date

    from desktop_app.domain.houses import Deal, HouseInput, HouseStatus
    from desktop_app.services import houses
    from desktop_app.ui.houses_view import HousesView

    house = houses.add_house(admin, HouseInput(address="石巻市北上町 1", deal=Deal.SALE,
                                               price_yen=1_000_000, owner_name="所有　一郎"))
    page = HousesView(admin)
    qtbot.addWidget(page)
    settle(qtbot)  # the list is read on the worker
    page.table.selectRow(0)
    assert page.buttons["listing"].text() == "物件情報シート…"
    page.buttons["listing"].click()
    settle(qtbot)
    assert "同意" in page.message.text()
    houses.record_consent(admin, house, date(2026, 5, 1), "同意書")
    houses.change_status(admin, house, HouseStatus.PUBLISHED)
    page.refresh()
    page.table.selectRow(0)
    page.buttons["listing"].click()
    settle(qtbot)
    qtbot.addWidget(page.preview)
    assert page.preview.document.pageCount() == 1


def test_stays_page_prints_the_confirmation_of_a_selected_booking(qtbot, admin, clerk, people,
                                                                   gui_catalogs):
    from datetime import date, timedelta

    from desktop_app.services import stays
    from desktop_app.ui.stays_page import StaysPage

    facility = stays.add_facility(admin, stays.FacilityInput(name="お試し住宅 北上",
                                                             nightly_fee_yen=2000))
    today = date.today()
    stays.book(admin, facility_id=facility, registrant=people[0], check_in=today,
               check_out=today + timedelta(days=2))
    page = StaysPage(admin)
    qtbot.addWidget(page)
    page.tabs.setCurrentWidget(page.today)
    page.show()
    settle(qtbot)  # today's lists are read on the worker when first shown
    page.confirmation_button.click()
    assert page.message.text() == "先に予約を選択してください。"
    page.today.arrivals.selectRow(0)
    page.confirmation_button.click()
    settle(qtbot)
    qtbot.addWidget(page.preview)
    assert page.preview.document.pageCount() == 1


def test_the_information_e_mail_list_from_the_status(qtbot, admin, db, tmp_path, monkeypatch,
                                                     gui_catalogs):
    """情報提供 next to the labels: the people above never agreed, then one does."""
    ids = register_people(admin, supervisor_of(admin), count=2)
    db.execute("UPDATE registrants SET email = 'a@example.jp', consent_newsletter = 1"
               " WHERE id = ?", (ids[0],))
    page = CertificatesView(supervisor_of(admin))
    qtbot.addWidget(page)
    target = tmp_path / "emails.csv"
    monkeypatch.setattr(CertificatesView, "ask_csv_file", classmethod(lambda c, p: str(target)))
    page.buttons["emails"].click()
    settle(qtbot)
    assert target.read_bytes().decode("utf-8-sig").splitlines()[1].endswith(",a@example.jp")
    assert "1" in page.message.text() and str(target) in page.message.text()
