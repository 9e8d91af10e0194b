"""The card on the phone: the printed card's facts and the same signed QR code, as a 1080 × 1920
PNG for the person's phone or a one-page PDF, handed over on their own USB stick or printed.
Checked, signed and audited as the printed card is."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.printing import phone_card
from desktop_app.services import print_settings
from desktop_app.services.card_signing import signer
from desktop_app.services.printing.cards import card_data
from desktop_app.services.printing.shared import find_registrant, record_print
from desktop_app.services.session import Session

FORMATS = ("png", "pdf")


def phone_card_format(path: Path) -> str:
    """png or pdf, from the file's name; anything else is refused."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise RuleRefused(N_("A phone card is written as .png or .pdf, not {name}."),
                          {"name": path.name}, field=N_("File"))
    return suffix


def print_phone_card(session: Session, registrant: str | int, file_format: str) -> bytes:
    """PNG or PDF bytes of one person's phone card; one `print.phone_card` audit row."""
    session.require(Permission.PRINT)
    if file_format not in FORMATS:
        raise RuleRefused(N_("A phone card is written as .png or .pdf, not {name}."),
                          {"name": file_format}, field=N_("File"))
    person = find_registrant(session, registrant)
    # The issue asks for the validity in 和暦 on the phone, whatever the office prints on paper.
    settings = replace(print_settings.load(session.db), date_style="wareki")
    data = card_data(settings, signer(session), person)
    drawn = phone_card.render_png(data) if file_format == "png" else phone_card.render_pdf(data)
    record_print(session, "phone_card", [person], format=file_format)
    return drawn
