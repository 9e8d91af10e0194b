"""A pre-filled application form (登録申請書) the person checks and signs at the counter, and the
sheet with the office's public key for checkers (the prefecture, partner shops)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.printing import fonts, qr
from desktop_app.printing.layout import A4, PdfWriter, pt, watermark

GOTHIC = fonts.GOTHIC


@dataclass(frozen=True)
class ApplicationForm:
    title: str
    addressed_to: str  # 石巻市長　様
    rows: tuple[tuple[str, str], ...]
    choices: tuple[tuple[str, tuple[str, ...], int], ...]  # label, options, index ticked (-1)
    declaration: str
    office_rows: tuple[str, ...]


def render_form(form: ApplicationForm, *, preview: bool = False) -> bytes:
    writer = PdfWriter(A4, title=form.title)
    canvas = writer.canvas
    writer.begin_page()
    width, height = pt(A4[0]), pt(A4[1])
    left, right = pt(20), width - pt(20)
    fonts.draw(canvas, width / 2, height - pt(25), form.title, GOTHIC, 18, align="center")
    fonts.draw(canvas, left, height - pt(38), form.addressed_to, GOTHIC, 11)
    fonts.draw(canvas, right, height - pt(38), "令和　　年　　月　　日", GOTHIC, 11, align="right")
    top = height - pt(46)
    row_height, label_width = pt(11), pt(36)
    canvas.setLineWidth(0.6)
    rows = [*form.rows, *((label, "") for label, _, _ in form.choices)]
    for index, (label, value) in enumerate(rows):
        y = top - index * row_height
        canvas.setFillColorRGB(0.93, 0.95, 0.95)
        canvas.rect(left, y - row_height, label_width, row_height, stroke=0, fill=1)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.rect(left, y - row_height, right - left, row_height, stroke=1, fill=0)
        canvas.line(left + label_width, y, left + label_width, y - row_height)
        baseline = y - row_height / 2 - 3.5
        fonts.draw(canvas, left + pt(3), baseline, label, GOTHIC, 10)
        fonts.draw(canvas, left + label_width + pt(4), baseline, value, GOTHIC, 11,
                   max_width=right - left - label_width - pt(8))
    for number, (_label, options, ticked) in enumerate(form.choices):
        y = top - (len(form.rows) + number) * row_height - row_height / 2 - 3.5
        x = left + label_width + pt(4)
        labels = [f"{'■' if index == ticked else '□'} {option}" for index, option in
                  enumerate(options)]
        room = right - x - pt(4) - pt(6) * (len(labels) - 1)
        size = min(11.0, 11.0 * room / sum(fonts.width(text, GOTHIC, 11) for text in labels))
        for text in labels:
            fonts.draw(canvas, x, y, text, GOTHIC, size)
            x += fonts.width(text, GOTHIC, size) + pt(6)
    y = top - len(rows) * row_height - pt(10)
    y = fonts.draw_paragraph(canvas, left, y, form.declaration, GOTHIC, 10, right - left, pt(6))
    y -= pt(10)
    fonts.draw(canvas, right - pt(95), y, "署名", GOTHIC, 11)
    canvas.line(right - pt(82), y - pt(2), right, y - pt(2))
    y -= pt(22)
    fonts.draw(canvas, left, y, "以下は職員記入欄", GOTHIC, 9)
    box_width = (right - left) / max(1, len(form.office_rows))
    for index, label in enumerate(form.office_rows):
        x = left + index * box_width
        canvas.rect(x, y - pt(24), box_width, pt(20), stroke=1, fill=0)
        fonts.draw(canvas, x + pt(2), y - pt(8), label, GOTHIC, 8)
    if preview:
        watermark(canvas, A4)
    writer.end_page()
    return writer.finish()


CARD_KEY_NOTE = ("この公開鍵で、当団体が発行したカード・証明書・宿泊利用券のQRコードを照合でき"
                 "ます。受け取った鍵のフィンガープリントが、この紙と一致することを確かめてください。")


def render_key_sheet(town: str, fingerprint: str, pem: str, created: str, *,
                     title: str = "QRコード署名用公開鍵", note: str = CARD_KEY_NOTE,
                     details: tuple[str, ...] = ()) -> bytes:
    """The public key as a printed page: fingerprint large, the PEM text, and a QR of the PEM.

    `details`: lines printed under the fingerprint (the office and its 団体コード, say)."""
    writer = PdfWriter(A4, title=title)
    canvas = writer.canvas
    writer.begin_page()
    width, height = pt(A4[0]), pt(A4[1])
    fonts.draw(canvas, width / 2, height - pt(30), f"{town}　{title}", GOTHIC, 16,
               align="center")
    fonts.draw(canvas, pt(25), height - pt(50), "フィンガープリント", GOTHIC, 10)
    fonts.draw(canvas, pt(25), height - pt(62), fingerprint, GOTHIC, 22)
    fonts.draw(canvas, pt(25), height - pt(72), f"作成 {created}　方式 Ed25519", GOTHIC, 9)
    top = height - pt(72)
    for line in details:
        top -= pt(5)
        fonts.draw(canvas, pt(25), top, line, GOTHIC, 9)
    y = top - pt(16)
    for line in pem.strip().splitlines():  # in the embedded font: Courier is not embedded
        fonts.draw(canvas, pt(25), y, line, GOTHIC, 9)
        y -= pt(4.5)
    y -= pt(8)
    y = fonts.draw_paragraph(canvas, pt(25), y, note, GOTHIC, 10, width - pt(50), pt(6))
    qr.draw(canvas, pem.strip(), pt(20), y - pt(70), pt(65))
    writer.end_page()
    return writer.finish()
