"""Adds a trial-stay facility (お試し住宅) or changes one: name, address, guests, fee, nights.

The dialog only asks; the calendar saves through services/stays.py on the worker, the same
calls `futasato facilities add` makes, and shows a refusal back in this dialog's terms.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
)

from desktop_app.i18n import _
from desktop_app.services.stays import FacilityInput
from desktop_app.ui.freeing import freed_after


def _spin(low: int, high: int, value: int, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    box.setSuffix(suffix)
    box.setGroupSeparatorShown(True)
    return box


class FacilityDialog(QDialog):
    def __init__(self, facility: FacilityInput | None = None, parent=None):
        super().__init__(parent)
        start = facility or FacilityInput(name="")
        self.setWindowTitle(_("Add a facility") if facility is None else _("Change the facility"))
        self.name = QLineEdit(start.name)
        self.name.setPlaceholderText(_("e.g. お試し住宅 みなと"))
        self.address = QLineEdit(start.address)
        self.capacity = _spin(1, 99, start.capacity, _(" guests"))
        self.fee = _spin(0, 1_000_000, start.nightly_fee_yen, _(" yen"))
        self.min_nights = _spin(1, 366, start.min_nights, _(" nights"))
        self.max_nights = _spin(1, 366, start.max_nights, _(" nights"))
        self.rules = QPlainTextEdit(start.house_rules)
        self.rules.setTabChangesFocus(True)  # Tab leaves the box: the keyboard never gets stuck
        self.rules.setFixedHeight(90)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(_("Facility name"), self.name)
        form.addRow(_("Address"), self.address)
        form.addRow(_("Capacity"), self.capacity)
        form.addRow(_("Nightly fee"), self.fee)
        form.addRow(_("Minimum nights"), self.min_nights)
        form.addRow(_("Maximum nights"), self.max_nights)
        form.addRow(_("House rules"), self.rules)
        form.addRow(buttons)
        self.setMinimumWidth(520)

    def facility(self) -> FacilityInput:
        return FacilityInput(
            name=self.name.text(), address=self.address.text(), capacity=self.capacity.value(),
            nightly_fee_yen=self.fee.value(), min_nights=self.min_nights.value(),
            max_nights=self.max_nights.value(), house_rules=self.rules.toPlainText())

    @classmethod
    def ask(cls, parent, facility: FacilityInput | None = None) -> FacilityInput | None:
        """The details as entered, or None when the clerk cancels. Tests replace this method."""
        with freed_after(cls(facility, parent)) as dialog:
            return dialog.facility() if dialog.exec() == QDialog.DialogCode.Accepted else None
