"""One person's documents through the print preview: the card, a numbered certificate, and the
pre-filled application form they check and sign at the counter (書かない窓口).

Shared by the certificates area and the person's own file, so both print in exactly one way.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from desktop_app.domain.errors import FutasatoError
from desktop_app.i18n import _
from desktop_app.services import printing
from desktop_app.services.session import Session
from desktop_app.ui.print_preview import PrintPreviewDialog

Say = Callable[..., None]  # say(text, error=False): a message line under the buttons


class PersonPrinting:
    def __init__(self, parent: QWidget, session: Session, say: Say,
                 on_issued: Callable[[], None] = lambda: None):
        self.parent, self.session, self.say, self.on_issued = parent, session, say, on_issued
        self.preview: PrintPreviewDialog | None = None

    def open_preview(self, pdf: bytes, title: str, file_name: str,
                     on_print: Callable[[int], bytes] | None) -> PrintPreviewDialog:
        self.preview = PrintPreviewDialog(pdf, title=title, file_name=file_name,
                                          on_print=on_print, parent=self.parent)
        self.preview.open()
        return self.preview

    def attempt(self, work: Callable[[], object]) -> None:
        try:
            work()
        except FutasatoError as refused:
            self.say(refused.message, error=True)

    def card(self, person: int) -> None:
        self.attempt(lambda: self.open_preview(
            printing.print_card(self.session, person, preview=True), _("Card"), "card.pdf",
            lambda copies: printing.print_card(self.session, person, copies=copies)))

    def certificate(self, person: int) -> None:
        """The number is taken once, at the first print or save; both use the same document."""
        issued: list[bytes] = []

        def final(_copies: int) -> bytes:
            if not issued:
                number, pdf = printing.issue_certificate(self.session, person)
                issued.append(pdf)
                self.on_issued()
                self.say(_("Certificate {number} issued.").format(number=number))
            return issued[0]

        self.attempt(lambda: self.open_preview(
            printing.issue_certificate(self.session, person, preview=True)[1],
            _("Certificate"), "certificate.pdf", final))

    def application_form(self, person: int) -> None:
        self.attempt(lambda: self.open_preview(
            printing.print_application_form(self.session, person, preview=True),
            _("Application form"), "application-form.pdf",
            lambda _copies: printing.print_application_form(self.session, person)))
