"""Forms handed over the counter: the application form pre-filled from the register (書かない窓口),
and the sheet of the office's public signing key for whoever verifies its QR codes."""

from __future__ import annotations

from desktop_app.domain.dates import format_date
from desktop_app.domain.roles import Permission
from desktop_app.printing.calibration import render_calibration_page
from desktop_app.printing.forms import ApplicationForm, render_form, render_key_sheet
from desktop_app.services import print_settings
from desktop_app.services.card_signing import ensure_key, public_key_pem
from desktop_app.services.printing.shared import (
    check_names,
    find_registrant,
    full_name,
    home_address,
    kana_name,
    postal_code,
    record_print,
)
from desktop_app.services.session import Session
from desktop_app.store.records import now_iso

KINDS = ("ふるさと住民（ベーシック）", "ふるさと住民（プレミアム）", "二地域居住者")
# The consents the person gives with the application, as ticked at the counter: each a row of
# its own, so the person signs for what they agreed to and what they did not.
CONSENTS = (("consent_newsletter", "お知らせの送付"),
            ("consent_sharing", "支援法人への提供"),
            ("consent_photo", "証への顔写真"))
AGREE = ("同意する", "同意しない")


def print_application_form(session: Session, registrant: str | int, *,
                           preview: bool = False) -> bytes:
    """The person's details as entered, for them to check and sign at the counter."""
    session.require(Permission.PRINT)
    person = find_registrant(session, registrant)
    check_names(person, extra=("address",))
    settings = print_settings.load(session.db)
    rows = (("フリガナ", kana_name(person)), ("氏名", full_name(person)),
            ("生年月日", format_date(person["birth_date"], settings.date_style)),
            ("郵便番号", postal_code(person)), ("住所", home_address(person)),
            ("電話番号", person.get("phone") or ""), ("メール", person.get("email") or ""))
    ticked = 2 if person["kind"] == "dual" else (1 if person.get("tier") == "premium" else 0)
    form = ApplicationForm(
        title=f"{settings.town_short}　登録申請書", addressed_to=f"{settings.mayor_title}　様",
        rows=rows, choices=(("登録の区分", KINDS, ticked), *(
            (label, AGREE, 0 if person.get(name) else 1) for name, label in CONSENTS)),
        declaration=("上記のとおり登録を申請します。記載事項に誤りがないことを確認しました。"
                     "登録された情報は、登録制度の運営のためにのみ利用されます。"),
        office_rows=("受付", "本人確認", "入力", "承認"))
    pdf = render_form(form, preview=preview)
    record_print(session, "application_form", [person], preview=preview)
    return pdf


def print_calibration_page(session: Session, printer: str = "") -> bytes:
    """The page a printer's offsets are measured on; printed with none applied."""
    session.require(Permission.PRINT)
    return render_calibration_page(printer)


def print_public_key(session: Session) -> bytes:
    """The office's current public key and fingerprint on A4, for a verifier to keep."""
    key = ensure_key(session)
    settings = print_settings.load(session.db)
    pdf = render_key_sheet(settings.town, key["fingerprint"],
                           public_key_pem(bytes(key["public_key"])), key["created_at"][:10])
    record_print(session, "public_key", entity_id=key["fingerprint"])
    return pdf


def print_exchange_key(session: Session) -> bytes:
    """The office's exchange public key on A4, for the prefecture to register on paper."""
    from desktop_app.services.exchange_keys import exchange_key

    session.require(Permission.SIGN_OFF)
    key = exchange_key(session.db)
    office = session.db.office.get()
    settings = print_settings.load(session.db)
    pdf = render_key_sheet(
        settings.town, key["fingerprint"], bytes(key["public_key"]).decode("ascii"),
        format_date(key["created_at"][:10], settings.date_style), title="報告用署名公開鍵",
        note=("この公開鍵で、当団体が提出する四半期報告の署名を検証できます。都道府県は、受け取った"
              "鍵ファイルのフィンガープリントがこの紙と一致することを確かめてから登録してください。"),
        details=(f"団体　{office['municipality_name']}　{office['office_name']}",
                 f"団体コード　{office['municipality_code']}",
                 f"印刷日　{format_date(now_iso()[:10], settings.date_style)}"))
    record_print(session, "exchange_key", entity_id=key["fingerprint"])
    return pdf
