"""The certificates area: find people, preview and print their cards, certificates and labels,
print a batch's vouchers, check a QR code, and see every certificate issued.

A single document renders on the spot (milliseconds); a sheet of many cards is built on the
background worker with a cancellable progress dialog, and opens in the preview when done.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.dates import format_date
from desktop_app.domain.registrant import STATUS_LABELS, Status
from desktop_app.i18n import N_, _, translate_label
from desktop_app.services import preferences, printing, registry_search
from desktop_app.services.session import Session
from desktop_app.ui.background import BackgroundTask, run_in_background
from desktop_app.ui.certificate_table_model import COLUMNS, CertificateTableModel
from desktop_app.ui.person_printing import PersonPrinting
from desktop_app.ui.print_preview import PrintPreviewDialog
from desktop_app.ui.verify_dialog import VerifyDialog

PEOPLE_COLUMNS = (N_("Registrant number"), N_("Name"), N_("Kana"), N_("Status"),
                  N_("Valid until"))
BUTTONS = (("card", N_("Card…")), ("sheet", N_("10-up sheet of the selected…")),
           ("certificate", N_("Certificate…")), ("labels", N_("Address labels…")),
           ("status_sheet", N_("10-up sheet of everyone with the status…")),
           ("vouchers", N_("Voucher sheet of batch…")), ("verify", N_("Check a QR code…")))


class CertificatesView(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.task: BackgroundTask | None = None
        self.preview: PrintPreviewDialog | None = None
        self.printing = PersonPrinting(self, session, self.show_message,
                                       on_issued=lambda: self.model.refresh())
        self.style_name = preferences.date_style(session.db)
        self.search, self.filter = QLineEdit(), QLineEdit()
        self.people = QTableWidget(0, len(PEOPLE_COLUMNS))
        self.people.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.people.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.people.horizontalHeader().setStretchLastSection(True)
        self.people.verticalHeader().hide()
        self.buttons = {key: QPushButton() for key, _msgid in BUTTONS}
        self.status = QComboBox()
        for word in printing.STATUS_WORDS:
            self.status.addItem(word, word)
        self.batch = QSpinBox()
        self.batch.setRange(1, 1_000_000)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.model = CertificateTableModel(session.db, self.style_name, self)
        self.issued = QTableView()
        self.issued.setModel(self.model)
        self.issued.horizontalHeader().setStretchLastSection(True)
        self.issued.verticalHeader().hide()
        self.model.modelReset.connect(self.issued.resizeColumnsToContents)
        self.people_box, self.issued_box = QGroupBox(), QGroupBox()
        self._lay_out()
        self.search.returnPressed.connect(self.find)
        self.filter.textChanged.connect(self.model.set_filter)
        actions: dict[str, Callable[[], None]] = {
            "card": self.print_card, "sheet": self.print_selected_sheet,
            "certificate": self.issue_certificate, "labels": self.print_labels,
            "status_sheet": self.print_status_sheet, "vouchers": self.print_vouchers,
            "verify": self.open_verify}
        for key, action in actions.items():
            self.buttons[key].clicked.connect(action)
        self.retranslate()

    def _lay_out(self) -> None:
        people = QVBoxLayout(self.people_box)
        people.addWidget(self.search)
        people.addWidget(self.people, 1)
        row = QHBoxLayout()
        for key in ("card", "sheet", "certificate", "labels"):
            row.addWidget(self.buttons[key])
        row.addStretch(1)
        people.addLayout(row)
        others = QHBoxLayout()
        others.addWidget(self.status)
        others.addWidget(self.buttons["status_sheet"])
        others.addSpacing(16)
        others.addWidget(self.batch)
        others.addWidget(self.buttons["vouchers"])
        others.addStretch(1)
        others.addWidget(self.buttons["verify"])
        issued = QVBoxLayout(self.issued_box)
        issued.addWidget(self.filter)
        issued.addWidget(self.issued, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.people_box, 3)
        layout.addLayout(others)
        layout.addWidget(self.message)
        layout.addWidget(self.issued_box, 2)

    # Finding people ---------------------------------------------------------------------------

    def find(self) -> None:
        rows = registry_search.search(self.session.db, self.search.text())
        self.people.setRowCount(len(rows))
        for number, person in enumerate(rows):
            name = f"{person['family_name']}\u3000{person['given_name']}".strip("\u3000")
            kana = f"{person['family_kana']} {person['given_kana']}".strip()
            values = (person["registrant_no"] or "", name, kana,
                      translate_label(STATUS_LABELS[Status(person["status"])]),
                      format_date(person["valid_until"], self.style_name))
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, person["id"])
                self.people.setItem(number, column, item)
        self.people.resizeColumnsToContents()
        if rows:
            self.people.selectRow(0)
        self.show_message(_("{count} found.").format(count=len(rows)) if rows
                          else _("Nobody matches."), error=not rows)

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.people.selectionModel().selectedRows()})
        return [self.people.item(row, 0).data(Qt.ItemDataRole.UserRole) for row in rows]

    def _selected(self) -> list[int]:
        ids = self.selected_ids()
        if not ids:
            self.show_message(_("Find and select a registrant first."), error=True)
        return ids

    def _one(self) -> int | None:
        ids = self._selected()
        return ids[0] if ids else None

    # Printing ---------------------------------------------------------------------------------

    def open_preview(self, pdf: bytes, title: str, file_name: str,
                     on_print: Callable[[int], bytes] | None) -> PrintPreviewDialog:
        self.preview = self.printing.open_preview(pdf, title, file_name, on_print)
        return self.preview

    def _try(self, work: Callable[[], None]) -> None:
        self.printing.attempt(work)

    def print_card(self) -> None:
        person = self._one()
        if person is not None:
            self.printing.card(person)
            self.preview = self.printing.preview

    def issue_certificate(self) -> None:
        person = self._one()
        if person is not None:
            self.printing.certificate(person)
            self.preview = self.printing.preview

    def print_labels(self) -> None:
        ids = self._selected()
        if ids:
            def people() -> list[dict]:
                return [printing.find_registrant(self.session, i) for i in ids]

            self._try(lambda: self.open_preview(
                printing.print_labels(self.session, people(), preview=True), _("Address labels"),
                "labels.pdf", lambda _copies: printing.print_labels(self.session, people())))

    def print_vouchers(self) -> None:
        batch = self.batch.value()
        self._try(lambda: self.open_preview(
            printing.print_vouchers(self.session, batch, preview=True), _("Stay vouchers"),
            f"vouchers-{batch}.pdf", lambda _copies: printing.print_vouchers(self.session, batch)))

    def print_selected_sheet(self) -> None:
        ids = self._selected()
        if ids:
            self.run_sheet(lambda s, progress, cancel: printing.print_cards_for(
                s, ids, progress=progress, cancel=cancel))

    def print_status_sheet(self) -> None:
        statuses = printing.statuses_from_word(self.status.currentData())
        self.run_sheet(lambda s, progress, cancel: printing.print_cards(
            s, statuses=statuses, progress=progress, cancel=cancel))

    def run_sheet(self, render: Callable) -> BackgroundTask:
        """Build the print-ready sheet on the worker (recorded as printed when it is built)."""
        from desktop_app.store.database import Database

        path, clerk, role, terminal = (self.session.db.path, self.session.clerk,
                                       self.session.role, self.session.terminal)

        def job(progress, cancel) -> bytes:
            db = Database(path)
            try:
                return render(Session(db, clerk, role, terminal), progress, cancel)
            finally:
                db.close()

        def done(pdf: object) -> None:
            self.show_message(_("The sheet is ready and recorded as printed."))
            self.open_preview(pdf, _("Cards (10-up)"), "cards.pdf", None)

        self.buttons["sheet"].setEnabled(False)
        self.buttons["status_sheet"].setEnabled(False)
        self.task = run_in_background(job, title=_("Preparing the card sheet…"), parent=self,
                                      on_done=done, on_error=self._failed,
                                      on_cancel=lambda: self.show_message(_("Cancelled.")))
        self.task.done.connect(self._idle)
        self.task.failed.connect(self._idle)
        self.task.cancelled.connect(self._idle)
        return self.task

    def _idle(self, *_args) -> None:
        self.buttons["sheet"].setEnabled(True)
        self.buttons["status_sheet"].setEnabled(True)

    def _failed(self, error: Exception) -> None:
        self.show_message(getattr(error, "message", str(error)), error=True)

    def open_verify(self) -> VerifyDialog:
        dialog = VerifyDialog(self.session.db.path, self)
        dialog.open()
        return dialog

    # Text -------------------------------------------------------------------------------------

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b00020; font-weight: bold;" if error else "")

    def retranslate(self) -> None:
        self.people_box.setTitle(_("Find a registrant"))
        self.issued_box.setTitle(_("Certificates issued"))
        self.search.setPlaceholderText(_("Name, kana, registrant number or card code, then "
                                         "press Enter"))
        self.filter.setPlaceholderText(_("Certificate number or registrant number"))
        self.people.setHorizontalHeaderLabels([_(c) for c in PEOPLE_COLUMNS])
        for key, msgid in BUTTONS:
            self.buttons[key].setText(_(msgid))
        self.batch.setPrefix(_("Batch "))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self.issued.resizeColumnsToContents()
