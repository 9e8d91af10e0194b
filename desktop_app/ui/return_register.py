"""The export register (外部記録媒体の管理簿) on the 報告 page: every package written, newest first,
and its CSV. The rows arrive with the page's figures (read on the worker)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.dates import format_date
from desktop_app.domain.quarters import FiscalQuarter
from desktop_app.i18n import N_, _, ngettext
from desktop_app.services import preferences, quarter_returns
from desktop_app.services.session import Session
from desktop_app.ui.background import BackgroundTask, run_in_background
from desktop_app.ui.error_label import error_text
from desktop_app.ui.return_dialogs import ask_save_path

# (register column, heading msgid)
COLUMNS = (("written_at", N_("Written")), ("written_by", N_("By")), ("quarter", N_("Quarter")),
           ("version", N_("Version")), ("file_name", N_("File")),
           ("destination", N_("Written to")), ("size", N_("Bytes")), ("terminal", N_("Terminal")),
           ("sha256", N_("SHA-256")))


def when(at: str | None, style: str) -> str:
    """A stored time as the office reads it: its date in the office's style and the hour."""
    if not at:
        return ""
    moment = datetime.fromisoformat(at).astimezone()
    return f"{format_date(moment.date(), style)} {moment:%H:%M}"


class RegisterTab(QWidget):
    def __init__(self, session: Session, show_message: Callable[..., None], may_read: bool,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.show_message, self.may_read = session, show_message, may_read
        self.style_name = preferences.date_style(session.db)
        self.task: BackgroundTask | None = None
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.csv_button = QPushButton()
        self.csv_button.setEnabled(may_read)
        self.csv_button.clicked.connect(self.export_csv)
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.csv_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)

    def show_rows(self, rows: list[dict] | None) -> None:
        rows = rows or []
        self.table.setRowCount(len(rows))
        for number, record in enumerate(rows):
            for column, (name, _heading) in enumerate(COLUMNS):
                value = record[name]
                if name == "written_at":
                    value = when(value, self.style_name)
                elif name == "quarter":
                    value = FiscalQuarter.parse(value).label(self.style_name)
                elif name == "size":
                    value = f"{value:,}"
                item = QTableWidgetItem(str(value))
                item.setToolTip(str(value))  # a long path or hash, whole
                self.table.setItem(number, column, item)
        self.table.resizeColumnsToContents()

    @classmethod
    def ask_csv_path(cls, parent: QWidget) -> Path | None:
        return ask_save_path(parent, _("Export the register"), "export-register.csv",
                             "CSV (*.csv)")

    def export_csv(self) -> BackgroundTask | None:
        path = self.ask_csv_path(self)
        if path is None:
            return None
        self.task = run_in_background(
            lambda worker, _progress, _cancel: quarter_returns.export_register_csv(worker, path),
            title=_("Exporting the register…"), session=self.session, parent=self,
            on_done=lambda rows: self.show_message(ngettext(
                "{rows} row written to {path}.", "{rows} rows written to {path}.", rows).format(
                rows=rows, path=path)),
            on_error=lambda error: self.show_message(error_text(error),
                                                     error=True))
        return self.task

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([_(heading) for _name, heading in COLUMNS])
        self.csv_button.setText(_("Export as &CSV…"))
        self.note.setText(_(
            "Every package written to a removable medium: when, by whom, which quarter and "
            "version, the file, its SHA-256 and where it went.") if self.may_read else _(
            "The export register is for supervisors and administrators."))
