"""Check a card, certificate or voucher: a barcode scanner types the QR text into the field and
presses Enter; a clerk can type the same text. The look-up runs on the worker; the result shows
as soon as it arrives, in large type. A line says how old the partner shops' check file is, so
the clerk knows when revocations since then call for a new one, and a supervisor writes it here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.dates import format_date
from desktop_app.domain.text import render
from desktop_app.i18n import _
from desktop_app.services import preferences, shop_check
from desktop_app.services.session import Session
from desktop_app.services.verification import OUTCOME_LABELS, Outcome, Verdict, verify_on_file
from desktop_app.ui.background import BackgroundTask, run_in_background
from desktop_app.ui.error_label import error_text
from desktop_app.ui.freeing import delete_on_close

COLOURS = {Outcome.VALID: "#1b7f3b", Outcome.REVOKED: "#b3261e", Outcome.EXPIRED: "#a15c00",
           Outcome.FORGED: "#b3261e"}


class VerifyDialog(QDialog):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        delete_on_close(self)  # shown with open(): nothing else frees it
        self.session = session
        self.task: BackgroundTask | None = None
        self.setWindowTitle(_("Check a QR code"))
        self.field = QLineEdit(self)
        self.field.setPlaceholderText(_("Scan the QR code, or type its text and press Enter"))
        self.field.setAccessibleName(_("QR code text"))
        self.outcome = QLabel(self)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.shop_check = QLabel(self)
        self.shop_check.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.write_button = buttons.addButton(_("Write the partner shops' check file…"),
                                              QDialogButtonBox.ButtonRole.ActionRole)
        self.write_button.clicked.connect(self.write_shop_check)
        layout = QVBoxLayout(self)
        for widget in (self.field, self.outcome, self.detail, self.shop_check, buttons):
            layout.addWidget(widget)
        self.field.returnPressed.connect(self.check)
        self.resize(560, 240)
        self.task = run_in_background(
            lambda worker, _progress, _cancel: (shop_check.last_written(worker.db),
                                                preferences.date_style(worker.db)),
            title=_("Checking…"), session=session, parent=self, on_done=self._show_shop_check)

    # Replaceable in tests (pytest-qt's advice for modal dialogs).
    @classmethod
    def ask_shop_check_file(cls, parent: QWidget) -> str:
        path, _filter = QFileDialog.getSaveFileName(
            parent, _("Save the partner shops' check file"), "shop-check.html", "HTML (*.html)")
        return path

    def write_shop_check(self) -> BackgroundTask | None:
        chosen = self.ask_shop_check_file(self)
        if not chosen:
            return None
        path = Path(chosen)

        def job(worker: Session, progress, cancel):
            path.write_bytes(shop_check.write_shop_check(worker, progress=progress,
                                                         cancel=cancel))
            return shop_check.last_written(worker.db), preferences.date_style(worker.db)

        self.task = run_in_background(
            job, title=_("Writing the partner shops' check file…"), session=self.session,
            parent=self, on_done=self._show_shop_check,
            on_error=lambda error: self.detail.setText(error_text(error)))
        return self.task

    def _show_shop_check(self, loaded) -> None:
        written, style = loaded
        if not written:
            self.shop_check.setText(_("No check file for partner shops has been written yet "
                                      "(futasato keys verifier)."))
            return
        self.shop_check.setText(_(
            "The partner shops' check file was last written on {date} by {clerk}: write a new "
            "one after cards are revoked.").format(date=format_date(written["made_on"], style),
                                                   clerk=written["by"]))

    def check(self) -> BackgroundTask | None:
        text = self.field.text()
        if not text.strip():
            return None
        self.task = run_in_background(
            lambda worker, _progress, _cancel: verify_on_file(worker, text),
            title=_("Checking…"),
            session=self.session, parent=self, on_done=self._show,
            on_error=lambda error: self.detail.setText(error_text(error)))
        return self.task

    def _show(self, verdict: Verdict) -> None:
        colour = COLOURS[verdict.outcome]
        self.outcome.setText(f"<span style='font-size:20pt; color:{colour}'>"
                             f"{_(OUTCOME_LABELS[verdict.outcome])}</span>")
        lines = [render(verdict.reason, verdict.params)]
        if verdict.holder:
            lines.append(_("Holder: {number} {name}").format(number=verdict.holder["registrant_no"],
                                                            name=verdict.holder["name"]))
        self.detail.setText("\n".join(lines))
        self.field.selectAll()  # the next scan replaces this one
