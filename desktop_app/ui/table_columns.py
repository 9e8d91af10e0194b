"""Tables of rows a clerk reads and picks from, and columns sized to what they hold: each fits
its contents, and a long one stops at a cap and elides (its tooltip holds the whole text), so one
address never pushes the rest out of view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView, QTableWidget

# No column is wider than this unless the page says otherwise: a note or an address elides.
DEFAULT_CAP = 320


def fit_columns(table: QTableView, caps: dict[int, int] | None = None) -> None:
    """Fit every column to its header and rows, then cap the long ones (elided at the right)."""
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.resizeColumnsToContents()
    caps = caps or {}
    for column in range(table.model().columnCount()):
        cap = caps.get(column, DEFAULT_CAP)
        if table.columnWidth(column) > cap:
            table.setColumnWidth(column, cap)


def row_table(columns: int, *, single: bool = True, numbered: bool = True) -> QTableWidget:
    """A read-only table picked by whole rows (one at a time when `single`); Tab leaves it."""
    table = QTableWidget(0, columns)
    table.setTabKeyNavigation(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if not numbered:
        table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table
