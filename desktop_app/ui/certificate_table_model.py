"""Issued certificates as a table model: the count from the service, rows fetched by window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop_app.domain.dates import format_date
from desktop_app.i18n import N_, _
from desktop_app.services import certificate_list

if TYPE_CHECKING:
    from desktop_app.services.session import Session

WINDOW = 200
COLUMNS = (N_("Certificate number"), N_("Issued"), N_("Registrant number"), N_("Name"),
           N_("Valid until"), N_("Status"))
STATUS_WORDS = {"issued": N_("Issued"), "void": N_("Void")}


class CertificateTableModel(QAbstractTableModel):
    def __init__(self, session: Session, date_style: str = "wareki", parent=None):
        super().__init__(parent)
        self.session, self.date_style = session, date_style
        self.text = ""
        self.total = 0
        self.start = 0
        self.rows: list[dict] = []
        self.refresh(audited=True)  # opening the list is the clerk's look

    def set_filter(self, text: str) -> None:
        self.text = text
        self.refresh()

    def refresh(self, *, audited: bool = False) -> None:
        self.beginResetModel()
        self.total = certificate_list.count(self.session.db, self.text)
        self.start, self.rows = 0, certificate_list.shown_window(
            self.session, self.text, 0, WINDOW, audited=audited)
        self.endResetModel()

    def row(self, number: int) -> dict:
        if not self.start <= number < self.start + len(self.rows):
            self.start = max(0, number - WINDOW // 2)
            self.rows = certificate_list.shown_window(self.session, self.text, self.start,
                                                      WINDOW, audited=False)
        return self.rows[number - self.start]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self.row(index.row())
        name = f"{row['family_name']}\u3000{row['given_name']}".strip("\u3000")
        status = _(STATUS_WORDS.get(row["status"], row["status"]))
        if row["status"] == "void" and row["void_reason"]:
            status = f"{status} ({row['void_reason']})"
        values = (row["certificate_no"], format_date(row["issued_on"], self.date_style),
                  row["registrant_no"] or "", name,
                  format_date(row["valid_until"], self.date_style), status)
        return values[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role=Qt.ItemDataRole.DisplayRole):
        if (role == Qt.ItemDataRole.DisplayRole
                and orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS)):
            return _(COLUMNS[section])
        return None  # never super().headerData: PySide6 6.12 aborts at exit (STACK-NOTES)
