"""Resident cards (登録証, 85.6 × 54 mm): one person's, or a 10-up A4 sheet of many, each with a
signed QR code. Every card is checked before the first is drawn, so a sheet never fails halfway."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from desktop_app.domain.card_payload import CardPayload, Document, attributes_of
from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.progress import NEVER_CANCELLED, CancelFlag, Progress, no_progress
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.printing import card
from desktop_app.printing.card import CardData, CardFace
from desktop_app.printing.layout import Sheet
from desktop_app.services import print_settings
from desktop_app.services.card_signing import Signer, signer
from desktop_app.services.photos import printed_photo
from desktop_app.services.print_settings import PrintSettings
from desktop_app.services.printing.shared import (
    KIND_NAMES,
    LIVE,
    category,
    check_names,
    find_registrant,
    record_print,
    refuse_unless_live,
)
from desktop_app.services.session import Session

CARD_TITLES = {"dual": "二地域居住者証", "furusato": "ふるさと住民登録証"}


def _card_face(settings: PrintSettings, person: dict, fingerprint: str) -> CardFace:
    kind = KIND_NAMES.get(person["kind"], "")
    contact = f"（{settings.contact}）" if settings.contact else ""
    back = (f"この証は、{settings.town_short}の{kind}として登録されていることを示すものです。",
            "記載事項に変更があったときは、速やかに届け出てください。",
            f"拾得された方は、{settings.office}{contact}までお届けください。",
            "表面のQRコードで、この証が本物であることを確かめられます。")
    return CardFace(title=CARD_TITLES.get(person["kind"], "登録証"), town=settings.town,
                    office=settings.office, back_lines=back, emblem=settings.emblem,
                    fingerprint=fingerprint)


def card_data(settings: PrintSettings, sign: Signer, person: dict,
              faces: dict | None = None, photo: bytes | None = None) -> CardData:
    """One card, signed; refused for someone not registered now or a name the fonts lack.
    `faces` caches the shared front and back of each kind of card across a sheet; `photo` is
    the one to print (`printed_photo`: none without the person's consent)."""
    refuse_unless_live(person, N_("{number} is not registered now ({status}): no card can be "
                                  "printed."), dated=True)
    check_names(person)
    faces = {} if faces is None else faces
    key = person["kind"]
    if key not in faces:
        faces[key] = _card_face(settings, person, sign.fingerprint)
    payload = CardPayload(settings.municipality_code, Document.CARD, person["card_code"],
                          date.fromisoformat(person["valid_until"]),
                          attributes_of(person["kind"], person.get("tier")))
    return CardData(
        family_name=person["family_name"], given_name=person["given_name"],
        family_kana=person["family_kana"], given_kana=person["given_kana"],
        registrant_no=person["registrant_no"] or "", category=category(person),
        valid_until=format_date(person["valid_until"], settings.date_style),
        card_code=person["card_code"], qr_payload=sign.sign(payload), face=faces[key],
        photo=photo)


def _card_sheet(settings: PrintSettings, sheet: str) -> Sheet | None:
    if sheet == "single":
        return None
    if sheet == "a4-10up":
        return settings.card_sheet
    raise RuleRefused(N_("{sheet} is not a card layout (single, a4-10up)."), {"sheet": sheet},
                      field=N_("Sheet"))


def print_card(session: Session, registrant: str | int, *, sheet: str = "single",
               preview: bool = False, printer: str | None = None, copies: int = 1) -> bytes:
    """One person's card, front and back: one per page, or in the first cell of an A4 sheet."""
    session.require(Permission.PRINT)
    person = find_registrant(session, registrant)
    settings = print_settings.load(session.db)
    data = card_data(settings, signer(session), person,
                     photo=printed_photo(session.db, person))
    pdf = card.render([data] * copies, sheet=_card_sheet(settings, sheet), preview=preview,
                      calibration=settings.calibration(printer))
    record_print(session, "card", [person], copies=copies, sheet=sheet, preview=preview)
    return pdf


def print_cards(session: Session, *, statuses: tuple[str, ...] = LIVE, sheet: str = "a4-10up",
                preview: bool = False, printer: str | None = None,
                progress: Progress = no_progress, cancel: CancelFlag = NEVER_CANCELLED) -> bytes:
    """Everyone in `statuses` (kana order), checked first, then drawn; one audit row."""
    session.require(Permission.PRINT)
    total = session.db.registrants.count_by_status(statuses)
    if total == 0:
        raise RuleRefused(N_("Nobody to print: no registrant has that status."),
                          field=N_("Status"))
    return _print_card_batch(session, session.db.registrants.by_status(statuses), total,
                             sheet=sheet, preview=preview, printer=printer, progress=progress,
                             cancel=cancel, audit_details={"statuses": list(statuses)})


def print_cards_for(session: Session, registrants: Sequence[str | int], *,
                    sheet: str = "a4-10up", preview: bool = False, printer: str | None = None,
                    progress: Progress = no_progress,
                    cancel: CancelFlag = NEVER_CANCELLED) -> bytes:
    """The cards of the registrants named (numbers or ids), in that order; one audit row."""
    session.require(Permission.PRINT)
    if not registrants:
        raise RuleRefused(N_("Nobody to print."), field=N_("Registrant"))
    people = (find_registrant(session, registrant) for registrant in registrants)
    return _print_card_batch(session, people, len(registrants), sheet=sheet, preview=preview,
                             printer=printer, progress=progress, cancel=cancel, audit_details={})


def _print_card_batch(session: Session, people_in_order: Iterable[dict], total: int, *,
                      sheet: str, preview: bool, printer: str | None, progress: Progress,
                      cancel: CancelFlag, audit_details: dict) -> bytes:
    """Check every card first (payload, fonts), then draw them all; audited unless a preview."""
    settings = print_settings.load(session.db)
    sign = signer(session)
    people, cards, faces = [], [], {}
    for person in people_in_order:
        cancel.check()
        cards.append(card_data(settings, sign, person, faces, printed_photo(session.db, person)))
        people.append(person)
        if (len(cards) % 100 == 0 or len(cards) == total):
            progress(0.3 * len(cards) / total, N_("Preparing cards"))

    def drawn(done: int) -> None:
        cancel.check()
        progress(0.3 + 0.7 * done / len(cards), N_("Drawing cards"))

    pdf = card.render(cards, sheet=_card_sheet(settings, sheet), preview=preview,
                      calibration=settings.calibration(printer), progress=drawn)
    record_print(session, "cards", people, **audit_details, sheet=sheet, preview=preview)
    return pdf
