"""台帳の取込: choose a file → map its columns → dry-run report → commit, all off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.ledger_columns import FIELD_LABELS, LedgerField, check_mapping
from desktop_app.domain.text import render
from desktop_app.i18n import _, ngettext
from desktop_app.services.ledger_import import (
    ImportPlan,
    commit_import,
    initial_mapping,
    plan_import,
    read_ledger,
)
from desktop_app.services.session import Session
from desktop_app.ui.background import run_in_background
from desktop_app.ui.error_label import error_text

FILE_PAGE, MAPPING_PAGE, REPORT_PAGE = range(3)


class ImportWizard(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.table = None
        self.plan: ImportPlan | None = None
        self.imported: int | None = None
        self.task = None
        self.setWindowTitle(_("Import a ledger"))
        self.resize(760, 520)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._file_page())
        self.pages.addWidget(self._mapping_page())
        self.pages.addWidget(self._report_page())
        self.back_button = QPushButton(_("Back"))
        self.next_button = QPushButton(_("Next"))
        self.import_button = QPushButton(_("Import"))
        self.cancel_button = QPushButton(_("Close"))
        buttons = QHBoxLayout()
        buttons.addStretch()
        for button in (self.back_button, self.next_button, self.import_button,
                       self.cancel_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addLayout(buttons)
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.import_button.clicked.connect(self.commit)
        self.cancel_button.clicked.connect(self.reject)
        self._show(FILE_PAGE)

    def _file_page(self) -> QWidget:
        page = QWidget()
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName(_("File to import"))
        choose = QPushButton(_("Choose…"))
        choose.clicked.connect(self.choose)
        row = QHBoxLayout()
        row.addWidget(self.path_edit)
        row.addWidget(choose)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(_("A CSV file (UTF-8 or Shift_JIS) or an Excel workbook (.xlsx) "
                                  "with one person a row.")))
        layout.addLayout(row)
        layout.addStretch()
        return page

    def _mapping_page(self) -> QWidget:
        page = QWidget()
        self.mapping_note = QLabel()
        self.mapping_table = QTableWidget(0, 3)
        self.mapping_table.setTabKeyNavigation(False)  # Tab leaves the table
        self.mapping_table.setHorizontalHeaderLabels(
            [_("Column in the file"), _("First row"), _("Field of the register")])
        self.mapping_table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(page)
        layout.addWidget(self.mapping_note)
        layout.addWidget(self.mapping_table)
        return page

    def _report_page(self) -> QWidget:
        page = QWidget()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.problems = QTableWidget(0, 4)
        self.problems.setTabKeyNavigation(False)  # Tab leaves the table
        self.problems.setHorizontalHeaderLabels([_("Row"), _("Column"), _("Field"), _("Problem")])
        self.problems.horizontalHeader().setStretchLastSection(True)
        self.skip_bad = QCheckBox(_("Import the good rows and leave out the rows listed"))
        self.skip_bad.toggled.connect(self._update_buttons)
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems)
        layout.addWidget(self.skip_bad)
        return page

    @classmethod
    def ask_file(cls, parent: QWidget) -> str:
        """The file dialog, replaceable in tests."""
        path, _filter = QFileDialog.getOpenFileName(
            parent, _("Import a ledger"), "", _("Ledgers (*.csv *.xlsx);;All files (*)"))
        return path

    @Slot()
    def choose(self) -> None:
        path = self.ask_file(self)
        if path:
            self.path_edit.setText(path)
            self.go_next()

    def _show(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        self._update_buttons()

    def _update_buttons(self) -> None:
        page, busy = self.pages.currentIndex(), self.task is not None and self.task.running
        self.back_button.setEnabled(page > FILE_PAGE and not busy)
        self.next_button.setVisible(page < REPORT_PAGE)
        self.next_button.setEnabled(not busy)
        ready = self.plan is not None and bool(self.plan.ready) and self.imported is None
        self.import_button.setVisible(page == REPORT_PAGE)
        self.import_button.setEnabled(ready and not busy and (
            not self.plan.bad_rows or self.skip_bad.isChecked()))

    def _run(self, job, title: str, on_done, *, writes: tuple[str, ...] = ()) -> None:
        self.task = run_in_background(job, title=title, session=self.session, writes=writes,
                                      parent=self, on_done=on_done, on_error=self._failed,
                                      on_cancel=self._update_buttons)
        self._update_buttons()

    @Slot()
    def go_back(self) -> None:
        self._show(max(FILE_PAGE, self.pages.currentIndex() - 1))

    @Slot()
    def go_next(self) -> None:
        if self.pages.currentIndex() == FILE_PAGE:
            self.load_file(self.path_edit.text().strip())
        elif self.pages.currentIndex() == MAPPING_PAGE:
            self.dry_run()

    def load_file(self, path: str) -> None:
        if not path:
            return
        self.path_edit.setText(path)
        self._run(lambda _session, _progress, _cancel: read_ledger(Path(path)),
                  _("Reading the file…"), self._loaded)

    def _loaded(self, table) -> None:
        self.table = table
        mapping, source = initial_mapping(self.session.db, table)
        notes = {"template": _("This is Futasato's own template: no mapping is needed."),
                 "saved": _("The mapping last used for files like this one has been restored."),
                 "suggested": _("Columns were matched by their names; check each one.")}
        self.mapping_note.setText(notes[source])
        first = table.rows[0][1] if table.rows else []
        self.mapping_table.setRowCount(len(table.headers))
        for index, header in enumerate(table.headers):
            self.mapping_table.setItem(index, 0, QTableWidgetItem(header))
            sample = first[index] if index < len(first) else ""
            self.mapping_table.setItem(index, 1, QTableWidgetItem(sample))
            combo = QComboBox()
            combo.setAccessibleName(_("Field for column {header}").format(header=header))
            combo.addItem(_("— not imported —"), None)
            for target, label in FIELD_LABELS.items():
                combo.addItem(render(label), target.value)
            chosen = mapping.get(header)
            combo.setCurrentIndex(combo.findData(chosen.value) if chosen else 0)
            self.mapping_table.setCellWidget(index, 2, combo)
        self.mapping_table.resizeColumnsToContents()
        self.task = None
        self._show(MAPPING_PAGE)

    def mapping(self) -> dict:
        chosen = {}
        for index, header in enumerate(self.table.headers):
            value = self.mapping_table.cellWidget(index, 2).currentData()
            chosen[header] = LedgerField(value) if value else None
        return chosen

    def combo_for(self, header: str) -> QComboBox:
        return self.mapping_table.cellWidget(self.table.headers.index(header), 2)

    def dry_run(self) -> None:
        mapping, table = self.mapping(), self.table
        try:
            check_mapping(mapping)
        except Exception as error:
            self._failed(error)
            return

        def job(worker: Session, progress, cancel):
            return plan_import(worker.db, table, mapping, progress=progress)

        self.plan, self.imported = None, None
        self._run(job, _("Checking every row…"), self._planned)

    def _planned(self, plan: ImportPlan) -> None:
        self.plan, self.task = plan, None
        self.summary.setText(ngettext(
            "{rows} row: {ready} ready to import, {bad} with problems. "
            "Nothing has been saved yet.",
            "{rows} rows: {ready} ready to import, {bad} with problems. "
            "Nothing has been saved yet.", len(plan.table.rows)).format(
            rows=len(plan.table.rows), ready=len(plan.ready), bad=len(plan.bad_rows)))
        self.problems.setRowCount(len(plan.problems))
        for index, problem in enumerate(plan.problems):
            for column, text in enumerate((str(problem.row), problem.column,
                                           problem.field_label, problem.message)):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.problems.setItem(index, column, item)
        self.skip_bad.setChecked(False)
        self.skip_bad.setVisible(bool(plan.bad_rows))
        self._show(REPORT_PAGE)

    @Slot()
    def commit(self) -> None:
        table, mapping, plan = self.table, self.plan.mapping, self.plan
        skip = self.skip_bad.isChecked()

        def job(worker: Session, progress, cancel):
            return commit_import(worker, table, mapping, skip_bad_rows=skip,
                                 progress=progress, checked=plan)

        self._run(job, _("Importing…"), self._committed, writes=("registrant",))

    def _committed(self, result) -> None:
        self.imported, self.task = result.imported, None
        self.summary.setText(ngettext("Imported {count} person.", "Imported {count} people.",
                                      result.imported).format(count=result.imported))
        self._update_buttons()
        self.cancel_button.setText(_("Close"))

    def _failed(self, error: Exception) -> None:
        self.task = None
        self._update_buttons()
        self.show_error(self, error_text(error))

    @classmethod
    def show_error(cls, parent: QWidget, text: str) -> None:
        """The error box, replaceable in tests."""
        QMessageBox.warning(parent, _("Import a ledger"), text)
