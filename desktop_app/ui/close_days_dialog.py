"""休館日を設定: close a facility from one day to another, for a reason; refusals at the field."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.dates import format_date, parse_date
from desktop_app.domain.errors import FutasatoError, RuleRefused
from desktop_app.domain.text import render
from desktop_app.i18n import N_, _
from desktop_app.services import preferences, stays
from desktop_app.services.session import Session
from desktop_app.ui.background import run_in_background
from desktop_app.ui.error_label import error_label
from desktop_app.ui.freeing import freed_after

REASONS = (N_("Cleaning"), N_("Closed day"), N_("Inspection and repairs"))
# The field a refusal names → the input it is shown under.
_FIELD_INPUTS = {"From": "first", "Until": "last", "Reason": "reason"}


class CloseDaysDialog(QDialog):
    def __init__(self, session: Session, facility: tuple[int, str], first: date, last: date,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.facility_id, name = facility
        self.closed: list[date] = []
        self.task = None
        self.setWindowTitle(_("Close the facility"))
        style = preferences.date_style(session.db)
        self.inputs = {"first": QLineEdit(format_date(first, style)),
                       "last": QLineEdit(format_date(last, style)), "reason": QComboBox()}
        reason = self.inputs["reason"]
        reason.setEditable(True)
        reason.addItems([_(text) for text in REASONS])
        reason.setCurrentIndex(-1)
        reason.lineEdit().setPlaceholderText(_("e.g. cleaning, or type a reason"))
        self.errors = {key: error_label() for key in self.inputs}
        self.general_error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Close these days"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(QLabel(_("Facility: {name}").format(name=name)))
        for key, label in (("first", _("From")), ("last", _("Until")), ("reason", _("Reason"))):
            cell = QVBoxLayout()
            cell.setSpacing(1)
            cell.addWidget(self.inputs[key])
            self.inputs[key].setAccessibleName(label)
            cell.addWidget(self.errors[key])
            form.addRow(label, cell)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(_("Booked nights cannot be closed: move or cancel the "
                                  "booking first.")))
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        reason.setFocus()

    def _day(self, key: str, field: str) -> date:
        try:
            return parse_date(self.inputs[key].text())
        except RuleRefused as refused:
            raise RuleRefused(refused.msgid, refused.params, field=field) from None

    @Slot()
    def save(self) -> None:
        """The days are closed on the worker; the dialog closes once they are saved."""
        for label in (*self.errors.values(), self.general_error):
            label.hide()
        try:
            first, last = self._day("first", N_("From")), self._day("last", N_("Until"))
        except FutasatoError as refused:
            self._refused(refused)
            return
        facility_id, reason = self.facility_id, self.inputs["reason"].currentText()
        self.task = run_in_background(
            lambda worker, _progress, _cancel: stays.close_days(worker, facility_id, first, last,
                                                                reason),
            title=_("Saving…"), session=self.session, writes=("facility",), parent=self,
            on_done=self._closed, on_error=self._refused)

    def _closed(self, days: list[date]) -> None:
        self.closed = days
        self.accept()

    def _refused(self, refused: Exception) -> None:
        if not isinstance(refused, FutasatoError):
            self.general_error.setText(str(refused))
            self.general_error.show()
            return
        key = _FIELD_INPUTS.get(refused.field or "")
        label = self.errors[key] if key else self.general_error
        label.setText(render(refused.msgid, refused.params) if key else refused.message)
        label.show()
        self.adjustSize()  # room for the wrapped message
        if key:
            self.inputs[key].setFocus()

    @classmethod
    def ask(cls, parent: QWidget, session: Session, facility: tuple[int, str], first: date,
            last: date) -> list[date] | None:
        """Show the dialog; the days it closed, or None when the clerk cancels."""
        with freed_after(cls(session, facility, first, last, parent)) as dialog:
            return dialog.closed if dialog.exec() == QDialog.DialogCode.Accepted else None
