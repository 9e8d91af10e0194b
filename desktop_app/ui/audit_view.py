"""The audit trail for supervisors: search by person, clerk, action and date; verify; export CSV."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import FutasatoError
from desktop_app.i18n import N_, _, ngettext
from desktop_app.services.audit_trail import (
    AuditFilter,
    audit_clerks,
    export_audit_csv,
    verify_audit,
)
from desktop_app.services.session import Session
from desktop_app.ui.audit_table_model import AuditTableModel
from desktop_app.ui.background import run_in_background
from desktop_app.ui.date_picker import DatePicker
from desktop_app.ui.error_label import error_label, error_text
from desktop_app.ui.page_title import page_title

if TYPE_CHECKING:
    from desktop_app.store.database import Database

# What the action box offers, by name (a prefix ending in "." takes in a group); an exact action
# code can still be typed.
ACTION_CHOICES = (("", N_("All actions")), ("registrant.", N_("Registrant records")),
                  ("registrant.view", N_("Files opened")), ("sign_in.", N_("Sign-ins")),
                  ("clerk.", N_("Accounts")), ("backup.", N_("Backups")),
                  ("audit.export", N_("Audit exports")), ("setting.", N_("Settings")))


def _date_box(db: Database) -> tuple[QCheckBox, DatePicker]:
    use = QCheckBox()
    edit = DatePicker(db)
    edit.setEnabled(False)
    use.toggled.connect(edit.setEnabled)
    return use, edit


class AuditView(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.model = AuditTableModel(session, self)
        self.person = QLineEdit()
        self.clerk = QComboBox()
        self.clerk.setEditable(True)
        self.action = QComboBox()
        self.action.setEditable(True)
        for code, _label in ACTION_CHOICES:
            self.action.addItem("", code)
        self.use_from, self.date_from = _date_box(session.db)
        self.use_to, self.date_to = _date_box(session.db)
        self.search_button = QPushButton()
        self.verify_button = QPushButton()
        self.export_button = QPushButton()
        self.summary = QLabel()
        self.error = error_label()
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()  # the row's number is its first column
        self.form = QFormLayout()
        self.labels = [QLabel() for _ in range(5)]
        dates_from = QHBoxLayout()
        dates_from.addWidget(self.use_from)
        dates_from.addWidget(self.date_from, 1)
        dates_to = QHBoxLayout()
        dates_to.addWidget(self.use_to)
        dates_to.addWidget(self.date_to, 1)
        for label, field in zip(self.labels, (self.person, self.clerk, self.action, dates_from,
                                              dates_to), strict=True):
            self.form.addRow(label, field)
        buttons = QHBoxLayout()
        for button in (self.search_button, self.verify_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch()
        self.title = page_title()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.search_button.clicked.connect(self.search)
        self.person.returnPressed.connect(self.search)
        self.verify_button.clicked.connect(self.verify)
        self.export_button.clicked.connect(self.export)
        self.retranslate()
        self._fill_clerks()
        self.search()

    def _fill_clerks(self) -> None:
        self.clerk.clear()
        self.clerk.addItem("")
        try:
            self.clerk.addItems(audit_clerks(self.session))
        except FutasatoError as error:
            self._show_error(error)

    def wanted(self) -> AuditFilter:
        return AuditFilter(
            person=self.person.text(), clerk=self.clerk.currentText(),
            action=self._action(),
            date_from=self.date_from.date().toPython() if self.use_from.isChecked() else None,
            date_to=self.date_to.date().toPython() if self.use_to.isChecked() else None)

    def _action(self) -> str:
        """The chosen group's code, or what was typed when it is no choice's name."""
        typed = self.action.currentText()
        chosen = self.action.findText(typed)
        return self.action.itemData(chosen) if chosen >= 0 else typed

    def _show_error(self, error: FutasatoError) -> None:
        self.error.setText(error.message)
        self.error.show()

    @Slot()
    def search(self) -> None:
        try:
            total = self.model.search(self.wanted())
        except FutasatoError as error:
            self._show_error(error)
            return
        self.error.hide()
        self.summary.setText(ngettext("{total} row", "{total} rows", total).format(total=total))
        self.table.resizeColumnsToContents()

    @Slot()
    def verify(self) -> None:
        try:
            rows = verify_audit(self.session)
        except FutasatoError as error:
            self._show_error(error)
            return
        self.error.hide()
        self.summary.setText(ngettext("The audit trail is intact: {rows} row.",
                                      "The audit trail is intact: {rows} rows.",
                                      rows).format(rows=rows))

    @classmethod
    def ask_csv_path(cls, parent: QWidget) -> Path | None:
        """The file to export to (tests replace this)."""
        chosen, _filter = QFileDialog.getSaveFileName(parent, _("Export the audit trail"),
                                                      "audit.csv", "CSV (*.csv)")
        return Path(chosen) if chosen else None

    @Slot()
    def export(self) -> None:
        path = self.ask_csv_path(self)
        if path is None:
            return
        wanted = self.wanted()
        self.export_button.setEnabled(False)
        self.task = run_in_background(
            lambda worker, progress, cancel: export_audit_csv(worker, wanted, path),
            title=_("Exporting the audit trail…"), session=self.session, parent=self,
            on_done=lambda rows: self._exported(rows, path), on_error=self._export_failed,
            on_cancel=lambda: self.export_button.setEnabled(True))

    def _exported(self, rows: int, path: Path) -> None:
        self.export_button.setEnabled(True)
        self.error.hide()
        self.summary.setText(ngettext("{rows} audit row written to {path}.",
                                      "{rows} audit rows written to {path}.",
                                      rows).format(rows=rows, path=path))

    def _export_failed(self, error: Exception) -> None:
        self.export_button.setEnabled(True)
        self.error.setText(error_text(error))
        self.error.show()

    def retranslate(self) -> None:
        self.title.setText(_("Audit trail"))
        for label, text in zip(self.labels, (_("Person (number or id)"), _("Clerk"),
                                             _("Action"), _("From"), _("To")), strict=True):
            label.setText(text)
        for row, (_code, label) in enumerate(ACTION_CHOICES):
            self.action.setItemText(row, _(label))
        self.search_button.setText(_("Search"))
        self.verify_button.setText(_("Verify the chain"))
        self.export_button.setText(_("Export CSV…"))
