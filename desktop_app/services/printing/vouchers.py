"""The sheet of a voucher batch (宿泊利用券): the still-usable vouchers, four to an A4 page, each
with its verification code and signed QR code."""

from __future__ import annotations

from datetime import date

from desktop_app.domain.card_payload import CardPayload, Document
from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.printing import vouchers as voucher_sheet
from desktop_app.printing.vouchers import VoucherData
from desktop_app.services import print_settings
from desktop_app.services.card_signing import signer
from desktop_app.services.printing.shared import record_print
from desktop_app.services.session import Session

VOUCHER_TERMS = (
    "この券は、お試し住宅の宿泊にご利用いただけます。予約の際に券番号をお伝えください。",
    "有効期限を過ぎた券、破損して券番号の読めない券は使用できません。換金はできません。",
)


def print_vouchers(session: Session, batch_id: int, *, preview: bool = False) -> bytes:
    """The still-issued vouchers of a batch, four to an A4 page, each with its signed QR code."""
    session.require(Permission.PRINT)
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
    pdf = voucher_sheet.render(data, preview=preview)
    if not preview:
        record_print(session, "vouchers", entity_id=batch_id,
                     serials=[v["serial"] for v in vouchers])
    return pdf
