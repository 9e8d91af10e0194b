"""Asks who is staying and how many guests, for dates already chosen in the calendar.

The person is a registrant, or a new applicant registered on the spot (申請中) through the
new-registration form, who then becomes the booking's person in the same step.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
)

from desktop_app.i18n import _
from desktop_app.services.registrant_lookup import find_taking_part
from desktop_app.services.session import Session
from desktop_app.ui.freeing import freed_after


@dataclass
class BookingRequest:
    registrant: str
    guests: int


class BookingDialog(QDialog):
    def __init__(self, summary: str, capacity: int, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Book a stay"))
        self.summary = QLabel(summary)
        self.registrant = QLineEdit()
        self.registrant.setPlaceholderText(_("registrant number (R7-00012) or record id"))
        self.registrant.setAccessibleName(_("Registrant"))
        self.new_applicant = QPushButton(_("&New applicant…"))
        self.new_applicant.setToolTip(_("Register a person who is not on file yet (申請中) "
                                        "and book for them"))
        self.applicant = QLabel()
        self.applicant.hide()
        self.guests = QSpinBox()
        self.guests.setRange(1, max(1, capacity))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.new_applicant.clicked.connect(self.register_applicant)
        self.registrant.textEdited.connect(self.applicant.hide)  # no longer the new applicant
        person = QHBoxLayout()
        person.addWidget(self.registrant, 1)
        person.addWidget(self.new_applicant)
        form = QFormLayout(self)
        form.addRow(self.summary)
        form.addRow(_("Registrant"), person)
        form.addRow("", self.applicant)
        form.addRow(_("Guests"), self.guests)
        form.addRow(buttons)
        self.setMinimumWidth(540)  # room for the placeholder and the new applicant's name

    @Slot()
    def register_applicant(self) -> None:
        """Open the new-registration form; on save, the new person is the one booked for."""
        from desktop_app.ui.registrant_entry_dialog import RegistrantEntryDialog

        with freed_after(RegistrantEntryDialog(self.session, parent=self)) as entry:
            saved_id = entry.saved_id if entry.exec() else None
        if saved_id is None:
            return
        record = find_taking_part(self.session.db, saved_id)
        self.registrant.setText(str(saved_id))
        self.applicant.setText(_("New applicant: {name} (record id {id})").format(
            name=f"{record['family_name']} {record['given_name']}", id=saved_id))
        self.applicant.show()
        self.guests.setFocus()

    def request(self) -> BookingRequest:
        return BookingRequest(self.registrant.text().strip(), self.guests.value())

    @classmethod
    def ask(cls, parent, summary: str, capacity: int,
            session: Session) -> BookingRequest | None:
        """Show the dialog; None when the clerk cancels. Tests replace this method."""
        with freed_after(cls(summary, capacity, session, parent)) as dialog:
            return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None
