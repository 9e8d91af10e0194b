"""証明書 in a person's file: what they were issued, and their documents through the preview."""

from __future__ import annotations

import pytest
from PIL import Image

from desktop_app.ui.person_printing import PersonPrinting
from desktop_app.ui.print_preview import PrintPreviewDialog
from desktop_app.ui.registrant_certificates_tab import RegistrantCertificatesTab
from desktop_app.ui.registrant_detail_dialog import RegistrantDetailDialog
from tests.gui_fixtures import settle
from tests.printing_helpers import register_people, supervisor_of


@pytest.fixture
def person(admin, clerk) -> int:
    return register_people(clerk, supervisor_of(admin), count=2)[0]


def _tab(qtbot, clerk, person) -> tuple[RegistrantDetailDialog, RegistrantCertificatesTab]:
    dialog = RegistrantDetailDialog(clerk, person)
    qtbot.addWidget(dialog)
    settle(qtbot)
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert titles[:5] == ["基本", "関与", "相談", "証明書", "履歴"]
    dialog.tabs.setCurrentIndex(3)
    return dialog, dialog.tabs.currentWidget()


def test_issuing_a_certificate_from_the_file_lists_it_there(qtbot, clerk, person, gui_catalogs,
                                                            tmp_path, monkeypatch, db):
    monkeypatch.setattr(PrintPreviewDialog, "ask_file",
                        classmethod(lambda c, p, s: str(tmp_path / "certificate.pdf")))
    _dialog, tab = _tab(qtbot, clerk, person)
    assert tab.table.rowCount() == 0
    tab.buttons["certificate"].click()
    settle(qtbot)
    assert tab.table.rowCount() == 0  # a preview takes no number
    tab.printing.preview.save_button.click()
    settle(qtbot)
    assert tab.table.rowCount() == 1
    assert tab.table.item(0, 1).text() == "登録証明書" and tab.table.item(0, 4).text() == "発行"
    assert tab.table.item(0, 0).text() in tab.message.text()
    assert (tmp_path / "certificate.pdf").read_bytes().startswith(b"%PDF")


def test_the_application_form_and_card_open_in_the_preview(qtbot, clerk, person, db,
                                                           gui_catalogs):
    _dialog, tab = _tab(qtbot, clerk, person)
    tab.buttons["form"].click()
    settle(qtbot)
    assert tab.printing.preview.document.pageCount() == 1
    tab.buttons["card"].click()
    settle(qtbot)
    assert tab.printing.preview.document.pageCount() == 2  # front and back
    assert not tab.message.text()


def test_the_phone_card_is_saved_where_the_clerk_says(qtbot, clerk, person, db, tmp_path,
                                                      monkeypatch, gui_catalogs):
    target = tmp_path / "usb" / "phone-card.png"
    target.parent.mkdir()
    monkeypatch.setattr(PersonPrinting, "ask_phone_card_file",
                        classmethod(lambda cls, parent: str(target)))
    _dialog, tab = _tab(qtbot, clerk, person)
    assert tab.buttons["phone card"].text() == "スマホ用登録証…"
    tab.buttons["phone card"].click()
    settle(qtbot)
    assert Image.open(target).size == (1080, 1920)
    assert str(target) in tab.message.text()
    assert any(row["action"] == "print.phone_card" for row in db.audit.recent(20))
