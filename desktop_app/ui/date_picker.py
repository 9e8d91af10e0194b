"""The one date picker: a QDateEdit whose text follows the office's date style (設定 → 日付).

Qt's display formats know no Japanese era, and a QDateEdit whose text is rewritten by hand
(`textFromDateTime`) no longer lines up with its sections, so typing and the arrow keys break.
A 和暦 picker therefore edits 西暦 digits and shows the era beside them in the same box,
`2019年5月1日（令和元年）`, kept up to date as the date changes; a 西暦 picker shows `2019年5月1日`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QWidget

from desktop_app.domain.dates import format_era_year
from desktop_app.services import preferences

if TYPE_CHECKING:
    from desktop_app.store.database import Database

_DIGITS = "yyyy年M月d日"


def display_format(style: str, day: date) -> str:
    """The Qt display format of a picker showing `day` in `style`."""
    if style != "wareki":
        return _DIGITS
    return f"{_DIGITS}'（{format_era_year(day)}）'"


class DatePicker(QDateEdit):
    """Reads the style when made and each time it is shown, so a changed setting holds here too."""

    def __init__(self, db: Database, day: date | None = None, parent: QWidget | None = None):
        super().__init__(QDate(day or date.today()), parent)
        self.db = db
        self.setCalendarPopup(True)
        self.date_style = preferences.date_style(db)
        self.dateChanged.connect(self._show_era)
        self._show_era()

    def day(self) -> date:
        return self.date().toPython()

    def follow_setting(self) -> None:
        self.date_style = preferences.date_style(self.db)
        self._show_era()

    def showEvent(self, event) -> None:
        self.follow_setting()
        super().showEvent(event)

    def _show_era(self) -> None:
        wanted = display_format(self.date_style, self.day())
        if wanted != self.displayFormat():
            position = self.lineEdit().cursorPosition()  # the era follows the digits typed
            self.setDisplayFormat(wanted)
            self.lineEdit().setCursorPosition(position)
