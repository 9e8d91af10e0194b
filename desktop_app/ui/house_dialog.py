"""The listing form of a vacant house: every field of the bank's register sheet."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from desktop_app.domain.errors import FutasatoError, RuleRefused
from desktop_app.domain.houses import (
    DEAL_LABELS,
    GAS,
    SEWAGE,
    STRUCTURES,
    WATER,
    Deal,
    HouseInput,
    parse_built_year,
)
from desktop_app.i18n import N_, _
from desktop_app.ui.freeing import freed_after

_TEXT = (("address", N_("Address")), ("postal_code", N_("Postal code")),
         ("district", N_("District")), ("owner_name", N_("Owner")),
         ("owner_address", N_("Owner's address")),
         ("owner_contact", N_("Owner's contact")), ("layout", N_("Layout")),
         ("condition_notes", N_("Condition")), ("repairs_needed", N_("Repairs needed")))
_NUMBERS = (("price_yen", N_("Price (yen)"), int), ("rent_yen", N_("Rent (yen a month)"), int),
            ("land_m2", N_("Land area (m²)"), float), ("floor_m2", N_("Floor area (m²)"), float),
            ("floors", N_("Floors"), int), ("parking", N_("Parking spaces"), int))
_CHOICES = (("structure", N_("Structure"), STRUCTURES), ("water", N_("Water"), WATER),
            ("sewage", N_("Sewage"), SEWAGE), ("gas", N_("Gas"), GAS))


MINIMUM_WIDTH = 960


class HouseDialog(QDialog):
    def __init__(self, initial: dict | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Vacant house"))
        initial = initial or {}
        # Two columns, the place and its owner left, the building right: the sheet fits a
        # 768-pixel screen with room to spare, and the address field is wide enough to read.
        form, building = QFormLayout(), QFormLayout()
        self.fields: dict[str, QLineEdit | QComboBox] = {}
        self.deal = QComboBox()
        for deal in Deal:
            self.deal.addItem(_(DEAL_LABELS[deal]), deal.value)
        self.deal.setCurrentIndex(max(0, self.deal.findData(initial.get("deal", "sale"))))
        form.addRow(_("Deal"), self.deal)
        for key, label in _TEXT:
            self.fields[key] = QLineEdit(str(initial.get(key) or ""))
            form.addRow(_(label), self.fields[key])
        for key, label, _kind in _NUMBERS:
            value = initial.get(key)
            self.fields[key] = QLineEdit("" if value is None else str(value))
            building.addRow(_(label), self.fields[key])
        self.built = QLineEdit(str(initial.get("built_year") or ""))
        self.built.setPlaceholderText(_("昭和50, S50 or 1975"))
        building.addRow(_("Year built"), self.built)
        for key, label, choices in _CHOICES:
            combo = QComboBox()
            combo.setEditable(True)
            combo.addItems(["", *choices])
            combo.setCurrentText(initial.get(key) or "")
            self.fields[key] = combo
            building.addRow(_(label), combo)
        self.pets = QCheckBox(_("Pets allowed"))
        self.pets.setChecked(bool(initial.get("pets_allowed")))
        building.addRow(self.pets)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        columns = QHBoxLayout()
        columns.addLayout(form, 3)
        columns.addSpacing(16)
        columns.addLayout(building, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(MINIMUM_WIDTH)

    def value(self) -> HouseInput:
        values: dict = {}
        for key, _label in _TEXT:
            values[key] = self.fields[key].text()
        for key, label, kind in _NUMBERS:
            text = self.fields[key].text().strip().replace(",", "")
            try:
                values[key] = kind(text) if text else None
            except ValueError:
                raise RuleRefused(N_("Enter a number."), field=label) from None
        for key, _label, _choices in _CHOICES:
            values[key] = self.fields[key].currentText().strip()
        return HouseInput(deal=Deal(self.deal.currentData()), pets_allowed=self.pets.isChecked(),
                          built_year=parse_built_year(self.built.text()), **values)

    def _accept(self) -> None:
        try:
            self.result_value = self.value()
        except FutasatoError as refused:
            self.error.setText(refused.message)
            return
        self.accept()

    @classmethod
    def ask(cls, parent, initial: dict | None = None) -> HouseInput | None:
        with freed_after(cls(initial, parent)) as dialog:
            return dialog.result_value if dialog.exec() == QDialog.DialogCode.Accepted else None
