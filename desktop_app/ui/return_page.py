"""The 報告・同期 area of a town: a fiscal quarter's figures for the prefecture, signing them off
and writing the signed package to a folder, re-opening a quarter, the PDF summary, and the export
register (外部記録媒体の管理簿), and the 同期 tab (ui/sync_page.py).

Every figure, state and register row is read on the worker; the page only shows what arrives.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.quarters import FiscalQuarter
from desktop_app.domain.roles import GRANTS, ROLE_LABELS, Permission
from desktop_app.i18n import _
from desktop_app.services import preferences, quarter_returns, return_export
from desktop_app.services.exchange_keys import may_sign_off
from desktop_app.services.quarter_returns import ReturnVersion
from desktop_app.services.return_figures import quarter_figures
from desktop_app.services.session import Session
from desktop_app.ui.background import BackgroundTask, run_in_background
from desktop_app.ui.error_label import error_text, show_status
from desktop_app.ui.print_preview import PrintPreviewDialog
from desktop_app.ui.quarter_picker import QuarterPicker
from desktop_app.ui.return_dialogs import ExportDialog, ReasonDialog
from desktop_app.ui.return_figures_view import FiguresView
from desktop_app.ui.return_register import RegisterTab, when
from desktop_app.ui.shown_refresh import ShownRefresh
from desktop_app.ui.sync_page import SyncPage

# What changes a quarter's figures or its state: the page recomputes when next shown.
FOLLOWED = ("return", "registrant", "involvement", "consultation", "certificate", "booking",
            "facility", "voucher", "house")


@dataclass(frozen=True)
class Loaded:
    quarter: FiscalQuarter
    figures: dict[str, int] | None  # None when the clerk may not review them
    previous: dict[str, int] | None
    version: ReturnVersion | None
    register: list[dict] | None  # None when the clerk may not read it


class ReturnPage(QWidget):
    def __init__(self, session: Session, parent=None, *, today: date | None = None):
        super().__init__(parent)
        self.session = session
        self.style_name = preferences.date_style(session.db)
        self.may_sign = may_sign_off(session.role)
        grants = GRANTS[session.role]
        self.may_read_register = bool({Permission.SIGN_OFF, Permission.VIEW_AUDIT} & grants)
        self.may_export = Permission.EXPORT in grants  # the PDF summary is the town's numbers
        self.task: BackgroundTask | None = None
        self.preview: PrintPreviewDialog | None = None
        self.loaded: Loaded | None = None
        self.title, self.quarter_label, self.state = QLabel(), QLabel(), QLabel()
        self.title.setObjectName("pageTitle")
        self.state.setWordWrap(True)
        self.quarter = QuarterPicker(self.style_name, today)
        self.quarter.wanted.connect(self.refresh)
        self.quarter_label.setBuddy(self.quarter)
        self.show_button, self.export_button = QPushButton(), QPushButton()
        self.reopen_button, self.summary_button = QPushButton(), QPushButton()
        self.not_allowed, self.message = QLabel(), QLabel()
        self.not_allowed.setWordWrap(True)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.figures = FiguresView()
        self.register = RegisterTab(session, self.show_message, self.may_read_register)
        self.sync = SyncPage(session)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.figures, "")
        self.tabs.addTab(self.register, "")
        self.tabs.addTab(self.sync, "")
        self._lay_out()
        self.show_button.clicked.connect(self.refresh)
        self.export_button.clicked.connect(self.sign_off_and_export)
        self.reopen_button.clicked.connect(self.reopen)
        self.summary_button.clicked.connect(self.summary)
        self.summary_button.setEnabled(self.may_export)
        self.shown_refresh = ShownRefresh(self, FOLLOWED, self.refresh)
        self.retranslate()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(16)
        top.addWidget(self.quarter_label)
        top.addWidget(self.quarter)
        top.addWidget(self.show_button)
        top.addSpacing(16)
        top.addWidget(self.state, 1)
        actions = QHBoxLayout()
        for button in (self.export_button, self.reopen_button, self.summary_button):
            actions.addWidget(button)
        actions.addWidget(self.not_allowed, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)

    def chosen(self) -> FiscalQuarter:
        return self.quarter.chosen()

    def chosen_label(self) -> str:
        return self.chosen().label(self.style_name)

    # Reading ----------------------------------------------------------------------------------

    def refresh(self) -> BackgroundTask:
        """Recompute the chosen quarter's figures, the previous quarter's, its state and the
        register on the worker."""
        quarter, register, review = self.chosen(), self.may_read_register, self.may_export

        def figures(worker: Session, which: FiscalQuarter) -> dict[str, int] | None:
            # The same rule as `return show`: the town's numbers, reviewed before sign-off.
            return quarter_figures(worker, which).flat if review else None

        def load(worker: Session, _progress, _cancel) -> Loaded:
            return Loaded(quarter, figures(worker, quarter), figures(worker, quarter.previous()),
                          quarter_returns.current_version(worker.db, str(quarter)),
                          quarter_returns.export_register(worker) if register else None)

        self.task = run_in_background(load, title=_("Working out the quarter's figures…"),
                                      session=self.session, parent=self, on_done=self._loaded,
                                      on_error=self._failed)
        return self.task

    def _loaded(self, loaded: Loaded) -> None:
        if str(loaded.quarter) != self.quarter.currentData():
            return  # the supervisor has picked another quarter meanwhile
        self.loaded = loaded
        self.figures.setVisible(loaded.figures is not None)
        if loaded.figures is not None:
            self.figures.show_figures(loaded.figures, loaded.previous,
                                      loaded.quarter.label(self.style_name),
                                      loaded.quarter.previous().label(self.style_name))
        self.register.show_rows(loaded.register)
        self._show_state(loaded.version)

    def _show_state(self, version: ReturnVersion | None) -> None:
        style = self.style_name
        if version is None:
            text = _("Not signed off yet.")
        elif version.signed_off:
            text = _("Signed off: version {version}, by {clerk} on {at}.").format(
                version=version.version, clerk=version.signed_off_by,
                at=when(version.signed_off_at, style))
        else:
            text = _("Re-opened by {clerk} on {at} (reason: {reason}). Version {version} no "
                     "longer holds; the next export is version {next}.").format(
                clerk=version.reopened_by, at=when(version.reopened_at, style),
                reason=version.reopen_reason, version=version.version,
                next=version.version + 1)
        self.state.setText(text)
        signed = version is not None and version.signed_off
        self.export_button.setEnabled(self.may_sign and not signed)
        self.reopen_button.setEnabled(self.may_sign and signed)

    # Acting -----------------------------------------------------------------------------------

    def sign_off_and_export(self) -> BackgroundTask | None:
        label = self.chosen_label()
        choice = ExportDialog.ask(self, label)
        if choice is None:
            return None
        quarter = self.chosen()
        self.show_message(_("Signing off and writing {quarter}…").format(quarter=label))
        self.task = run_in_background(
            lambda worker, progress, cancel: return_export.export_return(
                worker, quarter, choice.folder, password=choice.password,
                with_rows=choice.with_rows, progress=progress, cancel=cancel),
            title=_("Signing off and writing the return…"), session=self.session,
            writes=("return",), parent=self, on_done=self._exported, on_error=self._failed,
            on_cancel=lambda: self.show_message(_("Cancelled: nothing was written.")))
        return self.task

    def _exported(self, exported) -> None:
        self.show_message(_("Version {version} written: {path} (and its .sig beside it).").format(
            version=exported.version, path=exported.zip_path))

    def reopen(self) -> BackgroundTask | None:
        reason = ReasonDialog.ask(self, self.chosen_label())
        if reason is None:
            return None
        quarter = str(self.chosen())
        self.task = run_in_background(
            lambda worker, _progress, _cancel: quarter_returns.reopen(worker, quarter, reason),
            title=_("Saving…"), session=self.session, writes=("return",), parent=self,
            on_done=lambda _version: self.show_message(_("The quarter is re-opened.")),
            on_error=self._failed)
        return self.task

    def summary(self) -> BackgroundTask:
        quarter = self.chosen()

        def draw(worker: Session, _progress, _cancel) -> bytes:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "summary.pdf"
                return_export.write_summary(worker, quarter, path)
                return path.read_bytes()

        def show(pdf: bytes) -> None:
            self.preview = PrintPreviewDialog(
                pdf, title=_("Quarterly return summary"), parent=self,
                file_name=f"{quarter}_summary.pdf")
            self.preview.open()

        self.task = run_in_background(draw, title=_("Preparing the document…"),
                                      session=self.session, parent=self, on_done=show,
                                      on_error=self._failed)
        return self.task

    # Text -------------------------------------------------------------------------------------

    def _failed(self, error: Exception) -> None:
        self.show_message(error_text(error), error=True)

    def show_message(self, text: str, *, error: bool = False) -> None:
        show_status(self.message, text, error=error)

    def retranslate(self) -> None:
        self.title.setText(_("Reports and sync"))
        self.quarter_label.setText(_("&Quarter"))
        self.show_button.setText(_("&Show"))
        self.export_button.setText(_("Sign off and &export…"))
        self.reopen_button.setText(_("Re-&open…"))
        self.summary_button.setText(_("&PDF summary…"))
        self.not_allowed.setText("" if self.may_sign else _(
            "Reviewing the figures, signing off, exporting and the PDF summary are for a "
            "supervisor or an administrator; you are signed in as {role}.").format(
            role=_(ROLE_LABELS[self.session.role])))
        self.tabs.setTabText(0, _("Quarterly return: &figures"))
        self.tabs.setTabText(1, _("Export &register (外部記録媒体の管理簿)"))
        self.tabs.setTabText(2, _("S&ync"))
        self.sync.retranslate()
        self.figures.retranslate()
        self.register.retranslate()
        if self.loaded is not None:
            self._loaded(self.loaded)
        else:
            self.state.setText(_("Working out the quarter's figures…"))
            self.export_button.setEnabled(False)
            self.reopen_button.setEnabled(False)
