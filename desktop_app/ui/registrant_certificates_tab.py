"""証明書 in a person's file: what was issued to them, and their card, a new certificate or the
pre-filled application form, each through the print preview; and the card for their phone."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.dates import format_date
from desktop_app.i18n import N_, _, translate_label
from desktop_app.services import certificate_list, preferences
from desktop_app.services.session import Session
from desktop_app.ui.background import BackgroundTask, follow_changes, run_in_background
from desktop_app.ui.error_label import error_text, show_status
from desktop_app.ui.person_printing import PersonPrinting

COLUMNS = (N_("Certificate number"), N_("Kind"), N_("Issued"), N_("Valid until"),
           N_("Status"))
KIND_WORDS = {"registration": N_("Registration certificate")}
STATUS_WORDS = {"issued": N_("Issued"), "void": N_("Void")}


class RegistrantCertificatesTab(QWidget):
    def __init__(self, session: Session, registrant_id: int, parent=None):
        super().__init__(parent)
        self.session, self.registrant_id = session, registrant_id
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.printing = PersonPrinting(self, session, self.say)
        self.task: BackgroundTask | None = None
        self.buttons = {
            "card": QPushButton(_("Card…")),
            "phone card": QPushButton(_("Phone card…")),
            "certificate": QPushButton(_("Certificate…")),
            "form": QPushButton(_("Application form…")),
        }
        self.buttons["card"].clicked.connect(lambda: self.printing.card(registrant_id))
        self.buttons["phone card"].clicked.connect(lambda: self.printing.phone_card(registrant_id))
        self.buttons["certificate"].clicked.connect(
            lambda: self.printing.certificate(registrant_id))
        self.buttons["form"].clicked.connect(
            lambda: self.printing.application_form(registrant_id))
        row = QHBoxLayout()
        for button in self.buttons.values():
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.message)
        follow_changes(self, ("certificate", "registrant"), self.reload)
        self.reload()

    def reload(self) -> BackgroundTask:
        """Read what was issued on the worker, then list it."""
        registrant_id = self.registrant_id
        self.task = run_in_background(
            lambda worker, _progress, _cancel: (
                preferences.date_style(worker.db),
                certificate_list.of_registrant(worker.db, registrant_id)),
            title=_("Reading the certificates…"), session=self.session, parent=self,
            on_done=self._show, on_error=lambda error: self.say(
                error_text(error), error=True))
        return self.task

    def _show(self, loaded) -> None:
        style, rows = loaded
        self.table.setHorizontalHeaderLabels([_(column) for column in COLUMNS])
        self.table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            status = translate_label(STATUS_WORDS.get(row["status"], row["status"]))
            if row["status"] == "void" and row["void_reason"]:
                status = f"{status} ({row['void_reason']})"
            kind = KIND_WORDS.get(row["kind"])
            values = (row["certificate_no"], translate_label(kind) if kind else row["kind"],
                      format_date(row["issued_on"], style),
                      format_date(row["valid_until"], style) or "—", status)
            for column, value in enumerate(values):
                self.table.setItem(number, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()

    def say(self, text: str, *, error: bool = False) -> None:
        show_status(self.message, text, error=error)
