"""要フォロー: consultations whose follow-up day has come, and marking one done."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.consultations import CHANNEL_LABELS, TOPIC_LABELS
from desktop_app.domain.dates import format_date
from desktop_app.i18n import N_, _, ngettext, translate_label
from desktop_app.services import preferences
from desktop_app.services.audit_trail import record_list_view
from desktop_app.services.consultations import complete_follow_up, follow_ups_due
from desktop_app.services.session import Session
from desktop_app.ui.background import follow_changes, run_in_background
from desktop_app.ui.date_picker import DatePicker
from desktop_app.ui.error_label import error_label, error_text
from desktop_app.ui.rows_table_model import RowColumn, RowsTableModel, person_name, rows_table


def _label(labels: dict, value: str) -> str:
    return translate_label(labels[value]) if value in labels else value


def _who(row: dict) -> str:
    if row["registrant_id"] is None:
        return _("Anonymous")
    return " ".join(part for part in (row["registrant_no"] or "", person_name(row)) if part)


def columns(style: str) -> tuple[RowColumn, ...]:
    """The list's columns, dates shown in the office's style."""
    return (
        RowColumn(N_("Follow up on"), lambda r: format_date(r["follow_up_on"], style)),
        RowColumn(N_("Consulted on"), lambda r: format_date(r["consulted_on"], style)),
        RowColumn(N_("Registrant"), _who),
        RowColumn(N_("Channel"), lambda r: _label(CHANNEL_LABELS, r["channel"])),
        RowColumn(N_("Topics"), lambda r: "、".join(_label(TOPIC_LABELS, topic)
                                                   for topic in r["topics"].split(",") if topic)),
        RowColumn(N_("Notes"), lambda r: " ".join(r["notes"].split())),
    )


class FollowUpsDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.until = DatePicker(session.db)
        self.summary = QLabel()
        self.model = RowsTableModel(columns(preferences.date_style(session.db)), self)
        self.table = rows_table(self.model)
        self.done_button = QPushButton(_("Mark as done"))
        self.error = error_label()
        self.task = None
        self._lay_out()
        self.until.dateChanged.connect(lambda _day: self.load())
        self.done_button.clicked.connect(self.mark_done)
        self.table.selectionModel().selectionChanged.connect(self._enable)
        self.model.modelReset.connect(self._enable)
        self.setWindowTitle(_("Follow-ups due"))
        self.resize(900, 520)
        follow_changes(self, ("consultation",), lambda: self.load(audited=False))
        self.load()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        until = QLabel(_("Due on or before"))
        until.setBuddy(self.until)
        top.addWidget(until)
        top.addWidget(self.until)
        top.addStretch(1)
        top.addWidget(self.summary)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.done_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.done_button.setEnabled(False)

    def until_day(self) -> date:
        return self.until.day()

    @Slot()
    def load(self, *, audited: bool = True) -> None:
        """Read the list due by the chosen day on the worker. Opening the dialog and choosing
        a day are audited (as `consultations due` on the command line); reading it again after
        a consultation changed is not, so marking follow-ups done does not fill the trail."""
        if self.task is not None:
            self.task.cancel()
        until = self.until_day()

        def job(worker: Session, _progress, _cancel) -> list[dict]:
            rows = follow_ups_due(worker.db, until=until)
            if audited:
                record_list_view(worker, "consultation", "follow_ups_due",
                                 [r["id"] for r in rows],
                                 detail={"registrant_ids": sorted({r["registrant_id"] for r in rows
                                                                   if r["registrant_id"]})})
            return rows

        self.task = run_in_background(
            job, title=_("Reading the follow-ups…"), session=self.session, parent=self,
            on_done=self._loaded, on_error=self._failed)

    def _loaded(self, rows: list[dict]) -> None:
        self.task = None
        self.model.set_rows(rows)
        self.summary.setText(ngettext("{count} follow-up due", "{count} follow-ups due",
                                      len(rows)).format(count=f"{len(rows):,}"))

    def _failed(self, error: Exception) -> None:
        self.task = None
        self.error.setText(error_text(error))
        self.error.show()

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    @Slot()
    def _enable(self) -> None:
        self.done_button.setEnabled(self.selected() is not None)

    @Slot()
    def mark_done(self) -> None:
        row = self.selected()
        if row is None:
            return
        self.error.hide()
        run_in_background(lambda worker, _progress, _cancel: complete_follow_up(worker, row["id"]),
                          title=_("Saving…"), session=self.session, writes=("consultation",),
                          parent=self, on_error=self._failed)
