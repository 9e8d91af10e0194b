"""The registrant list as a table model: a SQL count for the rows, windows of rows on demand.

Nothing here holds the whole list: at 1,000,000 registrants only the windows the view has
asked for are in memory, a bounded number of them. Sorting and filtering happen in SQL.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop_app.domain.dates import format_date
from desktop_app.domain.registrant import (
    KIND_LABELS,
    STATUS_LABELS,
    TIER_LABELS,
    Kind,
    Status,
    Tier,
)
from desktop_app.i18n import N_, _
from desktop_app.services.registrant_list import SORTS, ListQuery, RegistrantList

WINDOW = 200
KEEP_WINDOWS = 50  # at most 10,000 rows cached, whatever the size of the register


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # msgid, translated when the header is drawn
    sort: str | None = None  # a key of SORTS, or None when the column cannot be sorted


COLUMNS = (
    Column("registrant_no", N_("Registration no."), "number"),
    Column("name", N_("Name"), "kana"),  # names are ordered by their reading, as in any ledger
    Column("kana", N_("Reading (kana)"), "kana"),
    Column("birth_date", N_("Date of birth"), "birth"),
    Column("kind", N_("Kind")),
    Column("tier", N_("Tier")),
    Column("status", N_("Status")),
    Column("address", N_("Address")),
    Column("phone", N_("Phone")),
)
assert all(column.sort in SORTS for column in COLUMNS if column.sort)
KANA_COLUMN = 2  # the list starts in order of reading, ListQuery's default


def _label(labels: dict, enum: type, value: str | None) -> str:
    if not value:
        return ""
    try:
        return _(labels[enum(value)])
    except (KeyError, ValueError):
        return value


class RegistrantTableModel(QAbstractTableModel):
    def __init__(self, registrants: RegistrantList, *, date_style: str = "wareki", parent=None):
        super().__init__(parent)
        self.registrants = registrants
        self.query = ListQuery()
        self.sorted_column = KANA_COLUMN
        self.date_style = date_style
        self._count = registrants.count(self.query)
        self._windows: OrderedDict[int, list[dict]] = OrderedDict()
        # The trail notes a list once per query the clerk asks for (start, search, filter,
        # sort), with the ids of the first window fetched for it: one row per scroll fetch
        # would flood the trail while a clerk scrolls a million rows, and the query already
        # says which list it was. A refresh after a change signal keeps the query and is not
        # noted again (the clerk is looking at the list they asked for).
        self._audit_next_window = True

    # -- what the view shows
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 (Qt's own signature)
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self.row_at(index.row())
        return None if row is None else self._cell(row, COLUMNS[index.column()].key)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        # Unhandled roles get None, never super().headerData (PySide6 6.12 aborts at exit).
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return _(COLUMNS[section].title)
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Header clicks: mapped to an indexed SQL order. Columns without one keep the order."""
        if not 0 <= column < len(COLUMNS) or COLUMNS[column].sort is None:
            return
        self.sorted_column = column
        self.set_query(replace(self.query, sort=COLUMNS[column].sort,
                               descending=order == Qt.SortOrder.DescendingOrder))

    # -- what the rest of the window asks of it
    def set_query(self, query: ListQuery) -> None:
        if query == self.query:
            return
        self.beginResetModel()
        self.query = query
        self._windows.clear()
        self._count = self.registrants.count(query)
        self._audit_next_window = True
        self.endResetModel()

    def refresh(self) -> None:
        """Read the list again (after a change elsewhere), keeping the query."""
        self.beginResetModel()
        self._windows.clear()
        self._count = self.registrants.count(self.query)
        self.endResetModel()

    def set_date_style(self, style: str) -> None:
        self.date_style = style
        self.relabel()

    def relabel(self) -> None:
        """The language or date style changed: redraw headers and cells from the cached rows."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, len(COLUMNS) - 1))

    def row_at(self, position: int) -> dict | None:
        if not 0 <= position < self._count:
            return None
        number = position // WINDOW
        rows = self._windows.get(number)
        if rows is None:
            rows = self.registrants.window(self.query, number * WINDOW, WINDOW,
                                           audited=self._audit_next_window)
            self._audit_next_window = False
            self._windows[number] = rows
            if len(self._windows) > KEEP_WINDOWS:
                self._windows.popitem(last=False)
        else:
            self._windows.move_to_end(number)
        offset = position - number * WINDOW
        return rows[offset] if offset < len(rows) else None

    def cached_rows(self) -> int:
        return sum(len(rows) for rows in self._windows.values())

    def _cell(self, row: dict, key: str) -> str:
        if key == "name":
            return f"{row['family_name']}\u3000{row['given_name']}".strip()
        if key == "kana":
            return f"{row['family_kana']} {row['given_kana']}".strip()
        if key == "birth_date":
            return format_date(row["birth_date"], self.date_style)
        if key == "kind":
            return _label(KIND_LABELS, Kind, row["kind"])
        if key == "tier":
            return _label(TIER_LABELS, Tier, row["tier"])
        if key == "status":
            return _label(STATUS_LABELS, Status, row["status"])
        if key == "address":
            return f"{row['prefecture']}{row['city']}"
        return row.get(key) or ""
