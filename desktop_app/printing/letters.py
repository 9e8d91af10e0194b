"""Address labels (宛名ラベル, A4 label stock) and A4 letters for 長形3号 window envelopes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.printing import fonts
from desktop_app.printing.layout import A4, NO_OFFSET, Calibration, PdfWriter, Sheet, pt, watermark

# Where a 長形3号 window sits when an A4 letter is folded in three (from the sheet's top left).
WINDOW = (22.0, 14.0, 92.0, 42.0)  # left, top, width, height in mm


@dataclass(frozen=True)
class Addressee:
    postal_code: str
    address: str
    name: str  # without 様
    registrant_no: str = ""


@dataclass(frozen=True)
class Letter:
    to: Addressee
    sender: tuple[str, ...]  # town, office, contact
    date: str
    title: str
    paragraphs: tuple[str, ...]
    facts: tuple[tuple[str, str], ...] = ()


def _address_block(canvas, a: Addressee, left: float, top: float, width: float,
                   family: str, size: float) -> None:
    fonts.draw(canvas, left, top - size, f"〒{a.postal_code}" if a.postal_code else "", family,
               size * 0.9)
    y = top - size * 2.4
    for line in fonts.wrap(a.address, family, size, width)[:3]:
        fonts.draw(canvas, left, y, line, family, size)
        y -= size * 1.35
    y -= size * 0.6
    fonts.draw(canvas, left + pt(4), y - size * 0.4, f"{a.name}　様", family, size * 1.4,
               max_width=width - pt(4))
    if a.registrant_no:
        fonts.draw(canvas, left + width, top - size, a.registrant_no, family, size * 0.7,
                   align="right")


def render_labels(people: Sequence[Addressee], sheet: Sheet, *,
                  calibration: Calibration = NO_OFFSET, preview: bool = False) -> bytes:
    writer = PdfWriter(sheet.page, title="宛名ラベル", calibration=calibration)
    canvas = writer.canvas
    for start in range(0, len(people), sheet.per_page):
        writer.begin_page()
        for index, person in enumerate(people[start:start + sheet.per_page]):
            left, bottom = sheet.cell_origin(index)
            if preview:
                canvas.setStrokeColorRGB(0.8, 0.8, 0.8)
                canvas.roundRect(pt(left), pt(bottom), pt(sheet.cell_width),
                                 pt(sheet.cell_height), pt(2), stroke=1, fill=0)
            _address_block(canvas, person, pt(left + 6), pt(bottom + sheet.cell_height - 5),
                           pt(sheet.cell_width - 12), fonts.GOTHIC, 10)
        if preview:
            watermark(canvas, sheet.page)
        writer.end_page()
    return writer.finish()


def render_letters(letters: Sequence[Letter], *, preview: bool = False) -> bytes:
    writer = PdfWriter(A4, title="お知らせ")
    canvas = writer.canvas
    width, height = pt(A4[0]), pt(A4[1])
    family = fonts.MINCHO
    for letter in letters:
        writer.begin_page()
        left, top, w, _h = WINDOW
        _address_block(canvas, letter.to, pt(left), height - pt(top), pt(w), family, 11)
        y = height - pt(28)
        for line in (letter.date, *letter.sender):
            fonts.draw(canvas, width - pt(20), y, line, family, 10, align="right")
            y -= pt(5.5)
        fonts.draw(canvas, width / 2, height - pt(110), letter.title, family, 17, align="center")
        y = height - pt(126)
        for paragraph in letter.paragraphs:
            y = fonts.draw_paragraph(canvas, pt(25), y, "　" + paragraph, family, 11,
                                     width - pt(50), pt(7)) - pt(3)
        y -= pt(4)
        for label, value in letter.facts:
            fonts.draw(canvas, pt(40), y, label, family, 11)
            fonts.draw(canvas, pt(80), y, value, family, 11)
            y -= pt(7.5)
        # fold marks for the window envelope, in the margin
        canvas.setStrokeColorRGB(0.6, 0.6, 0.6)
        for fold in (99.0, 198.0):
            canvas.line(0, height - pt(fold), pt(5), height - pt(fold))
        if preview:
            watermark(canvas, A4)
        writer.end_page()
    return writer.finish()
