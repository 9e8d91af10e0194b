"""Asks who is staying and how many guests, for dates already chosen in the calendar."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox

from desktop_app.i18n import _


@dataclass
class BookingRequest:
    registrant: str
    guests: int


class BookingDialog(QDialog):
    def __init__(self, summary: str, capacity: int, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Book a stay"))
        self.summary = QLabel(summary)
        self.registrant = QLineEdit()
        self.registrant.setPlaceholderText(_("registrant number (R7-00012) or record id"))
        self.guests = QSpinBox()
        self.guests.setRange(1, max(1, capacity))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.summary)
        form.addRow(_("Registrant"), self.registrant)
        form.addRow(_("Guests"), self.guests)
        form.addRow(buttons)

    def request(self) -> BookingRequest:
        return BookingRequest(self.registrant.text().strip(), self.guests.value())

    @classmethod
    def ask(cls, parent, summary: str, capacity: int) -> BookingRequest | None:
        """Show the dialog; None when the clerk cancels. Tests replace this method."""
        dialog = cls(summary, capacity, parent)
        return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None
