"""Columns sized to what they hold: each fits its contents, and a long one stops at a cap and
elides (its tooltip holds the whole text), so one address never pushes the rest out of view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

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
