"""The 報告・同期 area of a prefecture's file: import the towns' packages, see which towns have
reported for a quarter (and each town's versions), the consolidated totals with the count of
people registered in more than one town, and the report as CSV, XLSX or PDF.

Every package is checked and read on the worker (services/prefecture_import.py); the page only
shows the outcome of each file in plain words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.figure_keys import FIGURES
from desktop_app.i18n import N_, _
from desktop_app.services import prefecture_import, prefecture_report, preferences
from desktop_app.services.prefecture_import import ImportOutcome
from desktop_app.services.prefecture_report import Consolidated, TownStatus
from desktop_app.services.session import Session
from desktop_app.ui.background import BackgroundTask, run_in_background
from desktop_app.ui.error_label import error_text, show_status
from desktop_app.ui.quarter_picker import QuarterPicker
from desktop_app.ui.return_dialogs import KeyPasswordDialog, ask_save_path
from desktop_app.ui.return_register import when
from desktop_app.ui.shown_refresh import ShownRefresh
from desktop_app.ui.table_columns import row_table

OUTCOME_WORDS = {"imported": N_("Imported"), "already_imported": N_("Already imported: "
                 "nothing changed"), "refused": N_("Refused")}
# The town, quarter and version are in the file's name (042021_2025Q1_v1.zip); the reason is long
# and wraps in the last column.
RESULT_COLUMNS = (N_("File"), N_("Result"), N_("Reason"))
STATUS_COLUMNS = (N_("Code"), N_("Office"), N_("Reported"), N_("Versions"),
                  N_("Last imported"))
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Overview:
    towns: list[TownStatus]
    consolidated: Consolidated



def _fill(table: QTableWidget, rows: list[tuple], *, fit: bool = True) -> None:
    table.setRowCount(len(rows))
    for number, values in enumerate(rows):
        for column, value in enumerate(values):
            item = QTableWidgetItem(f"{value:,}" if isinstance(value, int) else str(value))
            if isinstance(value, int):
                item.setTextAlignment(_RIGHT)
            table.setItem(number, column, item)
    if fit:
        table.resizeColumnsToContents()


class PrefecturePage(QWidget):
    def __init__(self, session: Session, parent=None, *, today: date | None = None):
        super().__init__(parent)
        self.session = session
        self.style_name = preferences.date_style(session.db)
        self.task: BackgroundTask | None = None
        self.overview: Overview | None = None
        self.title, self.quarter_label, self.summary = QLabel(), QLabel(), QLabel()
        self.title.setObjectName("pageTitle")
        self.summary.setWordWrap(True)
        self.quarter = QuarterPicker(self.style_name, today)
        self.quarter.wanted.connect(self.refresh)
        self.quarter_label.setBuddy(self.quarter)
        self.show_button, self.import_button = QPushButton(), QPushButton()
        self.report_button = QPushButton()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.results, self.towns = (row_table(len(RESULT_COLUMNS), single=False, numbered=False),
                                   row_table(len(STATUS_COLUMNS), single=False, numbered=False))
        self.results.setWordWrap(True)
        self.results.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.totals = row_table(2, single=False, numbered=False)
        self.totals.horizontalHeader().setStretchLastSection(False)
        self.results_box, self.towns_box, self.totals_box = QGroupBox(), QGroupBox(), QGroupBox()
        self._lay_out()
        self.show_button.clicked.connect(self.refresh)
        self.import_button.clicked.connect(self.import_packages)
        self.report_button.clicked.connect(self.write_report)
        self.shown_refresh = ShownRefresh(self, ("package",), self.refresh)
        self.retranslate()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(16)
        top.addWidget(self.quarter_label)
        top.addWidget(self.quarter)
        for button in (self.show_button, self.import_button, self.report_button):
            top.addWidget(button)
        top.addStretch(1)
        for box, table in ((self.results_box, self.results), (self.towns_box, self.towns)):
            QVBoxLayout(box).addWidget(table)
        totals = QVBoxLayout(self.totals_box)
        totals.addWidget(self.summary)
        totals.addWidget(self.totals, 1)
        # The results' reasons are long sentences: they get the full width, above the rest.
        below = QSplitter(Qt.Orientation.Horizontal)
        below.addWidget(self.towns_box)
        below.addWidget(self.totals_box)
        below.setSizes([480, 700])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.results_box)
        split.addWidget(below)
        split.setSizes([240, 400])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)

    # Reading ----------------------------------------------------------------------------------

    def refresh(self) -> BackgroundTask:
        """Which towns reported for the chosen quarter, and the consolidated totals."""
        quarter = self.quarter.chosen()
        self.task = run_in_background(
            lambda worker, _progress, _cancel: Overview(
                prefecture_report.reporting_status(worker, quarter),
                prefecture_report.consolidated(worker, quarter)),
            title=_("Adding up the towns' returns…"), session=self.session, parent=self,
            on_done=self._show_overview, on_error=self._failed)
        return self.task

    def _show_overview(self, overview: Overview) -> None:
        if overview.consolidated.quarter != self.quarter.chosen():
            return  # another quarter has been picked meanwhile
        self.overview = overview
        style = self.style_name
        _fill(self.towns, [(
            town.municipality_code, town.office,
            _("Reported") if town.reported else _("Not reported"),
            ", ".join(f"v{version}" for version in town.versions),
            when(town.latest_imported_at, style)) for town in overview.towns])
        for row, town in enumerate(overview.towns):
            if not town.reported:
                self.towns.item(row, 2).setForeground(Qt.GlobalColor.darkRed)
        consolidated = overview.consolidated
        reported = list(consolidated.rows)
        offices = {town.municipality_code: town.office for town in overview.towns}
        self.totals.setColumnCount(2 + len(reported))
        self.totals.setHorizontalHeaderLabels(
            [_("Figure"), _("Total")] + [offices.get(row["municipality_code"],
                                                     row["municipality_code"])
                                         for row in reported])
        _fill(self.totals, [(FIGURES[key].text() if key in FIGURES else key,
                             consolidated.total[key], *(row[key] for row in reported))
                            for key in consolidated.keys])
        self.summary.setText(_(
            "{reported} of {towns} towns have reported for {quarter} ({with_rows} with their "
            "pseudonymous rows). People registered in more than one town: {several}; in more "
            "than three: {over}.").format(
            reported=consolidated.towns_reported, towns=len(overview.towns),
            quarter=self.quarter.chosen().label(style), with_rows=consolidated.towns_with_rows,
            several=f"{consolidated.people_in_several_towns:,}",
            over=f"{consolidated.people_in_more_than_three_towns:,}"))

    # Acting -----------------------------------------------------------------------------------

    @classmethod
    def ask_packages(cls, parent: QWidget) -> list[Path]:
        chosen, _filter = QFileDialog.getOpenFileNames(
            parent, _("The towns' packages"), "", _("Quarterly returns (*.zip)"))
        return [Path(name) for name in chosen]

    def import_packages(self) -> BackgroundTask | None:
        paths = self.ask_packages(self)
        if not paths:
            return None
        password = KeyPasswordDialog.ask(self, _(
            "Your password opens the prefecture's decryption key, which reads the "
            "pseudonymous rows of the packages."))
        if password is None:
            return None
        self.task = run_in_background(
            lambda worker, progress, cancel: prefecture_import.import_packages(
                worker, paths, password=password, progress=progress, cancel=cancel),
            title=_("Checking and importing the packages…"), session=self.session,
            writes=("package",), parent=self, on_done=self._imported, on_error=self._failed,
            on_cancel=lambda: self.show_message(_("Cancelled.")))
        return self.task

    def _imported(self, outcomes: list[ImportOutcome]) -> None:
        _fill(self.results, [(outcome.path.name, _(OUTCOME_WORDS[outcome.status]),
                              outcome.reason or "") for outcome in outcomes], fit=False)
        self.results.resizeColumnToContents(0)
        self.results.resizeColumnToContents(1)
        for row, outcome in enumerate(outcomes):
            self.results.item(row, 2).setToolTip(outcome.reason or "")
            if outcome.status == "refused":
                self.results.item(row, 1).setForeground(Qt.GlobalColor.darkRed)

        counts = {status: sum(o.status == status for o in outcomes) for status in OUTCOME_WORDS}
        self.show_message(_("Imported {imported}, already imported {already}, refused "
                            "{refused}.").format(imported=counts["imported"],
                                                 already=counts["already_imported"],
                                                 refused=counts["refused"]),
                          error=bool(counts["refused"]))

    @classmethod
    def ask_report_path(cls, parent: QWidget, suggested: str) -> Path | None:
        return ask_save_path(parent, _("Write the report"), suggested,
                             _("Excel (*.xlsx);;CSV (*.csv);;PDF (*.pdf)"))

    def write_report(self) -> BackgroundTask | None:
        quarter = self.quarter.chosen()
        path = self.ask_report_path(self, f"report_{quarter}.xlsx")
        if path is None:
            return None
        if path.suffix.lower() not in (".csv", ".xlsx", ".pdf"):
            path = path.with_name(path.name + ".xlsx")
        self.task = run_in_background(
            lambda worker, _progress, _cancel: prefecture_report.write_report(
                worker, quarter, path),
            title=_("Writing the report…"), session=self.session, parent=self,
            on_done=lambda written: self.show_message(_("Written: {path}").format(
                path=written)), on_error=self._failed)
        return self.task

    # Text -------------------------------------------------------------------------------------

    def _failed(self, error: Exception) -> None:
        self.show_message(error_text(error), error=True)

    def show_message(self, text: str, *, error: bool = False) -> None:
        show_status(self.message, text, error=error)

    def retranslate(self) -> None:
        self.title.setText(_("Towns' returns"))
        self.quarter_label.setText(_("&Quarter"))
        self.show_button.setText(_("&Show"))
        self.import_button.setText(_("&Import packages…"))
        self.report_button.setText(_("&Write the report…"))
        self.results_box.setTitle(_("Packages just imported"))
        self.towns_box.setTitle(_("Which towns have reported"))
        self.totals_box.setTitle(_("Consolidated figures"))
        self.results.setHorizontalHeaderLabels([_(c) for c in RESULT_COLUMNS])
        self.towns.setHorizontalHeaderLabels([_(c) for c in STATUS_COLUMNS])
        if self.overview is not None:
            self._show_overview(self.overview)
