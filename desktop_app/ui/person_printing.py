"""One person's documents through the print preview: the card, a numbered certificate, and the
pre-filled application form they check and sign at the counter (書かない窓口).

Shared by the certificates area and the person's own file, so both print in exactly one way.
Every document is drawn on the worker; the preview opens when it arrives.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from desktop_app.i18n import _
from desktop_app.services import printing
from desktop_app.services.session import Session
from desktop_app.ui.background import BackgroundTask, run_in_background
from desktop_app.ui.error_label import error_text
from desktop_app.ui.print_preview import FinalDocument, PrintPreviewDialog, open_when_drawn

Say = Callable[..., None]  # say(text, error=False): a message line under the buttons


class PersonPrinting:
    def __init__(self, parent: QWidget, session: Session, say: Say):
        self.parent, self.session, self.say = parent, session, say
        self.preview: PrintPreviewDialog | None = None
        self.task: BackgroundTask | None = None

    def open_preview(self, pdf: bytes, title: str, file_name: str,
                     on_print: FinalDocument | None) -> PrintPreviewDialog:
        """A document already drawn (and final when `on_print` is None)."""
        self.preview = PrintPreviewDialog(pdf, title=title, file_name=file_name,
                                          session=self.session, on_print=on_print,
                                          parent=self.parent)
        self.preview.open()
        return self.preview

    def show(self, render: Callable[[Session], bytes], title: str, file_name: str,
              on_print: FinalDocument, *, final_writes: Collection[str] = (),
              on_open: Callable[[PrintPreviewDialog], None] = lambda _preview: None,
              ) -> BackgroundTask:
        def opened(preview: PrintPreviewDialog) -> None:
            self.preview = preview
            on_open(preview)

        self.task = open_when_drawn(
            self.parent, self.session, render, title=title, file_name=file_name,
            on_print=on_print, final_writes=final_writes, on_open=opened,
            on_error=lambda error: self.say(error_text(error), error=True))
        return self.task

    def card(self, person: int) -> BackgroundTask:
        return self.show(
            lambda worker: printing.print_card(worker, person, preview=True), _("Card"),
            "card.pdf",
            lambda worker, copies: printing.print_card(worker, person, copies=copies))

    # Replaceable in tests (pytest-qt's advice for modal dialogs).
    @classmethod
    def ask_phone_card_file(cls, parent: QWidget) -> str:
        path, _filter = QFileDialog.getSaveFileName(
            parent, _("Save the phone card"), "phone-card.png",
            _("Phone screen image (*.png);;PDF (*.pdf)"))
        return path

    def phone_card(self, person: int) -> BackgroundTask | None:
        """The card for the person's phone, saved where the clerk says (their own USB stick)."""
        chosen = self.ask_phone_card_file(self.parent)
        if not chosen:
            return None
        path = Path(chosen)

        def job(worker: Session, _progress, _cancel) -> Path:
            path.write_bytes(printing.print_phone_card(
                worker, person, printing.phone_card_format(path)))
            return path

        self.task = run_in_background(
            job, title=_("Drawing the phone card…"), session=self.session, parent=self.parent,
            on_done=lambda written: self.say(_("Saved the phone card to {file}.").format(
                file=written)),
            on_error=lambda error: self.say(error_text(error), error=True))
        return self.task

    def certificate(self, person: int) -> BackgroundTask:
        """The number is taken once, at the first print or save; both use the same document."""
        issued: list[tuple[str, bytes]] = []  # filled on the worker, read once it delivered

        def final(worker: Session, _copies: int) -> bytes:
            if not issued:
                issued.append(printing.issue_certificate(worker, person))
            return issued[0][1]

        def opened(preview: PrintPreviewDialog) -> None:
            preview.finalised.connect(lambda: self.say(
                _("Certificate {number} issued.").format(number=issued[0][0])))

        return self.show(
            lambda worker: printing.issue_certificate(worker, person, preview=True)[1],
            _("Certificate"), "certificate.pdf", final, final_writes=("certificate",),
            on_open=opened)

    def application_form(self, person: int) -> BackgroundTask:
        return self.show(
            lambda worker: printing.print_application_form(worker, person, preview=True),
            _("Application form"), "application-form.pdf",
            lambda worker, _copies: printing.print_application_form(worker, person))
