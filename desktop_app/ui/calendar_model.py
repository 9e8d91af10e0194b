"""A facility's month as a 6×7 table model: one cell per day, coloured by the night's booking."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.domain.dates import format_date
from desktop_app.domain.stays import BOOKING_STATUS_LABELS, BookingStatus
from desktop_app.i18n import N_, _, ngettext, translate_label
from desktop_app.services.stays import CalendarDay, CalendarMonth

# Light fills that keep black text readable; each status its own hue.
STATUS_COLOURS = {
    BookingStatus.PROVISIONAL: "#fff1b8",
    BookingStatus.CONFIRMED: "#bfdcff",
    BookingStatus.STAYING: "#b7ebc6",
    BookingStatus.COMPLETED: "#dcdcdc",
}
CLOSED_COLOUR = "#f6c9cc"
WEEKDAYS = (N_("Sun"), N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"))
DateRole = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


class CalendarModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.month: CalendarMonth | None = None
        self.date_style = "wareki"

    def set_month(self, month: CalendarMonth | None, date_style: str = "wareki") -> None:
        self.beginResetModel()
        self.month, self.date_style = month, date_style
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.month is None else 6

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.month is None else 7

    def cell(self, index: _Index) -> CalendarDay | None:
        if self.month is None or not index.isValid():
            return None
        return self.month.days[index.row() * 7 + index.column()]

    def index_of(self, day: date) -> QModelIndex:
        for number, cell in enumerate(self.month.days if self.month else []):
            if cell.day == day:
                return self.index(number // 7, number % 7)
        return QModelIndex()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        cell = self.cell(index)
        if cell is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(cell)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(cell)
        if role == Qt.ItemDataRole.BackgroundRole:
            if cell.closed is not None:
                return QBrush(QColor(CLOSED_COLOUR))
            if cell.booking:
                return QBrush(QColor(STATUS_COLOURS[BookingStatus(cell.booking["status"])]))
            return None
        if role == Qt.ItemDataRole.ForegroundRole and not cell.in_month:
            return QBrush(QColor("#8a8a8a"))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if role == DateRole:
            return cell.day
        return None

    def _text(self, cell: CalendarDay) -> str:
        lines = [str(cell.day.day)]
        if cell.departing and cell.departing is not cell.booking:
            lines.append(_("↑ out: {name}").format(name=cell.departing["family_name"]))
        if cell.booking:
            status = translate_label(BOOKING_STATUS_LABELS[BookingStatus(cell.booking["status"])])
            lines.append(f"{cell.booking['family_name']} · {status}")
        elif cell.closed is not None:
            lines.append(_("Closed"))
            if cell.closed:
                lines.append(cell.closed)
        return "\n".join(lines)

    def _tooltip(self, cell: CalendarDay) -> str | None:
        if cell.booking:
            b = cell.booking
            return ngettext("Booking {id}: {name}, {check_in} – {check_out}, {guests} guest",
                            "Booking {id}: {name}, {check_in} – {check_out}, {guests} guests",
                            b["guests"]).format(
                id=b["id"], name=f"{b['family_name']} {b['given_name']}".strip(),
                check_in=format_date(b["check_in"], self.date_style),
                check_out=format_date(b["check_out"], self.date_style), guests=b["guests"])
        if cell.closed is not None:
            return _("Closed: {reason}").format(reason=cell.closed)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return translate_label(WEEKDAYS[section])
        return None
