"""Printing as use cases: gather the data, refuse what cannot print, sign, render, audit.

Each function returns PDF bytes. A preview renders the same document with the 見本 watermark and
writes nothing; a real print (or a PDF saved for printing) writes one audit row saying who printed
what, for whom, and how many copies. Long batches take a `Progress` and a `CancelFlag`
(`domain/progress.py`), so the GUI can run them on its worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from desktop_app.domain.card_payload import CardPayload, Document, attributes_of
from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.progress import NEVER_CANCELLED, CancelFlag, Progress, no_progress
from desktop_app.domain.registrant import STATUS_LABELS, Status
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.printing import fonts
from desktop_app.services import print_settings, registrant_lookup
from desktop_app.services.card_signing import Signer, signer
from desktop_app.services.session import Session

LIVE = (Status.REGISTERED.value, Status.RENEWED.value)
CARD_TITLES = {"dual": "二地域居住者証", "furusato": "ふるさと住民登録証"}
KIND_NAMES = {"dual": "二地域居住者", "furusato": "ふるさと住民"}
TIER_NAMES = {"basic": "ベーシック", "premium": "プレミアム"}
# Status words of the CLI's --status, as a clerk says them, and the stored values.
STATUS_WORDS = {"登録": ("registered", "renewed"), "申請中": ("applied",), "更新": ("renewed",),
                "失効": ("expired",), "取消": ("revoked",)}
NAME_FIELDS = (("family_name", N_("Family name")), ("given_name", N_("Given name")),
               ("family_kana", N_("Family kana")), ("given_kana", N_("Given kana")))


def category(person: dict) -> str:
    name = KIND_NAMES.get(person["kind"], person["kind"])
    tier = TIER_NAMES.get(person.get("tier") or "")
    return f"{name}（{tier}）" if tier else name


def full_name(person: dict) -> str:
    return f"{person['family_name']}　{person['given_name']}".strip("　")


def find_registrant(session: Session, number_or_id: str | int) -> dict:
    """A registrant by 登録番号 (R7-000123) or by internal id."""
    return registrant_lookup.find_registrant(session.db, number_or_id)


def check_names(person: dict, family_name: str = fonts.GOTHIC, extra: Sequence[str] = ()) -> None:
    """Refuse before printing when the fonts lack a character of the person's name or address."""
    fields = [(label, person.get(key) or "") for key, label in NAME_FIELDS]
    if "address" in extra:
        fields.append((N_("Address"), f"{person.get('prefecture', '')}{person.get('city', '')}"
                                      f"{person.get('address', '')}"))
    fonts.check_printable(fields, family_name, who=person.get("registrant_no") or "")


def _audit(session: Session, document: str, people: Sequence[dict], copies: int,
           entity_id: int | str | None = None, **details) -> None:
    with session.write("print." + document, "print") as change:
        change.entity_id = entity_id if entity_id is not None else (
            people[0]["id"] if len(people) == 1 else None)
        change.after = {"document": document, "copies": copies,
                        "registrants": [p.get("registrant_no") or p["id"] for p in people],
                        **details}


# Cards ----------------------------------------------------------------------------------------

def _card_face(settings, person: dict, fingerprint: str):
    from desktop_app.printing.card import CardFace

    kind = KIND_NAMES.get(person["kind"], "")
    contact = f"（{settings.contact}）" if settings.contact else ""
    back = (f"この証は、{settings.town_short}の{kind}として登録されていることを示すものです。",
            "記載事項に変更があったときは、速やかに届け出てください。",
            f"拾得された方は、{settings.office}{contact}までお届けください。",
            "表面のQRコードで、この証が本物であることを確かめられます。")
    return CardFace(title=CARD_TITLES.get(person["kind"], "登録証"), town=settings.town,
                    office=settings.office, back_lines=back, emblem=settings.emblem,
                    fingerprint=fingerprint)


def card_data(settings, sign: Signer, person: dict, faces: dict | None = None):
    from desktop_app.printing.card import CardData

    if person["status"] not in LIVE or not person.get("valid_until"):
        raise RuleRefused(N_("{number} is not registered now ({status}): no card can be printed."),
                          {"number": person.get("registrant_no") or person["id"],
                           "status": STATUS_LABELS[Status(person["status"])]}, field=N_("Status"))
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
        card_code=person["card_code"], qr_payload=sign.sign(payload), face=faces[key])


def print_card(session: Session, registrant: str | int, *, sheet: str = "single",
               preview: bool = False, printer: str | None = None, copies: int = 1) -> bytes:
    """One person's card, front and back: one per page, or in the first cell of an A4 sheet."""
    session.require(Permission.PRINT)
    from desktop_app.printing import card

    person = find_registrant(session, registrant)
    settings = print_settings.load(session.db)
    data = card_data(settings, signer(session), person)
    pdf = card.render([data] * copies, sheet=_card_sheet(settings, sheet), preview=preview,
                      calibration=settings.calibration(printer))
    if not preview:
        _audit(session, "card", [person], copies, sheet=sheet)
    return pdf


def _card_sheet(settings, sheet: str):
    if sheet == "single":
        return None
    if sheet == "a4-10up":
        return settings.card_sheet
    raise RuleRefused(N_("{sheet} is not a card layout (single, a4-10up)."), {"sheet": sheet},
                      field=N_("Sheet"))


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


def _print_card_batch(session: Session, people_in_order, total: int, *, sheet: str,
                      preview: bool, printer: str | None, progress: Progress, cancel: CancelFlag,
                      audit_details: dict) -> bytes:
    """Check every card first (payload, fonts), then draw them all; audited unless a preview."""
    from desktop_app.printing import card

    settings = print_settings.load(session.db)
    sign = signer(session)
    people, cards, faces = [], [], {}
    for person in people_in_order:
        cancel.check()
        cards.append(card_data(settings, sign, person, faces))
        people.append(person)
        if (len(cards) % 100 == 0 or len(cards) == total):
            progress(0.3 * len(cards) / total, N_("Preparing cards"))

    def drawn(done: int) -> None:
        cancel.check()
        progress(0.3 + 0.7 * done / len(cards), N_("Drawing cards"))

    pdf = card.render(cards, sheet=_card_sheet(settings, sheet), preview=preview,
                      calibration=settings.calibration(printer), progress=drawn)
    if not preview:
        _audit(session, "cards", people, 1, sheet=sheet, **audit_details)
    return pdf


def statuses_from_word(word: str) -> tuple[str, ...]:
    """登録 → registered and renewed; also accepts the stored English values."""
    if word in STATUS_WORDS:
        return STATUS_WORDS[word]
    if word in {s.value for s in Status}:
        return (word,)
    raise RuleRefused(N_("{status} is not a status ({choices})."),
                      {"status": word, "choices": ", ".join(STATUS_WORDS)}, field=N_("Status"))


# Certificates ---------------------------------------------------------------------------------

CERTIFICATE_TITLES = {"dual": "二地域居住者登録証明書", "furusato": "ふるさと住民登録証明書"}


def _certificate_data(settings, person: dict, number: str, day: date, payload: str):
    from desktop_app.domain.dates import format_wareki
    from desktop_app.printing.certificate import CertificateData

    style = settings.date_style
    kana = f"{person['family_kana']}　{person['given_kana']}".strip("　")
    address = f"{person['prefecture']}{person['city']}{person['address']}"
    rows = (("氏名", full_name(person)), ("ふりがな", kana),
            ("生年月日", format_date(person["birth_date"], style)),
            ("住所", address), ("登録番号", person["registrant_no"] or ""),
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


def certificate_number(day: date, sequence: int) -> str:
    from desktop_app.domain.dates import short_era_year

    return f"S-{short_era_year(day)}-{sequence:05d}"


def issue_certificate(session: Session, registrant: str | int, *, kind: str = "registration",
                      preview: bool = False, copies: int = 1, reason: str = "",
                      today: date | None = None) -> tuple[str, bytes]:
    """A numbered 登録証明書; a reissue voids the earlier ones. A preview takes no number."""
    session.require(Permission.PRINT)
    from desktop_app.domain.dates import fiscal_year
    from desktop_app.printing import certificate

    day = today or date.today()
    person = find_registrant(session, registrant)
    if person["status"] not in LIVE:
        raise RuleRefused(N_("{number} is not registered now ({status}): no certificate can be "
                             "issued."), {"number": person.get("registrant_no") or person["id"],
                                          "status": STATUS_LABELS[Status(person["status"])]},
                          field=N_("Status"))
    check_names(person, fonts.MINCHO, extra=("address",))
    settings = print_settings.load(session.db)
    if preview:
        return "", certificate.render(_certificate_data(settings, person, "", day, ""),
                                      preview=True)
    sign = signer(session)
    repository = session.db.certificates
    with session.write("certificate.issue", "certificate") as change:
        sequence = session.db.registrants.next_number(f"certificate-{fiscal_year(day)}")
        number = certificate_number(day, sequence)
        earlier = repository.current(person["id"], kind)
        new_id = repository.insert({
            "certificate_no": number, "registrant_id": person["id"], "kind": kind,
            "issued_on": day.isoformat(), "valid_until": person.get("valid_until"),
            "status": "issued", **session.new_record()})
        for old in earlier:
            repository.void(old["id"], reason.strip() or "再発行", new_id,
                            session.changed_record())
        payload = sign.sign(CardPayload(settings.municipality_code, Document.CERTIFICATE, number,
                                        date.fromisoformat(person["valid_until"])
                                        if person.get("valid_until") else None,
                                        attributes_of(person["kind"], person.get("tier"))))
        pdf = certificate.render(_certificate_data(settings, person, number, day, payload))
        change.entity_id = number
        change.before = {"voided": [old["certificate_no"] for old in earlier]} if earlier else None
        change.after = {"document": "certificate", "certificate_no": number, "kind": kind,
                        "registrant": person.get("registrant_no"), "copies": copies}
    return number, pdf


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


# Vouchers, labels, letters, forms -------------------------------------------------------------

VOUCHER_TERMS = (
    "この券は、お試し住宅の宿泊にご利用いただけます。予約の際に券番号をお伝えください。",
    "有効期限を過ぎた券、破損して券番号の読めない券は使用できません。換金はできません。",
)


def print_vouchers(session: Session, batch_id: int, *, preview: bool = False) -> bytes:
    """The still-issued vouchers of a batch, four to an A4 page, each with its signed QR code."""
    session.require(Permission.PRINT)
    from desktop_app.printing.vouchers import VoucherData, render

    if session.db.vouchers.batch(batch_id) is None:
        raise RuleRefused(N_("There is no voucher batch {batch}."), {"batch": batch_id},
                          field=N_("Batch"))
    vouchers = [v for v in session.db.vouchers.of_batch(batch_id) if v["status"] == "issued"]
    if not vouchers:
        raise RuleRefused(N_("No voucher of batch {batch} can still be used."),
                          {"batch": batch_id}, field=N_("Batch"))
    settings = print_settings.load(session.db)
    sign = signer(session)
    data = [VoucherData(
        serial=v["serial"], verification_code=v["verification_code"],
        value=f"{v['value']:,}円" if v["unit"] == "yen" else f"{v['value']}泊分",
        expires_on=format_date(v["expires_on"], settings.date_style), town=settings.town,
        facility_note=v["serial"], terms=VOUCHER_TERMS,
        qr_payload=sign.sign(CardPayload(settings.municipality_code, Document.VOUCHER,
                                         v["serial"], date.fromisoformat(v["expires_on"]))))
        for v in vouchers]
    pdf = render(data, preview=preview)
    if not preview:
        with session.write("print.vouchers", "print") as change:
            change.entity_id = batch_id
            change.after = {"document": "vouchers", "copies": 1,
                            "serials": [v["serial"] for v in vouchers]}
    return pdf


def select_people(session: Session, numbers: Sequence[str], status: str | None) -> list[dict]:
    """The registrants named, or everyone with the status (for labels and letters)."""
    if numbers:
        return [find_registrant(session, number) for number in numbers]
    if status:
        return list(session.db.registrants.by_status(statuses_from_word(status)))
    raise RuleRefused(N_("Name the registrants, or give a status."), field=N_("Registrant"))


def _addressee(person: dict):
    from desktop_app.printing.letters import Addressee

    postal = person.get("postal_code") or ""
    if len(postal) == 7 and postal.isdigit():
        postal = f"{postal[:3]}-{postal[3:]}"
    return Addressee(postal, f"{person['prefecture']}{person['city']}{person['address']}",
                     full_name(person), person.get("registrant_no") or "")


def print_labels(session: Session, people: Sequence[dict], *, preview: bool = False,
                 printer: str | None = None) -> bytes:
    session.require(Permission.PRINT)
    from desktop_app.printing.letters import render_labels

    if not people:
        raise RuleRefused(N_("Nobody to print."), field=N_("Registrant"))
    for person in people:
        check_names(person, extra=("address",))
    settings = print_settings.load(session.db)
    pdf = render_labels([_addressee(p) for p in people], settings.label_sheet,
                        calibration=settings.calibration(printer), preview=preview)
    if not preview:
        _audit(session, "labels", people, 1)
    return pdf


LETTERS = {
    "renewal": ("登録更新のご案内", (
        "日頃より{town}の取組にご協力いただき、ありがとうございます。",
        "あなたの登録は下記の日に有効期限を迎えます。引き続き登録を希望される場合は、期限までに"
        "窓口または郵送で更新のお手続きをお願いします。")),
    "expiry": ("登録の有効期限のお知らせ", (
        "あなたの登録は下記の日をもって有効期限を過ぎました。",
        "再度の登録を希望される場合は、{office}の窓口までお問い合わせください。")),
}


def print_letters(session: Session, people: Sequence[dict], *, kind: str = "renewal",
                  preview: bool = False, today: date | None = None) -> bytes:
    """Renewal notices or expiry reminders, addressed for a 長形3号 window envelope."""
    session.require(Permission.PRINT)
    from desktop_app.printing.letters import Letter, render_letters

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
    if not preview:
        _audit(session, "letters", people, 1, kind=kind)
    return pdf


def print_application_form(session: Session, registrant: str | int, *,
                           preview: bool = False) -> bytes:
    """The person's details as entered, for them to check and sign at the counter."""
    session.require(Permission.PRINT)
    from desktop_app.printing.forms import ApplicationForm, render_form

    person = find_registrant(session, registrant)
    check_names(person, extra=("address",))
    settings = print_settings.load(session.db)
    kana = f"{person['family_kana']}　{person['given_kana']}".strip("　")
    postal = _addressee(person).postal_code
    rows = (("ふりがな", kana), ("氏名", full_name(person)),
            ("生年月日", format_date(person["birth_date"], settings.date_style)),
            ("郵便番号", postal),
            ("住所", f"{person['prefecture']}{person['city']}{person['address']}"),
            ("電話番号", person.get("phone") or ""), ("メール", person.get("email") or ""))
    kinds = ("ふるさと住民（ベーシック）", "ふるさと住民（プレミアム）", "二地域居住者")
    ticked = 2 if person["kind"] == "dual" else (1 if person.get("tier") == "premium" else 0)
    form = ApplicationForm(
        title=f"{settings.town_short}　登録申請書", addressed_to=f"{settings.mayor_title}　様",
        rows=rows, choices=(("登録の区分", kinds, ticked),),
        declaration=("上記のとおり登録を申請します。記載事項に誤りがないことを確認しました。"
                     "登録された情報は、登録制度の運営のためにのみ利用されます。"),
        office_rows=("受付", "本人確認", "入力", "承認"))
    pdf = render_form(form, preview=preview)
    if not preview:
        _audit(session, "application_form", [person], 1)
    return pdf


def print_public_key(session: Session) -> bytes:
    from desktop_app.printing.forms import render_key_sheet
    from desktop_app.services.card_signing import ensure_key, public_key_pem

    key = ensure_key(session)
    settings = print_settings.load(session.db)
    pdf = render_key_sheet(settings.town, key["fingerprint"],
                           public_key_pem(bytes(key["public_key"])), key["created_at"][:10])
    with session.write("print.public_key", "print") as change:
        change.entity_id = key["fingerprint"]
        change.after = {"document": "public_key", "copies": 1}
    return pdf
