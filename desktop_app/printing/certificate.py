"""登録証明書 on A4 in Mincho: number, title, details, then the 和暦 date (once, above the issuer),
the office head as 設定 names them, the seal box and the QR code."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.printing import fonts, qr
from desktop_app.printing.layout import A4, PdfWriter, pt, watermark

MINCHO = fonts.MINCHO


@dataclass(frozen=True)
class CertificateData:
    certificate_no: str  # empty on a preview: no number is taken for it
    title: str
    rows: tuple[tuple[str, str], ...]  # (label, value) of the person's details
    body: str
    issued_on: str  # 和暦
    town: str
    mayor_title: str
    mayor_name: str
    qr_payload: str = ""
    note: str = ""


def render(data: CertificateData, *, preview: bool = False) -> bytes:
    writer = PdfWriter(A4, title=data.title)
    canvas = writer.canvas
    writer.begin_page()
    width, height = pt(A4[0]), pt(A4[1])
    right = width - pt(25)
    number = f"第 {data.certificate_no} 号" if data.certificate_no else "第　　　　　号"
    fonts.draw(canvas, right, height - pt(25), number, MINCHO, 11, align="right")
    fonts.draw(canvas, width / 2, height - pt(62), data.title, MINCHO, 24, align="center",
               max_width=width - pt(50))
    _details(canvas, data.rows, top=height - pt(85))
    y = height - pt(85) - pt(12) * len(data.rows) - pt(16)
    y = fonts.draw_paragraph(canvas, pt(30), y, data.body, MINCHO, 12.5, width - pt(60), pt(8))
    _signature(canvas, data, top=min(y - pt(22), pt(100)))
    if data.qr_payload:
        qr.draw(canvas, data.qr_payload, pt(22), pt(18), pt(30))
        for index, line in enumerate(("この証明書の真正性は、左のQRコードで確かめられます。",
                                      data.note)):
            fonts.draw(canvas, pt(54), pt(36) - index * pt(6), line, MINCHO, 8.5)
    if preview:
        watermark(canvas, A4)
    writer.end_page()
    return writer.finish()


def _details(canvas, rows, top: float) -> None:
    left, label_width, row_height = pt(30), pt(34), pt(12)
    width = pt(A4[0]) - 2 * left
    canvas.setLineWidth(0.6)
    for index, (label, value) in enumerate(rows):
        y = top - index * row_height
        canvas.rect(left, y - row_height, width, row_height, stroke=1, fill=0)
        canvas.line(left + label_width, y, left + label_width, y - row_height)
        baseline = y - row_height / 2 - 4
        fonts.draw(canvas, left + pt(3), baseline, label, MINCHO, 11)
        fonts.draw(canvas, left + label_width + pt(4), baseline, value, MINCHO, 12,
                   max_width=width - label_width - pt(8))


def _signature(canvas, data: CertificateData, top: float) -> None:
    """The issuer's line, with the square where the official seal (公印) is pressed."""
    seal = pt(24)
    right = pt(A4[0]) - pt(25)
    canvas.setStrokeColorRGB(0.55, 0.55, 0.55)
    canvas.setDash(2, 2)
    canvas.rect(right - seal, top - seal / 2 - pt(4), seal, seal, stroke=1, fill=0)
    canvas.setDash()
    canvas.setFillColorRGB(0.6, 0.6, 0.6)
    fonts.draw(canvas, right - seal / 2, top - pt(6), "印", MINCHO, 10, align="center")
    canvas.setFillColorRGB(0, 0, 0)
    name_right = right - seal - pt(6)
    fonts.draw(canvas, name_right, top + pt(10), data.issued_on, MINCHO, 12, align="right")
    issuer = f"{data.mayor_title}　{data.mayor_name}".strip("　")
    fonts.draw(canvas, name_right, top - pt(6), issuer, MINCHO, 15, align="right",
               max_width=name_right - pt(60))
