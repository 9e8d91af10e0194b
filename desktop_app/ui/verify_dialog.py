"""Check a card, certificate or voucher: a barcode scanner types the QR text into the field and
presses Enter; a clerk can type the same text. The look-up runs on the worker; the result shows
as soon as it arrives, in large type."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout

from desktop_app.domain.text import render
from desktop_app.i18n import _
from desktop_app.services.session import Session
from desktop_app.services.verification import OUTCOME_LABELS, Outcome, Verdict, verify
from desktop_app.ui.background import BackgroundTask, run_in_background
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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.field, self.outcome, self.detail, buttons):
            layout.addWidget(widget)
        self.field.returnPressed.connect(self.check)
        self.resize(560, 220)

    def check(self) -> BackgroundTask | None:
        text = self.field.text()
        if not text.strip():
            return None
        self.task = run_in_background(
            lambda worker, _progress, _cancel: verify(worker.db, text), title=_("Checking…"),
            session=self.session, parent=self, on_done=self._show,
            on_error=lambda error: self.detail.setText(getattr(error, "message", str(error))))
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
