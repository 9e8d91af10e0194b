"""The registry list's filter row: 区分, 種別, 状態, expiring within N days, and candidates."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from desktop_app.domain.registrant import KIND_LABELS, STATUS_LABELS, TIER_LABELS, Status
from desktop_app.i18n import N_, _, translate_label
from desktop_app.services.registrant_list import expiring_within

DEFAULT_EXPIRING_DAYS = 60

# (value, label) of the candidates filter; None shows everybody.
CANDIDATE_CHOICES = (
    (None, N_("Everyone")),
    ("dual", N_("Dual-resident candidates")),
    ("premium", N_("Qualified for premium")),
)


def _refill(combo: QComboBox, items: list[tuple[str, object]]) -> None:
    """Replace the items, keeping the choice and sending no change signal."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for text, value in items:
        combo.addItem(text, value)
    combo.setCurrentIndex(max(0, combo.findData(chosen)))
    combo.blockSignals(False)


class RegistryFilters(QWidget):
    """Emits `changed` when kind, tier, status or expiry change, `candidates_changed` with the
    chosen list ('dual', 'premium' or None); the view turns both into a ListQuery."""

    changed = Signal()
    candidates_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = QComboBox()
        self.tier = QComboBox()
        self.status = QComboBox()
        self.expiring = QCheckBox()
        self.days = QSpinBox()
        self.days.setRange(1, 3660)
        self.days.setValue(DEFAULT_EXPIRING_DAYS)
        self.days.setEnabled(False)
        self.candidates_label = QLabel()
        self.candidates = QComboBox()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.kind, self.tier, self.status):
            row.addWidget(widget)
        row.addSpacing(12)
        row.addWidget(self.expiring)
        row.addWidget(self.days)
        row.addSpacing(12)
        row.addWidget(self.candidates_label)
        row.addWidget(self.candidates)
        row.addStretch(1)
        for combo in (self.kind, self.tier, self.status):
            combo.currentIndexChanged.connect(self.changed)
        self.expiring.toggled.connect(self.days.setEnabled)
        self.expiring.toggled.connect(self.changed)
        self.days.valueChanged.connect(self._days_changed)
        self.candidates.currentIndexChanged.connect(
            lambda _index: self.candidates_changed.emit(self.candidates.currentData()))
        self.retranslate()

    def _days_changed(self, _days: int) -> None:
        if self.expiring.isChecked():
            self.changed.emit()

    def values(self) -> dict:
        """The ListQuery fields these filters set (the candidates' ids come separately)."""
        return {"kind": self.kind.currentData(), "tier": self.tier.currentData(),
                "status": self.status.currentData(),
                "expiring": expiring_within(self.days.value())
                if self.expiring.isChecked() else None}

    def show_only(self, *, kind: str | None = None, tier: str | None = None,
                  status: str | None = None, expiring_days: int | None = None) -> None:
        """Set every filter at once (ホーム's click-throughs), then announce one change."""
        widgets = (self.kind, self.tier, self.status, self.expiring, self.days)
        for widget in widgets:
            widget.blockSignals(True)
        for combo, value in ((self.kind, kind), (self.tier, tier), (self.status, status)):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        self.expiring.setChecked(expiring_days is not None)
        self.days.setEnabled(expiring_days is not None)
        if expiring_days is not None:
            self.days.setValue(expiring_days)
        for widget in widgets:
            widget.blockSignals(False)
        self.changed.emit()

    def retranslate(self) -> None:
        _refill(self.kind, [(_("All kinds"), None)]
                + [(translate_label(label), kind.value) for kind, label in KIND_LABELS.items()])
        _refill(self.tier, [(_("All tiers"), None)]
                + [(translate_label(label), tier.value) for tier, label in TIER_LABELS.items()])
        _refill(self.status, [(_("All statuses"), None)]
                + [(translate_label(STATUS_LABELS[status]), status.value) for status in Status])
        _refill(self.candidates,
                [(translate_label(label), value) for value, label in CANDIDATE_CHOICES])
        self.expiring.setText(_("Expiring within"))
        self.days.setSuffix(_(" days"))
        self.candidates_label.setText(_("Candidates:"))
        self.candidates_label.setBuddy(self.candidates)
        for widget, name in ((self.kind, _("Kind")), (self.tier, _("Tier")),
                             (self.status, _("Status")), (self.days, _("Days"))):
            widget.setAccessibleName(name)
        self.expiring.setToolTip(_("Registered or renewed people whose registration runs out "
                                   "between today and the chosen number of days from now"))
