"""Numbered A4 certificates (登録証明書): issuing, reissuing (the earlier ones become void) and
voiding. A voided certificate stays on file with its reason, and its QR code verifies as revoked."""

from __future__ import annotations

from datetime import date

from desktop_app.domain.card_payload import CardPayload, Document, attributes_of
from desktop_app.domain.counters import MAIN_OFFICE, counter_mark
from desktop_app.domain.dates import fiscal_year, format_date, format_wareki, short_era_year
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.printing import certificate, fonts
from desktop_app.printing.certificate import CertificateData
from desktop_app.services import print_settings
from desktop_app.services.card_signing import signer
from desktop_app.services.print_settings import PrintSettings
from desktop_app.services.printing.shared import (
    KIND_NAMES,
    category,
    check_names,
    find_registrant,
    full_name,
    home_address,
    kana_name,
    record_print,
    refuse_unless_live,
)
from desktop_app.services.session import Session

CERTIFICATE_TITLES = {"dual": "二地域居住者登録証明書", "furusato": "ふるさと住民登録証明書"}


def certificate_number(day: date, sequence: int, counter: int = MAIN_OFFICE) -> str:
    """`S-R7-00012`; at counter 3 `S-R7-3-00012` (domain/counters.py)."""
    return f"S-{short_era_year(day)}{counter_mark(counter)}-{sequence:05d}"


def _certificate_data(settings: PrintSettings, person: dict, number: str, day: date,
                      payload: str) -> CertificateData:
    style = settings.date_style
    rows = (("フリガナ", kana_name(person)), ("氏名", full_name(person)),
            ("生年月日", format_date(person["birth_date"], style)),
            ("住所", home_address(person)), ("登録番号", person["registrant_no"] or ""),
            ("区分", category(person)),
            ("登録日", format_date(person.get("registered_on"), style)),
            ("有効期限", format_date(person.get("valid_until"), style)))
    kind = KIND_NAMES.get(person["kind"], "")
    body = f"上記の者は、{settings.town_short}の{kind}として登録されていることを証明します。"
    return CertificateData(
        certificate_no=number, title=CERTIFICATE_TITLES.get(person["kind"], "登録証明書"),
        rows=rows, body=body, issued_on=format_wareki(day), town=settings.town,
        mayor_title=settings.mayor_title, mayor_name=settings.mayor_name, qr_payload=payload,
        note=f"証明書番号 {number}" if number else "")


def issue_certificate(session: Session, registrant: str | int, *, kind: str = "registration",
                      preview: bool = False, copies: int = 1, reason: str = "",
                      today: date | None = None) -> tuple[str, bytes]:
    """A numbered 登録証明書; a reissue voids the earlier ones. A preview takes no number.

    The number, the voiding and the audit row are one short transaction; the PDF is drawn
    after it has committed, so another counter on the file never waits for the drawing. If the
    drawing fails, the error reaches the caller and the number stays used: the certificate stays
    on file as issued and audited (numbers are never reused), and issuing again takes the next
    number and voids it as a reissue.
    """
    session.require(Permission.PRINT)
    day = today or date.today()
    person = find_registrant(session, registrant)
    refuse_unless_live(person, N_("{number} is not registered now ({status}): no certificate "
                                  "can be issued."))
    check_names(person, fonts.MINCHO, extra=("address",))
    settings = print_settings.load(session.db)
    if preview:
        pdf = certificate.render(_certificate_data(settings, person, "", day, ""), preview=True)
        record_print(session, "certificate", [person], kind=kind, preview=True)
        return "", pdf
    sign = signer(session)  # before the transaction: a first key is its own audited write
    number = _take_number(session, person, kind, day, reason=reason, copies=copies)
    valid_until = person.get("valid_until")
    payload = sign.sign(CardPayload(settings.municipality_code, Document.CERTIFICATE, number,
                                    date.fromisoformat(valid_until) if valid_until else None,
                                    attributes_of(person["kind"], person.get("tier"))))
    return number, certificate.render(_certificate_data(settings, person, number, day, payload))


def _take_number(session: Session, person: dict, kind: str, day: date, *, reason: str,
                 copies: int) -> str:
    """The next number of the fiscal year, on file as issued and voiding the earlier ones."""
    repository = session.db.certificates
    with session.write("certificate.issue", "certificate") as change:
        counter = session.db.office.counter()
        sequence = session.db.registrants.next_number(
            f"certificate-{fiscal_year(day)}{counter_mark(counter)}")
        number = certificate_number(day, sequence, counter)
        earlier = repository.current(person["id"], kind)
        new_id = repository.insert({
            "certificate_no": number, "registrant_id": person["id"], "kind": kind,
            "issued_on": day.isoformat(), "valid_until": person.get("valid_until"),
            "status": "issued", **session.new_record()})
        for old in earlier:
            repository.void(old["id"], reason.strip() or "再発行", new_id,
                            session.changed_record())
        change.entity_id = number
        change.before = {"voided": [old["certificate_no"] for old in earlier]} if earlier else None
        change.after = {"document": "certificate", "certificate_no": number, "kind": kind,
                        "registrant": person.get("registrant_no"), "copies": copies}
    return number


def void_certificate(session: Session, certificate_no: str, reason: str) -> None:
    """Withdraw a certificate: it stays on file, and its QR code verifies as revoked."""
    session.require(Permission.APPROVE)
    if not reason.strip():
        raise RuleRefused(N_("Give the reason for voiding."), field=N_("Reason"))
    repository = session.db.certificates
    found = repository.by_number(certificate_no.strip().upper())
    if found is None or found["status"] != "issued":
        raise RuleRefused(N_("No issued certificate has the number {number}."),
                          {"number": certificate_no}, field=N_("Certificate number"))
    with session.write("certificate.void", "certificate") as change:
        repository.void(found["id"], reason.strip(), None, session.changed_record())
        change.entity_id = found["certificate_no"]
        change.before, change.after = {"status": "issued"}, {"status": "void",
                                                              "reason": reason.strip()}
