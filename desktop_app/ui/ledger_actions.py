"""File menu entries for the ledger: 台帳の取込 (import wizard) and 台帳の書出し (export)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

from desktop_app.i18n import _, ngettext
from desktop_app.services.session import Session
from desktop_app.ui.background import run_in_background
from desktop_app.ui.error_label import error_text
from desktop_app.ui.freeing import freed_after

# Shown in the error box before "and N more".
LISTED_PROBLEMS = 15


def _filters() -> dict[str, tuple[str, str]]:
    """Save-dialog filter → (format, encoding)."""
    return {_("CSV, UTF-8 (*.csv)"): ("csv", "utf-8-sig"),
            _("CSV, Shift_JIS for older software (*.csv)"): ("csv", "cp932"),
            _("Excel workbook (*.xlsx)"): ("xlsx", "")}


class LedgerActions(QObject):
    def __init__(self, window: QMainWindow, session: Session, menu):
        super().__init__(window)
        self.window, self.session = window, session
        self.import_action = QAction(window)
        self.export_action = QAction(window)
        first = menu.actions()[0] if menu.actions() else None
        menu.insertAction(first, self.import_action)
        menu.insertAction(first, self.export_action)
        menu.insertSeparator(first)
        menu.aboutToShow.connect(self.retranslate)
        self.import_action.triggered.connect(self.open_import)
        self.export_action.triggered.connect(self.export)
        self.task = None
        self.retranslate()

    def retranslate(self) -> None:
        self.import_action.setText(_("Import a ledger (CSV/Excel)…"))
        self.export_action.setText(_("Export the register…"))

    @Slot()
    def open_import(self) -> None:
        from desktop_app.ui.import_wizard import ImportWizard  # ledger reading: not at start-up

        with freed_after(ImportWizard(self.session, self.window)) as wizard:
            wizard.exec()  # the register follows what it imports

    @classmethod
    def ask_target(cls, parent: QWidget) -> tuple[str, str, str]:
        """(path, format, encoding) from the save dialog, replaceable in tests."""
        filters = _filters()
        path, chosen = QFileDialog.getSaveFileName(parent, _("Export the register"),
                                                   "registrants.csv", ";;".join(filters))
        file_format, encoding = filters.get(chosen, ("csv", "utf-8-sig"))
        if path and path.lower().endswith(".xlsx"):
            file_format = "xlsx"
        return path, file_format, encoding

    @Slot()
    def export(self) -> None:
        path, file_format, encoding = self.ask_target(self.window)
        if not path:
            return
        # Imported on use: export brings openpyxl and the ledger checks.
        from desktop_app.services.ledger_export import export_registrants

        def job(worker: Session, progress, cancel):
            return export_registrants(worker, path, file_format=file_format,
                                      encoding=encoding or "utf-8-sig", progress=progress)

        self.task = run_in_background(job, title=_("Exporting the register…"),
                                      session=self.session, parent=self.window,
                                      on_done=self._exported, on_error=self._failed)

    def _exported(self, result) -> None:
        self.show_message(self.window, ngettext(
            "Exported {rows} person to {path}.", "Exported {rows} people to {path}.",
            result.rows).format(rows=result.rows, path=result.path), error=False)

    def _failed(self, error: Exception) -> None:
        from desktop_app.services.ledger_export import ExportRefused

        text = error_text(error)
        if isinstance(error, ExportRefused):
            lines = [_("row {row}, {column}: {message}").format(
                row=p.row, column=p.column, message=p.message)
                for p in error.problems[:LISTED_PROBLEMS]]
            if len(error.problems) > LISTED_PROBLEMS:
                lines.append(_("… and {count} more.").format(
                    count=len(error.problems) - LISTED_PROBLEMS))
            text = "\n".join([text, "", *lines])
        self.show_message(self.window, text, error=True)

    @classmethod
    def show_message(cls, parent: QWidget, text: str, *, error: bool) -> None:
        """The result box, replaceable in tests."""
        box = QMessageBox.warning if error else QMessageBox.information
        box(parent, _("Export the register"), text)
