"""住まいの希望: what a person looks for in a house, and the houses on offer that suit it."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.dates import format_date, parse_date
from desktop_app.domain.errors import FutasatoError, RuleRefused
from desktop_app.domain.houses import DEAL_LABELS, Deal
from desktop_app.domain.text import render
from desktop_app.i18n import N_, _, translate_label
from desktop_app.services import house_matching, preferences
from desktop_app.services.house_matching import WishInput
from desktop_app.services.session import Session
from desktop_app.ui.error_label import error_label

DEALS = (("either", Deal.BOTH), ("sale", Deal.SALE), ("rent", Deal.RENT))
MATCH_COLUMNS = (N_("Score"), N_("Listing"), N_("District"), N_("Deal"), N_("Price / rent"),
                 N_("Layout"))
# The field a refusal names (RuleRefused.field) → the input it is shown under.
_FIELD_INPUTS = {"Deal": "deal", "Maximum price": "max_price", "Maximum rent": "max_rent",
                 "Minimum floor area": "min_floor", "Minimum rooms": "min_rooms",
                 "Move-in from": "move_in_from", "Move-in until": "move_in_until",
                 "Move-in": "move_in_until"}


def _number(maximum: int, step: int, none_text: str) -> QSpinBox:
    box = QSpinBox(maximum=maximum, singleStep=step)
    box.setGroupSeparatorShown(True)
    box.setSpecialValueText(none_text)  # 0 stands for "no limit"
    return box


class HouseWishTab(QWidget):
    def __init__(self, session: Session, registrant_id: int, parent=None):
        super().__init__(parent)
        self.session = session
        self.registrant = str(registrant_id)
        self.inputs = {
            "deal": QComboBox(), "areas": QLineEdit(),
            "max_price": _number(2_000_000_000, 100_000, _("No limit")),
            "max_rent": _number(10_000_000, 5_000, _("No limit")),
            "min_floor": QDoubleSpinBox(maximum=10_000, decimals=1, singleStep=10),
            "min_rooms": _number(50, 1, _("No minimum")),
            "pets": QCheckBox(_("Pets must be allowed")),
            "move_in_from": QLineEdit(), "move_in_until": QLineEdit(), "note": QLineEdit()}
        for value, deal in DEALS:
            self.inputs["deal"].addItem(translate_label(DEAL_LABELS[deal]), value)
        self.inputs["min_floor"].setSpecialValueText(_("No minimum"))
        districts = house_matching.offered_districts(session.db)
        self.inputs["areas"].setPlaceholderText(
            _("Districts, e.g. {names}").format(names="、".join(districts[:4]) or "北上、雄勝"))
        self.inputs["areas"].setToolTip(_("Districts with houses on offer: {names}").format(
            names="、".join(districts) or "—"))
        for name in ("move_in_from", "move_in_until"):
            self.inputs[name].setPlaceholderText(_("R8.4.1 or 2026-04-01"))
        self.errors = {name: error_label() for name in self.inputs}
        self.state = QLabel()
        self.general_error = error_label()
        self.save_button = QPushButton(_("Save wish"))
        self.stop_button = QPushButton(_("Stop wish"))
        self.matches_title = QLabel()
        self.matches = QTableWidget(0, len(MATCH_COLUMNS))
        self.matches.setTabKeyNavigation(False)  # Tab leaves the table
        self.matches.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.matches.verticalHeader().setVisible(False)
        self.matches.horizontalHeader().setStretchLastSection(True)
        self._lay_out()
        self.save_button.clicked.connect(self.save)
        self.stop_button.clicked.connect(self.stop)
        self.load()

    def _lay_out(self) -> None:
        form = QFormLayout()
        for name, label in (
                ("deal", _("Deal")), ("areas", _("Areas")),
                ("max_price", _("Maximum price (yen)")),
                ("max_rent", _("Maximum rent (yen a month)")),
                ("min_floor", _("Minimum floor area (m²)")), ("min_rooms", _("Minimum rooms")),
                ("pets", _("Pets")), ("move_in_from", _("Move-in from")),
                ("move_in_until", _("Move-in until")), ("note", _("Note"))):
            cell = QVBoxLayout()
            cell.setContentsMargins(0, 0, 0, 0)
            cell.setSpacing(1)
            cell.addWidget(self.inputs[name])
            cell.addWidget(self.errors[name])
            self.inputs[name].setAccessibleName(label)  # a row of a layout gets no buddy
            form.addRow(label, cell)
        buttons = QHBoxLayout()
        buttons.addWidget(self.state, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons)
        layout.addWidget(self.matches_title)
        layout.addWidget(self.matches, 1)

    def load(self) -> None:
        """Fill the form with the wish on file and list the houses that suit it."""
        try:
            saved = house_matching.saved_wish(self.session.db, self.registrant)
        except FutasatoError as refused:
            self.state.setText(refused.message)
            self.save_button.setEnabled(False)
            self.stop_button.setEnabled(False)
            return
        wish = saved.wish if saved else WishInput()
        style = preferences.date_style(self.session.db)
        i = self.inputs
        i["deal"].setCurrentIndex(max(0, i["deal"].findData(wish.deal)))
        i["areas"].setText("、".join(wish.areas))
        i["max_price"].setValue(wish.max_price_yen or 0)
        i["max_rent"].setValue(wish.max_rent_yen or 0)
        i["min_floor"].setValue(wish.min_floor_m2 or 0)
        i["min_rooms"].setValue(wish.min_rooms or 0)
        i["pets"].setChecked(wish.needs_pets)
        i["move_in_from"].setText(format_date(wish.move_in_from, style))
        i["move_in_until"].setText(format_date(wish.move_in_until, style))
        i["note"].setText(wish.note)
        active = bool(saved and saved.active)
        self.state.setText(_("The wish is being matched.") if active else
                           _("The wish is stopped; save it to match again.") if saved else
                           _("No wish on file yet."))
        self.stop_button.setEnabled(active)
        self.show_matches()

    def wish(self) -> WishInput:
        """The form as a wish; a date that cannot be read is refused naming its field."""
        i = self.inputs
        dates = {}
        for name, field in (("move_in_from", N_("Move-in from")),
                            ("move_in_until", N_("Move-in until"))):
            text = i[name].text().strip()
            try:
                dates[name] = parse_date(text) if text else None
            except RuleRefused as refused:
                raise RuleRefused(refused.msgid, refused.params, field=field) from None
        return WishInput(
            deal=i["deal"].currentData(), areas=house_matching.split_areas(i["areas"].text()),
            max_price_yen=i["max_price"].value() or None,
            max_rent_yen=i["max_rent"].value() or None,
            min_floor_m2=i["min_floor"].value() or None, min_rooms=i["min_rooms"].value() or None,
            needs_pets=i["pets"].isChecked(), note=i["note"].text(), **dates)

    @Slot()
    def save(self) -> None:
        self._run(lambda: house_matching.save_wish(self.session, self.registrant, self.wish()))

    @Slot()
    def stop(self) -> None:
        self._run(lambda: house_matching.clear_wish(self.session, self.registrant))

    def _run(self, work) -> None:
        for label in (*self.errors.values(), self.general_error):
            label.hide()
        try:
            work()
        except FutasatoError as refused:
            name = _FIELD_INPUTS.get(refused.field or "")
            label = self.errors[name] if name else self.general_error
            label.setText(render(refused.msgid, refused.params) if name else refused.message)
            label.show()
            if name:
                self.inputs[name].setFocus()
            return
        self.load()

    def show_matches(self) -> None:
        try:
            found = house_matching.houses_for_registrant(self.session.db, self.registrant)
        except FutasatoError as refused:
            found, title = [], refused.message
        else:
            title = _("Houses that suit this person's wishes: {count}").format(count=len(found))
        self.matches_title.setText(title)
        self.matches.setHorizontalHeaderLabels([_(c) for c in MATCH_COLUMNS])
        self.matches.setRowCount(len(found))
        for row, house in enumerate(found):
            values = (house["score"], house["listing_no"], house["district"],
                      translate_label(DEAL_LABELS[Deal(house["deal"])]), _money(house),
                      house["layout"] or "")
            for column, value in enumerate(values):
                self.matches.setItem(row, column, QTableWidgetItem(str(value)))
        self.matches.resizeColumnsToContents()


def _money(house: dict) -> str:
    parts = []
    if house["price_yen"] is not None and house["deal"] != Deal.RENT:
        parts.append(_("{n} yen").format(n=f"{house['price_yen']:,}"))
    if house["rent_yen"] is not None and house["deal"] != Deal.SALE:
        parts.append(_("{n} yen a month").format(n=f"{house['rent_yen']:,}"))
    return " / ".join(parts)
