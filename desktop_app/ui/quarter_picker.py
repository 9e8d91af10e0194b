"""Choosing a fiscal quarter: the last ended quarters, labelled in the office's date style
(2025年度 第1四半期 / 令和7年度 第1四半期); Enter on the picker, or picking from its list, asks for
the quarter to be shown."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from desktop_app.domain.quarters import FiscalQuarter

QUARTERS_SHOWN = 12  # the last three years


def recent_quarters(today: date, count: int = QUARTERS_SHOWN) -> list[FiscalQuarter]:
    """The last `count` quarters that have ended, newest first."""
    quarter = FiscalQuarter.of(today).previous()
    quarters = []
    for _number in range(count):
        quarters.append(quarter)
        quarter = quarter.previous()
    return quarters


class QuarterPicker(QComboBox):
    wanted = Signal()  # show the chosen quarter

    def __init__(self, style: str, today: date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        for quarter in recent_quarters(today or date.today()):
            self.addItem(quarter.label(style), str(quarter))
        self.activated.connect(lambda _index: self.wanted.emit())

    def chosen(self) -> FiscalQuarter:
        return FiscalQuarter.parse(self.currentData())

    def choose(self, quarter: FiscalQuarter) -> None:
        self.setCurrentIndex(self.findData(str(quarter)))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return,
                                                                   Qt.Key.Key_Enter):
            self.wanted.emit()
            return True
        return super().event(event)
