"""Stay vouchers at the counter: issue a batch (for a ふるさと納税 donor, with the donation's
receipt number and amount, as `futasato vouchers issue` does) and print it, redeem one against a
booking, see the latest with their donors and receipts."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.dates import format_date
from desktop_app.domain.vouchers import VOUCHER_STATUS_LABELS, Unit, VoucherStatus
from desktop_app.i18n import N_, _, ngettext, translate_label
from desktop_app.services import preferences, printing, vouchers
from desktop_app.services.audit_trail import record_list_view
from desktop_app.services.session import Session
from desktop_app.services.vouchers import BatchInput
from desktop_app.ui.background import BackgroundTask, follow_changes, run_in_background
from desktop_app.ui.date_picker import DatePicker
from desktop_app.ui.error_label import error_text, show_status
from desktop_app.ui.page_title import page_title
from desktop_app.ui.person_printing import PersonPrinting

COLUMNS = (N_("Voucher number"), N_("Value"), N_("Expires"), N_("Status"), N_("Booking"),
           N_("Donor"), N_("Receipt number"))


class VouchersView(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.task: BackgroundTask | None = None
        self.issue_box, self.redeem_box = QGroupBox(), QGroupBox()
        self.count, self.value = QSpinBox(), QSpinBox()
        self.count.setRange(1, 10000)
        self.value.setRange(1, 1_000_000)
        self.unit = QComboBox()
        self.expires = DatePicker(session.db, QDate.currentDate().addYears(1).toPython())
        self.donor, self.receipt = QLineEdit(), QLineEdit()
        self.donation = QSpinBox()  # 0 shows as "—": no amount recorded
        self.donation.setRange(0, 100_000_000)
        self.donation.setSingleStep(1000)
        self.donation.setGroupSeparatorShown(True)
        self.issue_button = QPushButton()
        self.print_button = QPushButton()
        self.print_button.setEnabled(False)  # until a batch is issued here
        self.batch_id: int | None = None
        self.printing = PersonPrinting(self, session, self.show_message)
        self.issued = QPlainTextEdit()
        self.issued.setReadOnly(True)
        self.serial, self.booking, self.code = QLineEdit(), QLineEdit(), QLineEdit()
        self.redeem_button = QPushButton()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table
        self.table.horizontalHeader().setStretchLastSection(True)
        self._labels: list[tuple[QFormLayout, QWidget, str]] = []
        issue = QFormLayout(self.issue_box)
        for msgid, widget in ((N_("Count"), self.count), (N_("Value"), self.value),
                              (N_("Unit"), self.unit), (N_("Expires"), self.expires),
                              (N_("Donor"), self.donor), (N_("Receipt number"), self.receipt),
                              (N_("Donation (yen)"), self.donation)):
            issue.addRow(msgid, widget)
            self._labels.append((issue, widget, msgid))
        buttons = QHBoxLayout()
        buttons.addWidget(self.issue_button)
        buttons.addWidget(self.print_button)
        issue.addRow(buttons)
        issue.addRow(self.issued)
        redeem = QFormLayout(self.redeem_box)
        for msgid, widget in ((N_("Voucher number"), self.serial), (N_("Booking"), self.booking),
                              (N_("Verification code"), self.code)):
            redeem.addRow(msgid, widget)
            self._labels.append((redeem, widget, msgid))
        redeem.addRow(self.redeem_button)
        redeem.addRow(self.message)
        forms = QHBoxLayout()
        forms.addWidget(self.issue_box)
        forms.addWidget(self.redeem_box)
        self.title = page_title()
        self.empty = QLabel()  # what to do first, while no voucher is on file
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(forms)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        self.issue_button.clicked.connect(self.issue)
        self.print_button.clicked.connect(self.print_batch)
        self.redeem_button.clicked.connect(self.redeem)
        self.serial.returnPressed.connect(self.redeem)
        follow_changes(self, ("voucher",), lambda: self.refresh(audited=False))
        self.opened = False  # the opening is the clerk's look; a language switch redraws
        self.retranslate()

    def issue(self) -> None:
        batch = BatchInput(count=self.count.value(), value=self.value.value(),
                           unit=Unit(self.unit.currentData()),
                           expires_on=self.expires.day(),
                           donor=self.donor.text(), receipt_no=self.receipt.text(),
                           donation_yen=self.donation.value() or None)
        self.task = run_in_background(
            lambda worker, _progress, _cancel: vouchers.issue_batch(worker, batch),
            title=_("Issuing vouchers…"), session=self.session, writes=("voucher",),
            parent=self, on_done=self._issued, on_error=self._refused)

    def _issued(self, issued: tuple[int, list[str]]) -> None:
        self.batch_id, serials = issued
        self.issued.setPlainText("\n".join(serials))
        self.print_button.setEnabled(True)
        self.print_button.setFocus()
        self.show_message(ngettext("{count} voucher issued.", "{count} vouchers issued.",
                                   len(serials)).format(count=len(serials)))

    def print_batch(self) -> BackgroundTask | None:
        """The batch just issued, in the print preview; printing or saving it is audited."""
        batch = self.batch_id
        if batch is None:
            return None
        return self.printing.show(
            lambda worker: printing.print_vouchers(worker, batch, preview=True),
            _("Stay vouchers"), f"vouchers-{batch}.pdf",
            lambda worker, _copies: printing.print_vouchers(worker, batch))

    def _refused(self, error: Exception) -> None:
        self.show_message(error_text(error), error=True)

    def redeem(self) -> None:
        booking = self.booking.text().strip()
        if not booking.isdigit():
            self.show_message(_("Enter the booking number."), error=True)
            return
        serial, code = self.serial.text(), self.code.text() or None
        self.task = run_in_background(
            lambda worker, _progress, _cancel: vouchers.redeem(
                worker, serial, int(booking), code=code, today=date.today()),
            title=_("Saving…"), session=self.session, writes=("voucher",), parent=self,
            on_done=lambda used: self._redeemed(used, booking), on_error=self._refused)

    def _redeemed(self, used: dict, booking: str) -> None:
        self.show_message(_("Voucher {serial} used for booking {booking}.").format(
            serial=used["serial"], booking=booking))
        self.serial.clear()
        self.code.clear()

    def show_message(self, text: str, *, error: bool = False) -> None:
        show_status(self.message, text, error=error)

    def refresh(self, *, audited: bool = True) -> None:
        """Read the latest vouchers (with their donors' names) on the worker. Opening the page
        is audited; following a voucher change (an issue, a redemption) is not."""

        def job(worker: Session, _progress, _cancel) -> tuple[list[dict], str]:
            rows = vouchers.recent(worker.db)
            if audited:
                record_list_view(worker, "voucher", "recent", [r["id"] for r in rows])
            return rows, preferences.date_style(worker.db)

        self.reading = run_in_background(
            job, title=_("Reading the vouchers…"), session=self.session, parent=self,
            on_done=lambda result: self._show(*result),
            on_error=lambda error: self.show_message(error_text(error),
                                                     error=True))

    def _show(self, rows: list[dict], style: str) -> None:
        self.empty.setVisible(not rows)
        self.table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            value = (ngettext("{n} night", "{n} nights", row["value"])
                     if row["unit"] == Unit.NIGHTS else _("{n} yen")).format(
                n=row["value"])
            values = (row["serial"], value, format_date(row["expires_on"], style),
                      translate_label(VOUCHER_STATUS_LABELS[VoucherStatus(row["status"])]),
                      row["booking_id"] or "", row["donor"], row["receipt_no"])
            for column, text in enumerate(values):
                self.table.setItem(number, column, QTableWidgetItem(str(text)))
        self.table.resizeColumnsToContents()

    def retranslate(self) -> None:
        self.title.setText(_("Vouchers"))
        self.empty.setText(_("No voucher has been issued yet: fill in “Issue vouchers” above "
                             "(how many, their value and expiry) and press Issue."))
        self.issue_box.setTitle(_("Issue vouchers"))
        self.redeem_box.setTitle(_("Redeem a voucher"))
        for form, widget, msgid in self._labels:
            form.labelForField(widget).setText(_(msgid))
        self.unit.clear()
        self.unit.addItem(_("nights"), Unit.NIGHTS.value)
        self.unit.addItem(_("yen"), Unit.YEN.value)
        self.issue_button.setText(_("Issue"))
        self.issued.setAccessibleName(_("Voucher numbers issued"))
        self.print_button.setText(_("Print this batch…"))
        self.donation.setSpecialValueText("—")
        self.redeem_button.setText(_("Redeem"))
        self.serial.setPlaceholderText(_("2025-000123-4"))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.refresh(audited=not self.opened)
        self.opened = True
