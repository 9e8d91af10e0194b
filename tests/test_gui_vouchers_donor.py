"""The vouchers page issues a batch for a ふるさと納税 donor, with the donation's receipt number
and amount (as `futasato vouchers issue --donor --receipt --amount`), and prints it."""

from __future__ import annotations

from desktop_app.ui.print_preview import PrintPreviewDialog
from desktop_app.ui.vouchers_view import COLUMNS, VouchersView
from tests.gui_fixtures import settle


def test_a_batch_for_a_donor_is_issued_listed_and_printed(qtbot, admin, clerk, tmp_path,
                                                          monkeypatch):
    view = VouchersView(clerk)
    qtbot.addWidget(view)
    settle(qtbot)
    assert not view.print_button.isEnabled()  # nothing issued here yet
    view.count.setValue(2)
    view.value.setValue(2)
    view.donor.setText("寄附　花子")
    view.receipt.setText("R8-0042")
    view.donation.setValue(30_000)
    view.issue_button.click()
    settle(qtbot)
    [batch] = admin.db.execute("SELECT * FROM voucher_batches").fetchall()
    assert (batch["donor"], batch["receipt_no"], batch["donation_yen"]) == (
        "寄附　花子", "R8-0042", 30_000)
    assert view.table.rowCount() == 2
    receipt_column = COLUMNS.index("Receipt number")
    assert view.table.horizontalHeaderItem(receipt_column).text() == "受領証番号"
    assert view.table.item(0, receipt_column).text() == "R8-0042"
    assert view.print_button.isEnabled()
    view.print_button.click()
    settle(qtbot)
    preview = view.printing.preview
    assert isinstance(preview, PrintPreviewDialog) and preview.document.pageCount() == 1
    qtbot.addWidget(preview)
    target = tmp_path / "vouchers.pdf"
    monkeypatch.setattr(PrintPreviewDialog, "ask_file", classmethod(lambda c, p, s: str(target)))
    preview.save_button.click()
    settle(qtbot)
    assert target.read_bytes().startswith(b"%PDF")
    [printed] = [r for r in admin.db.audit.recent(10) if r["action"] == "print.vouchers"]
    assert printed["entity_id"] == str(batch["id"])


def test_no_amount_is_recorded_when_none_is_given(qtbot, admin, clerk):
    view = VouchersView(clerk)
    qtbot.addWidget(view)
    settle(qtbot)
    assert view.donation.text() == "—"
    view.issue_button.click()
    settle(qtbot)
    [batch] = admin.db.execute("SELECT donation_yen FROM voucher_batches").fetchall()
    assert batch["donation_yen"] is None
