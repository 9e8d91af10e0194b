"""物件情報シート: one A4 page a published house is shown to the public with.

It carries what the house is (photos, price, size, services), never who owns it: the service
hands this module only the public fields (`services.houses.public_listing`). Questions go to the
town office, whose contact is printed at the foot.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.printing import fonts
from desktop_app.printing.layout import A4, PdfWriter, pt, watermark

GOTHIC = fonts.GOTHIC
ACCENT = (0.11, 0.36, 0.42)
MAX_PHOTOS = 4
MAX_NOTE_LINES = 3
FOOT = pt(34)  # the contact block below this
ROW_HEIGHT = pt(7.5)
NOTE_HEAD, NOTE_LINE = pt(6.5), pt(4.8)


@dataclass(frozen=True)
class ListingPhoto:
    image: bytes  # JPEG as kept in the database
    caption: str = ""


@dataclass(frozen=True)
class ListingSheet:
    listing_no: str
    town: str  # 宮城県石巻市
    headline: str  # 売買・賃貸 / 北上地区
    prices: tuple[tuple[str, str], ...]  # (価格, 3,000,000円)
    rows: tuple[tuple[str, str], ...]  # (label, value) of the house's facts
    notes: tuple[tuple[str, str], ...]  # longer texts: 建物の状態, 修繕の必要
    photos: tuple[ListingPhoto, ...]
    office: str
    contact: str
    issued_on: str  # 和暦


def render(sheet: ListingSheet, *, preview: bool = False) -> bytes:
    """Laid out from both ends: the facts and notes sit above the contact line at the foot,
    and the photos take whatever height is left between them and the prices."""
    writer = PdfWriter(A4, title=f"物件情報シート {sheet.listing_no}")
    canvas = writer.canvas
    writer.begin_page()
    width, height = pt(A4[0]), pt(A4[1])
    left, right = pt(15), width - pt(15)
    _header(canvas, sheet, left, right, height)
    photos_top = _prices(canvas, sheet.prices, left, right, height - pt(44)) - pt(4)
    notes = _note_lines(sheet.notes, right - left - pt(4))
    notes_top = FOOT + sum(NOTE_HEAD + len(lines) * NOTE_LINE for _label, lines in notes)
    facts_top = notes_top + pt(4) + (len(sheet.rows) + 1) // 2 * ROW_HEIGHT
    _photos(canvas, sheet.photos, left, right, photos_top, facts_top + pt(5))
    _facts(canvas, sheet.rows, left, right, facts_top)
    _notes(canvas, notes, left, notes_top)
    _footer(canvas, sheet, left, right)
    if preview:
        watermark(canvas, A4)
    writer.end_page()
    return writer.finish()


def _header(canvas, sheet: ListingSheet, left: float, right: float, height: float) -> None:
    canvas.setFillColorRGB(*ACCENT)
    canvas.rect(0, height - pt(30), pt(A4[0]), pt(30), stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    fonts.draw(canvas, left, height - pt(12), f"{sheet.town}　空き家バンク", GOTHIC, 10)
    fonts.draw(canvas, left, height - pt(24), "物件情報シート", GOTHIC, 20)
    fonts.draw(canvas, right, height - pt(12), f"物件番号　{sheet.listing_no}", GOTHIC, 12,
               align="right")
    fonts.draw(canvas, right, height - pt(24), sheet.headline, GOTHIC, 12, align="right",
               max_width=pt(95))
    canvas.setFillColorRGB(0, 0, 0)


def _prices(canvas, prices, left: float, right: float, top: float) -> float:
    """The money first, large: what a reader looks for before anything else."""
    if not prices:
        return top
    column = (right - left) / len(prices)
    for index, (label, value) in enumerate(prices):
        x = left + index * column
        fonts.draw(canvas, x, top, label, GOTHIC, 9)
        canvas.setFillColorRGB(0.7, 0.1, 0.1)
        fonts.draw(canvas, x, top - pt(9), value, GOTHIC, 18, max_width=column - pt(4))
        canvas.setFillColorRGB(0, 0, 0)
    return top - pt(13)


def _photos(canvas, photos: Sequence[ListingPhoto], left: float, right: float,
            top: float, bottom: float) -> None:
    """Up to four photos, two to a row, each fitted into its box without distortion."""
    from reportlab.lib.utils import ImageReader

    shown = list(photos)[:MAX_PHOTOS]
    if not shown:
        canvas.setStrokeColorRGB(0.7, 0.7, 0.7)
        canvas.rect(left, top - pt(20), right - left, pt(20), stroke=1, fill=0)
        fonts.draw(canvas, (left + right) / 2, top - pt(11.5), "写真は準備中です", GOTHIC, 10,
                   align="center")
        canvas.setStrokeColorRGB(0, 0, 0)
        return
    gap, caption_height = pt(3), pt(5)
    columns = 1 if len(shown) == 1 else 2
    rows = (len(shown) + columns - 1) // columns
    box_width = (right - left - gap * (columns - 1)) / columns
    box_height = min(pt(100), (top - bottom - rows * caption_height - (rows - 1) * gap) / rows)
    if columns == 1:  # one photo: a landscape box in the middle rather than the full width
        box_width = min(box_width, box_height * 4 / 3)
        left = (left + right - box_width) / 2
    for index, photo in enumerate(shown):
        row, column = divmod(index, columns)
        x = left + column * (box_width + gap)
        y = top - row * (box_height + caption_height + gap)
        image = ImageReader(io.BytesIO(photo.image))
        pixels_w, pixels_h = image.getSize()
        scale = min(box_width / pixels_w, box_height / pixels_h)
        draw_w, draw_h = pixels_w * scale, pixels_h * scale
        canvas.setFillColorRGB(0.94, 0.94, 0.94)
        canvas.rect(x, y - box_height, box_width, box_height, stroke=0, fill=1)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.drawImage(image, x + (box_width - draw_w) / 2, y - box_height
                         + (box_height - draw_h) / 2, draw_w, draw_h)
        if photo.caption:
            fonts.draw(canvas, x, y - box_height - pt(3.8), photo.caption, GOTHIC, 8,
                       max_width=box_width)


def _facts(canvas, rows, left: float, right: float, top: float) -> float:
    """The facts in two columns of label | value cells."""
    row_height, label_width = ROW_HEIGHT, pt(24)
    half = (right - left) / 2
    canvas.setLineWidth(0.5)
    canvas.setStrokeColorRGB(0.55, 0.55, 0.55)
    lines = (len(rows) + 1) // 2
    for index, (label, value) in enumerate(rows):
        column, line = divmod(index, lines)
        x, y = left + column * half, top - line * row_height
        canvas.setFillColorRGB(0.9, 0.94, 0.95)
        canvas.rect(x, y - row_height, label_width, row_height, stroke=1, fill=1)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.rect(x + label_width, y - row_height, half - label_width, row_height, stroke=1,
                    fill=0)
        baseline = y - row_height / 2 - 3
        fonts.draw(canvas, x + pt(2), baseline, label, GOTHIC, 8.5, max_width=label_width - pt(3))
        fonts.draw(canvas, x + label_width + pt(2), baseline, value, GOTHIC, 9.5,
                   max_width=half - label_width - pt(4))
    canvas.setStrokeColorRGB(0, 0, 0)
    return top - lines * row_height


def _note_lines(notes, max_width: float) -> list[tuple[str, list[str]]]:
    wrapped = []
    for label, text in notes:
        if text:
            lines = fonts.wrap(text, GOTHIC, 9, max_width)
            if len(lines) > MAX_NOTE_LINES:
                lines = [*lines[:MAX_NOTE_LINES - 1], lines[MAX_NOTE_LINES - 1][:-1] + "…"]
            wrapped.append((label, lines))
    return wrapped


def _notes(canvas, notes, left: float, top: float) -> None:
    y = top
    for label, lines in notes:
        fonts.draw(canvas, left, y - pt(4.5), f"■ {label}", GOTHIC, 9.5)
        y -= NOTE_HEAD
        for line in lines:
            fonts.draw(canvas, left + pt(4), y - pt(3.5), line, GOTHIC, 9)
            y -= NOTE_LINE


def _footer(canvas, sheet: ListingSheet, left: float, right: float) -> None:
    canvas.setStrokeColorRGB(*ACCENT)
    canvas.setLineWidth(1)
    canvas.line(left, pt(30), right, pt(30))
    fonts.draw(canvas, left, pt(24), "お問い合わせ・内覧のお申し込み", GOTHIC, 9)
    contact = "　".join(part for part in (sheet.office, sheet.contact) if part)
    fonts.draw(canvas, left, pt(17), contact, GOTHIC, 11, max_width=right - left)
    fonts.draw(canvas, left, pt(10), "所有者の同意を得て掲載しています。"
               "所有者へ直接のお問い合わせはご遠慮ください。", GOTHIC, 7.5)
    fonts.draw(canvas, right, pt(10), f"作成日　{sheet.issued_on}", GOTHIC, 7.5, align="right")
