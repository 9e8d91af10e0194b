"""The certificates area: find people, preview and print their cards, certificates and labels,
print a batch's vouchers, write the 情報提供 e-mail list, check a QR code, and see every
certificate issued.

Every document is drawn on the background worker and opens in the preview when done; a batch
(a sheet of many cards, labels, a voucher sheet) is drawn once, print-ready and recorded as
printed, with a cancellable progress dialog. The list of certificates follows what is issued.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
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
from desktop_app.i18n import N_, _, ngettext, translate_label
from desktop_app.services import preferences, printing, registry_search
from desktop_app.services.audit_trail import record_list_view
from desktop_app.services.information_mailing import information_emails
from desktop_app.services.session import Session
from desktop_app.ui.background import BackgroundTask, follow_changes, run_in_background
from desktop_app.ui.certificate_table_model import COLUMNS, CertificateTableModel
from desktop_app.ui.error_label import error_text, show_status
from desktop_app.ui.page_title import page_title
from desktop_app.ui.person_printing import PersonPrinting
from desktop_app.ui.print_preview import PrintPreviewDialog
from desktop_app.ui.verify_dialog import VerifyDialog

PEOPLE_COLUMNS = (N_("Registrant number"), N_("Name"), N_("Kana"), N_("Status"),
                  N_("Valid until"))
BUTTONS = (("card", N_("Card…")), ("sheet", N_("10-up sheet of the selected…")),
           ("certificate", N_("Certificate…")), ("labels", N_("Address labels…")),
           ("status_sheet", N_("10-up sheet of everyone with the status…")),
           ("emails", N_("E-mail addresses of those who agreed to information…")),
           ("vouchers", N_("Voucher sheet of batch…")), ("verify", N_("Check a QR code…")))


class CertificatesView(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.task: BackgroundTask | None = None
        self.preview: PrintPreviewDialog | None = None
        self.printing = PersonPrinting(self, session, self.show_message)
        self.style_name = preferences.date_style(session.db)
        self.search, self.filter = QLineEdit(), QLineEdit()
        self.people = QTableWidget(0, len(PEOPLE_COLUMNS))
        self.people.setTabKeyNavigation(False)  # Tab leaves the table
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
        self.model = CertificateTableModel(session, self.style_name, self)
        self.issued = QTableView()
        self.issued.setTabKeyNavigation(False)  # Tab leaves the table
        self.issued.setModel(self.model)
        self.issued.horizontalHeader().setStretchLastSection(True)
        self.issued.verticalHeader().hide()
        self.model.modelReset.connect(self.issued.resizeColumnsToContents)
        follow_changes(self, ("certificate",), lambda: self.model.refresh())
        self.people_box, self.issued_box = QGroupBox(), QGroupBox()
        self._lay_out()
        self.search.returnPressed.connect(self.find)
        self.filter.textChanged.connect(self.model.set_filter)
        actions: dict[str, Callable[[], None]] = {
            "card": self.print_card, "sheet": self.print_selected_sheet,
            "certificate": self.issue_certificate, "labels": self.print_labels,
            "status_sheet": self.print_status_sheet, "emails": self.write_emails,
            "vouchers": self.print_vouchers,
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
        others.addWidget(self.buttons["emails"])
        others.addSpacing(16)
        others.addWidget(self.batch)
        others.addWidget(self.buttons["vouchers"])
        others.addStretch(1)
        others.addWidget(self.buttons["verify"])
        issued = QVBoxLayout(self.issued_box)
        issued.addWidget(self.filter)
        issued.addWidget(self.issued, 1)
        self.title = page_title()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.people_box, 3)
        layout.addLayout(others)
        layout.addWidget(self.message)
        layout.addWidget(self.issued_box, 2)

    # Finding people ---------------------------------------------------------------------------

    def find(self) -> BackgroundTask:
        """Search on the worker; the list fills when the answer arrives."""
        text = self.search.text()

        def job(worker: Session, _progress, _cancel) -> list[dict]:
            hits = registry_search.search(worker.db, text)
            # Each search is the clerk's own (this list follows no change signal); audited
            # like `registrants search`, without what was typed.
            record_list_view(worker, "registrant", "search", [h["id"] for h in hits])
            return hits

        self.task = run_in_background(
            job, title=_("Searching…"), session=self.session, parent=self, on_done=self._found,
            on_error=self._failed)
        return self.task

    def _found(self, rows: list[dict]) -> None:
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

    def _person(self, show: Callable[[int], BackgroundTask]) -> BackgroundTask | None:
        person = self._one()
        if person is None:
            return None
        self.task = show(person)
        self.task.done.connect(lambda _pdf: setattr(self, "preview", self.printing.preview))
        return self.task

    def print_card(self) -> BackgroundTask | None:
        return self._person(self.printing.card)

    def issue_certificate(self) -> BackgroundTask | None:
        return self._person(self.printing.certificate)

    def print_labels(self) -> BackgroundTask | None:
        ids = self._selected()
        if not ids:
            return None
        return self.run_batch(lambda s, _progress, _cancel: printing.print_labels(
            s, [printing.find_registrant(s, i) for i in ids]), ("labels",),
            _("Preparing the labels…"), _("Address labels"), "labels.pdf")

    def print_vouchers(self) -> BackgroundTask:
        batch = self.batch.value()
        return self.run_batch(lambda s, _progress, _cancel: printing.print_vouchers(s, batch),
                              ("vouchers",), _("Preparing the voucher sheet…"),
                              _("Stay vouchers"), f"vouchers-{batch}.pdf")

    def print_selected_sheet(self) -> BackgroundTask | None:
        ids = self._selected()
        if not ids:
            return None
        return self.run_sheet(lambda s, progress, cancel: printing.print_cards_for(
            s, ids, progress=progress, cancel=cancel))

    def print_status_sheet(self) -> BackgroundTask:
        statuses = printing.statuses_from_word(self.status.currentData())
        return self.run_sheet(lambda s, progress, cancel: printing.print_cards(
            s, statuses=statuses, progress=progress, cancel=cancel))

    # Replaceable in tests (pytest-qt's advice for modal dialogs).
    @classmethod
    def ask_csv_file(cls, parent: QWidget) -> str:
        path, _filter = QFileDialog.getSaveFileName(
            parent, _("Save the e-mail addresses"), "information-emails.csv", "CSV (*.csv)")
        return path

    def write_emails(self) -> BackgroundTask | None:
        """情報提供: the addresses of everyone with the status who agreed, for the mail system."""
        word = self.status.currentData()
        chosen = self.ask_csv_file(self)
        if not chosen:
            return None
        path = Path(chosen)

        def job(worker: Session, _progress, _cancel):
            mailing = information_emails(worker, status=word)
            path.write_bytes(mailing.csv)
            return mailing

        self.task = run_in_background(
            job, title=_("Writing the e-mail addresses…"), session=self.session, parent=self,
            on_done=lambda mailing: self.show_message(ngettext(
                "Wrote {n} address to {file}; {left} without consent or address left out.",
                "Wrote {n} addresses to {file}; {left} without consent or address left out.",
                mailing.rows).format(n=mailing.rows, file=path, left=mailing.left_out)),
            on_error=self._failed)
        return self.task

    def run_sheet(self, render: Callable) -> BackgroundTask:
        return self.run_batch(render, ("sheet", "status_sheet"), _("Preparing the card sheet…"),
                              _("Cards (10-up)"), "cards.pdf")

    def run_batch(self, render: Callable, keys: tuple[str, ...], progress_title: str,
                  title: str, file_name: str) -> BackgroundTask:
        """Draw the print-ready document once on the worker (recorded as printed when it is
        drawn) and open it in the preview; its buttons wait meanwhile."""
        def done(pdf: object) -> None:
            self.show_message(_("The sheet is ready and recorded as printed."))
            self.preview = self.printing.open_preview(pdf, title, file_name, None)

        def idle(*_args) -> None:
            for key in keys:
                self.buttons[key].setEnabled(True)

        for key in keys:
            self.buttons[key].setEnabled(False)
        self.task = run_in_background(render, title=progress_title, session=self.session,
                                      parent=self, on_done=done, on_error=self._failed,
                                      on_cancel=lambda: self.show_message(_("Cancelled.")))
        for signal in (self.task.done, self.task.failed, self.task.cancelled):
            signal.connect(idle)
        return self.task

    def _failed(self, error: Exception) -> None:
        self.show_message(error_text(error), error=True)

    def open_verify(self) -> VerifyDialog:
        dialog = VerifyDialog(self.session, self)
        dialog.open()
        return dialog

    # Text -------------------------------------------------------------------------------------

    def show_message(self, text: str, *, error: bool = False) -> None:
        show_status(self.message, text, error=error)

    def retranslate(self) -> None:
        self.title.setText(_("Certificates"))
        self.people_box.setTitle(_("Find a registrant"))
        self.issued_box.setTitle(_("Certificates issued"))
        self.search.setPlaceholderText(_("Name, kana, registrant number or card code, then "
                                         "press Enter"))
        self.filter.setPlaceholderText(_("Certificate number or registrant number"))
        self.people.setHorizontalHeaderLabels([_(c) for c in PEOPLE_COLUMNS])
        for key, msgid in BUTTONS:
            self.buttons[key].setText(_(msgid))
        self.batch.setPrefix(_("Batch "))
        for widget, name in ((self.search, _("Find people")),
                             (self.filter, _("Certificate number or registrant number")),
                             (self.status, _("Status")), (self.batch, _("Batch"))):
            widget.setAccessibleName(name)
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self.issued.resizeColumnsToContents()
