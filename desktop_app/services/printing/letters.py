"""Post to registrants: A4 address labels, and renewal notices or expiry reminders addressed for a
長形3号 window envelope; for the people named, or everyone with a status."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.printing import fonts
from desktop_app.printing.letters import Addressee, Letter, render_labels, render_letters
from desktop_app.services import print_settings
from desktop_app.services.printing.shared import (
    category,
    check_names,
    find_registrant,
    full_name,
    home_address,
    postal_code,
    record_print,
    statuses_from_word,
)
from desktop_app.services.session import Session

LETTERS = {
    "renewal": ("登録更新のご案内", (
        "日頃より{town}の取組にご協力いただき、ありがとうございます。",
        "あなたの登録は下記の日に有効期限を迎えます。引き続き登録を希望される場合は、期限までに"
        "窓口または郵送で更新のお手続きをお願いします。")),
    "expiry": ("登録の有効期限のお知らせ", (
        "あなたの登録は下記の日をもって有効期限を過ぎました。",
        "再度の登録を希望される場合は、{office}の窓口までお問い合わせください。")),
}


def select_people(session: Session, numbers: Sequence[str], status: str | None) -> list[dict]:
    """The registrants named, or everyone with the status (for labels and letters)."""
    if numbers:
        return [find_registrant(session, number) for number in numbers]
    if status:
        return list(session.db.registrants.by_status(statuses_from_word(status)))
    raise RuleRefused(N_("Name the registrants, or give a status."), field=N_("Registrant"))


def _addressee(person: dict) -> Addressee:
    return Addressee(postal_code(person), home_address(person), full_name(person),
                     person.get("registrant_no") or "")


def print_labels(session: Session, people: Sequence[dict], *, preview: bool = False,
                 printer: str | None = None) -> bytes:
    """One address label per person on the town's label stock, calibrated for the printer."""
    session.require(Permission.PRINT)
    if not people:
        raise RuleRefused(N_("Nobody to print."), field=N_("Registrant"))
    for person in people:
        check_names(person, extra=("address",))
    settings = print_settings.load(session.db)
    pdf = render_labels([_addressee(p) for p in people], settings.label_sheet,
                        calibration=settings.calibration(printer), preview=preview)
    record_print(session, "labels", people, preview=preview)
    return pdf


def print_letters(session: Session, people: Sequence[dict], *, kind: str = "renewal",
                  preview: bool = False, today: date | None = None) -> bytes:
    """Renewal notices or expiry reminders, addressed for a 長形3号 window envelope."""
    session.require(Permission.PRINT)
    if not people:
        raise RuleRefused(N_("Nobody to print."), field=N_("Registrant"))
    settings = print_settings.load(session.db)
    title, paragraphs = LETTERS[kind]
    sender = (settings.town, settings.office, *([settings.contact] if settings.contact else []))
    issued = format_date(today or date.today(), settings.date_style)
    letters = []
    for person in people:
        check_names(person, fonts.MINCHO, extra=("address",))
        facts = (("登録番号", person.get("registrant_no") or ""),
                 ("区分", category(person)),
                 ("有効期限", format_date(person.get("valid_until"), settings.date_style)))
        letters.append(Letter(
            to=_addressee(person), sender=sender, date=issued, title=title,
            paragraphs=tuple(p.format(town=settings.town_short, office=settings.office)
                             for p in paragraphs), facts=facts))
    pdf = render_letters(letters, preview=preview)
    record_print(session, "letters", people, kind=kind, preview=preview)
    return pdf
