"""The print preview (QtPdf), printing through QPrinter, and the scanner's verify dialog."""

from __future__ import annotations

from datetime import date

from PySide6.QtPrintSupport import QPrinter

from desktop_app.services import print_settings, printing
from desktop_app.services.card_signing import signer
from desktop_app.services.shop_check import write_shop_check
from desktop_app.ui.print_preview import PrintPreviewDialog
from desktop_app.ui.verify_dialog import VerifyDialog
from tests.gui_fixtures import settle
from tests.printing_helpers import register_people, supervisor_of


def test_preview_shows_pages_saves_and_prints(qtbot, admin, clerk, tmp_path, monkeypatch):
    [person] = register_people(clerk, supervisor_of(admin), count=1)
    preview = printing.print_card(clerk, person, preview=True)
    printed = []

    def final(worker, copies: int) -> bytes:
        printed.append(copies)
        return printing.print_card(worker, person, copies=copies)

    dialog = PrintPreviewDialog(preview, title="card", session=clerk, on_print=final)
    qtbot.addWidget(dialog)
    assert dialog.document.pageCount() == 2
    target = tmp_path / "saved.pdf"
    monkeypatch.setattr(PrintPreviewDialog, "ask_file", classmethod(lambda c, p, s: str(target)))
    dialog.save_button.click()
    settle(qtbot)
    assert target.read_bytes().startswith(b"%PDF") and printed == [1]
    out = tmp_path / "printer.pdf"

    def pdf_printer(cls, parent):
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return printer

    monkeypatch.setattr(PrintPreviewDialog, "ask_printer", classmethod(pdf_printer))
    dialog.print_button.click()
    settle(qtbot)
    assert out.stat().st_size > 1000 and printed == [1, 1]


def test_verify_dialog_takes_a_scan(qtbot, admin, clerk, db):
    [person] = register_people(clerk, supervisor_of(admin), count=1)
    code = printing.card_data(print_settings.load(db), signer(clerk),
                              db.registrants.get(person)).qr_payload
    dialog = VerifyDialog(clerk)
    qtbot.addWidget(dialog)
    dialog.field.setText(code)
    dialog.check()
    settle(qtbot)
    assert "R7-000001" in dialog.detail.text()
    dialog.field.setText(code.replace(".2026", ".2099"))
    dialog.check()
    settle(qtbot)
    assert "#b3261e" in dialog.outcome.text()


def test_verify_dialog_says_when_the_shop_check_file_was_written(qtbot, admin, clerk, tmp_path,
                                                                 monkeypatch, gui_catalogs):
    dialog = VerifyDialog(admin)
    qtbot.addWidget(dialog)
    settle(qtbot)
    assert "まだ" in dialog.shop_check.text()
    write_shop_check(supervisor_of(admin), today=date(2026, 12, 3))
    dialog = VerifyDialog(clerk)
    qtbot.addWidget(dialog)
    settle(qtbot)
    assert "令和8年12月3日" in dialog.shop_check.text() and "super1" in dialog.shop_check.text()
    target = tmp_path / "shop-check.html"
    monkeypatch.setattr(VerifyDialog, "ask_shop_check_file", classmethod(lambda c, p: str(target)))
    dialog.write_button.click()  # a counter clerk may not hand out the file
    settle(qtbot)
    assert not target.exists() and dialog.detail.text()
    dialog = VerifyDialog(admin)
    qtbot.addWidget(dialog)
    dialog.write_button.click()
    settle(qtbot)
    assert target.read_bytes().startswith(b"<!DOCTYPE html>")
    assert "admin" in dialog.shop_check.text()
