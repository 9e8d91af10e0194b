"""Audit rows as a table model: the count from the service, rows fetched in windows as the view
scrolls (the trail grows without end, so it is never loaded whole)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop_app.i18n import N_, _
from desktop_app.services.audit_trail import AuditFilter, search_audit
from desktop_app.services.session import Session

WINDOW = 200
COLUMNS = (
    ("id", N_("No.")),
    ("at", N_("Time")),
    ("clerk", N_("Clerk")),
    ("terminal", N_("Terminal")),
    ("action", N_("Action")),
    ("entity", N_("Record")),
    ("entity_id", N_("Record id")),
    ("after_json", N_("What was recorded")),
)


def _local_time(value: str) -> str:
    try:
        return datetime.fromisoformat(value).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return value


class AuditTableModel(QAbstractTableModel):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.wanted = AuditFilter()
        self.total = 0
        self.rows: list[dict] = []

    def search(self, wanted: AuditFilter) -> int:
        """Run a search (RuleRefused and PermissionDenied pass to the caller); returns the total."""
        total, first = search_audit(self.session, wanted, 0, WINDOW, audited=True)
        self.beginResetModel()
        self.wanted, self.total, self.rows = wanted, total, first
        self.endResetModel()
        return total

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        _total, more = search_audit(self.session, self.wanted, len(self.rows), WINDOW)
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        key = COLUMNS[index.column()][0]
        value = self.rows[index.row()][key]
        if key == "after_json" and self.rows[index.row()].get("redacted"):
            return _("(removed when the person was anonymised)")
        if value is None:
            return ""
        if key == "at":
            return _local_time(value)
        if key == "after_json" and role == Qt.ItemDataRole.DisplayRole:
            return value if len(value) <= 120 else value[:117] + "…"
        return str(value)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section][1])
        return None  # not super(): see STACK-NOTES (PySide6 6.12 aborts at exit)
