"""お試し住宅 宿泊予約確認書 on A4: who stays where and when, the fee, vouchers, house rules."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.printing import fonts
from desktop_app.printing.layout import A4, PdfWriter, pt, watermark

GOTHIC = fonts.GOTHIC
GREETING = ("このたびはお試し住宅をご予約いただき、ありがとうございます。"
            "下記のとおりご予約を承りました。")


@dataclass(frozen=True)
class BookingConfirmation:
    booking_no: str
    guest: str  # 佐藤　花子
    registrant_no: str
    issued_on: str  # 和暦
    rows: tuple[tuple[str, str], ...]  # (label, value): facility, dates, nights, fee, vouchers
    house_rules: str
    town: str
    office: str
    contact: str


def render(data: BookingConfirmation, *, preview: bool = False) -> bytes:
    writer = PdfWriter(A4, title=f"宿泊予約確認書 {data.booking_no}")
    canvas = writer.canvas
    writer.begin_page()
    width, height = pt(A4[0]), pt(A4[1])
    left, right = pt(22), width - pt(22)
    fonts.draw(canvas, right, height - pt(22), f"予約番号　{data.booking_no}", GOTHIC, 10.5,
               align="right")
    fonts.draw(canvas, right, height - pt(28.5), data.issued_on, GOTHIC, 10.5, align="right")
    fonts.draw(canvas, left, height - pt(40), f"{data.guest}　様", GOTHIC, 15,
               max_width=pt(110))
    if data.registrant_no:
        fonts.draw(canvas, left, height - pt(47), f"登録番号　{data.registrant_no}", GOTHIC, 9)
    fonts.draw(canvas, width / 2, height - pt(64), "お試し住宅　宿泊予約確認書", GOTHIC, 20,
               align="center")
    y = fonts.draw_paragraph(canvas, left, height - pt(76), GREETING, GOTHIC, 10.5, right - left,
                             pt(5.5))
    y = _rows(canvas, data.rows, left, right, y - pt(1))
    _rules(canvas, data.house_rules, left, right, y - pt(10))
    canvas.setLineWidth(0.8)
    canvas.line(left, pt(34), right, pt(34))
    fonts.draw(canvas, left, pt(27), "ご予約の変更・取消、当日のご連絡先", GOTHIC, 9)
    contact = "　".join(part for part in (data.town, data.office, data.contact) if part)
    fonts.draw(canvas, left, pt(20), contact, GOTHIC, 11, max_width=right - left)
    if preview:
        watermark(canvas, A4)
    writer.end_page()
    return writer.finish()


def _rows(canvas, rows, left: float, right: float, top: float) -> float:
    row_height, label_width = pt(10), pt(38)
    canvas.setLineWidth(0.6)
    for index, (label, value) in enumerate(rows):
        y = top - index * row_height
        canvas.setFillColorRGB(0.93, 0.95, 0.96)
        canvas.rect(left, y - row_height, label_width, row_height, stroke=1, fill=1)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.rect(left + label_width, y - row_height, right - left - label_width, row_height,
                    stroke=1, fill=0)
        baseline = y - row_height / 2 - 3.5
        fonts.draw(canvas, left + pt(3), baseline, label, GOTHIC, 10)
        fonts.draw(canvas, left + label_width + pt(4), baseline, value, GOTHIC, 11.5,
                   max_width=right - left - label_width - pt(8))
    return top - len(rows) * row_height


def _rules(canvas, rules: str, left: float, right: float, top: float) -> None:
    fonts.draw(canvas, left, top, "■ ご利用にあたってのお願い（ハウスルール）", GOTHIC, 11)
    y = top - pt(8)
    text = rules.strip() or "施設の案内に従ってご利用ください。"
    for line in fonts.wrap(text, GOTHIC, 10, right - left - pt(6)):
        if y < pt(42):  # the rest of the rules would run into the contact line
            fonts.draw(canvas, left + pt(4), y, "（以下、施設の案内をご覧ください）", GOTHIC, 9)
            break
        fonts.draw(canvas, left + pt(4), y, line, GOTHIC, 10)
        y -= pt(5.6)
