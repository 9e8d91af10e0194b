"""Audit rows as a table model: the count from the service, rows fetched in windows as the view
scrolls (the trail grows without end, so it is never loaded whole)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop_app.domain.audit_actions import audit_sentence, record_kind
from desktop_app.domain.audit_details import audit_details, shortened
from desktop_app.domain.dates import format_timestamp
from desktop_app.i18n import N_, _
from desktop_app.services import preferences
from desktop_app.services.audit_trail import AuditFilter, search_audit
from desktop_app.services.session import Session

WINDOW = 200
COLUMNS = (
    ("id", N_("No.")),
    ("at", N_("Time")),
    ("clerk_name", N_("Clerk")),
    ("terminal", N_("Terminal")),
    ("action", N_("What happened")),
    ("entity", N_("Record")),
    ("entity_id", N_("Record id")),
    ("after_json", N_("What was recorded")),
)


class AuditTableModel(QAbstractTableModel):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.wanted = AuditFilter()
        self.total = 0
        self.rows: list[dict] = []
        self.date_style = preferences.date_style(session.db)

    def search(self, wanted: AuditFilter) -> int:
        """Run a search (RuleRefused and PermissionDenied pass to the caller); returns the total."""
        total, first = search_audit(self.session, wanted, 0, WINDOW, audited=True)
        self.date_style = preferences.date_style(self.session.db)
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
        row = self.rows[index.row()]
        value = row[key]
        if key == "action":  # the code itself only as the tooltip, for a search by action
            return (audit_sentence(value, row["clerk_name"])
                    if role == Qt.ItemDataRole.DisplayRole else value)
        if key == "entity":
            return record_kind(value)
        if key == "after_json":
            return self._details(row, role)
        if value is None:
            return ""
        if key == "at":
            return format_timestamp(value, self.date_style)
        return str(value)

    def _details(self, row: dict, role: int) -> str:
        """What was recorded, as `label: value` text (the whole line as the tooltip)."""
        if row.get("redacted"):
            return _("(removed when the person was anonymised)")
        line = audit_details(row["entity"], row["before_json"], row["after_json"],
                             self.date_style)
        return shortened(line) if role == Qt.ItemDataRole.DisplayRole else line

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section][1])
        return None  # not super(): see STACK-NOTES (PySide6 6.12 aborts at exit)
