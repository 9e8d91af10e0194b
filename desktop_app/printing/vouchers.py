"""宿泊利用券 on A4: four tickets a page, each with serial, value, expiry, terms and a QR code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.printing import fonts, qr
from desktop_app.printing.layout import A4, PdfWriter, pt, watermark

PER_PAGE = 4
TICKET = (190.0, 68.0)
GOTHIC = fonts.GOTHIC


@dataclass(frozen=True)
class VoucherData:
    serial: str
    verification_code: str
    value: str  # 10,000円 / 2泊分
    expires_on: str
    town: str
    facility_note: str
    terms: tuple[str, ...]
    qr_payload: str


def render(vouchers: Sequence[VoucherData], *, preview: bool = False) -> bytes:
    writer = PdfWriter(A4, title="宿泊利用券")
    canvas = writer.canvas
    for start in range(0, len(vouchers), PER_PAGE):
        writer.begin_page()
        for index, voucher in enumerate(vouchers[start:start + PER_PAGE]):
            left = (A4[0] - TICKET[0]) / 2
            bottom = A4[1] - 12 - (index + 1) * TICKET[1] - index * 0.0
            canvas.saveState()
            canvas.translate(pt(left), pt(bottom))
            _ticket(canvas, voucher)
            canvas.restoreState()
        if preview:
            watermark(canvas, A4)
        writer.end_page()
    return writer.finish()


def _ticket(canvas, v: VoucherData) -> None:
    width, height = pt(TICKET[0]), pt(TICKET[1])
    canvas.setDash(3, 3)
    canvas.setStrokeColorRGB(0.6, 0.6, 0.6)
    canvas.setLineWidth(0.4)
    canvas.rect(0, 0, width, height, stroke=1, fill=0)  # cut line
    canvas.setDash()
    canvas.setStrokeColorRGB(0.11, 0.36, 0.42)
    canvas.setLineWidth(1.2)
    canvas.rect(pt(3), pt(3), width - pt(6), height - pt(6), stroke=1, fill=0)
    canvas.setFillColorRGB(0, 0, 0)
    fonts.draw(canvas, pt(9), height - pt(13), f"{v.town}　お試し住宅", GOTHIC, 9)
    fonts.draw(canvas, pt(9), height - pt(24), "宿泊利用券", GOTHIC, 20)
    fonts.draw(canvas, pt(70), height - pt(24), v.value, GOTHIC, 20, max_width=pt(70))
    rows = (("券番号", v.serial), ("確認コード", v.verification_code), ("有効期限", v.expires_on))
    for index, (label, value) in enumerate(rows):
        y = height - pt(34) - index * pt(6.2)
        fonts.draw(canvas, pt(9), y, label, GOTHIC, 8)
        fonts.draw(canvas, pt(30), y, value, GOTHIC, 10.5)
    y = pt(14)
    for line in v.terms:
        y = fonts.draw_paragraph(canvas, pt(9), y, line, GOTHIC, 6.5, pt(TICKET[0] - 62), pt(3.2))
    qr.draw(canvas, v.qr_payload, width - pt(48), pt(8), pt(40))
    fonts.draw(canvas, width - pt(28), pt(6.5), v.facility_note, GOTHIC, 6, align="center")
