"""Resident card (二地域居住者証 / ふるさと住民登録証): ISO ID-1, front and back.

One card per page (a card printer, page 1 the front, page 2 the back) or 10-up on A4
business-card stock (2 × 5): the fronts on one page, the backs on the next with the columns
mirrored, so that a duplex print flipped on the long edge puts each back behind its front.
What every card shares (band, labels, the whole back) is drawn once as a PDF form and reused.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.printing import fonts, qr
from desktop_app.printing.layout import (
    CARD,
    NO_OFFSET,
    Calibration,
    PdfWriter,
    Sheet,
    pt,
    watermark,
)

BAND = (0.11, 0.36, 0.42)  # deep teal: reads well in colour and in grey
GREY = (0.35, 0.35, 0.35)
QR_SIZE = 24.0
PHOTO = (19.0, 24.0)  # the photo's box on the front, millimetres (width, height)
FAST_QR_FROM = 20  # batches this long draw their QR codes with a fixed mask (see qr.matrix)


@dataclass(frozen=True)
class CardFace:
    """What every card of one print run shares."""

    title: str  # 二地域居住者証 or ふるさと住民登録証
    town: str
    office: str
    back_lines: tuple[str, ...] = ()
    emblem: Path | None = None
    fingerprint: str = ""


@dataclass(frozen=True)
class CardData:
    family_name: str
    given_name: str
    family_kana: str
    given_kana: str
    registrant_no: str
    category: str  # kind and tier as printed: 二地域居住者 / ふるさと住民（プレミアム）
    valid_until: str  # already in the office's date style
    card_code: str
    qr_payload: str
    face: CardFace
    photo: bytes | None = field(default=None, repr=False)


def render(cards: Sequence[CardData], *, sheet: Sheet | None = None, backs: bool = True,
           calibration: Calibration = NO_OFFSET, preview: bool = False,
           progress: Callable[[int], None] | None = None) -> bytes:
    """PDF bytes of `cards`: one per page when `sheet` is None, else laid out on the sheet."""
    if sheet is None:
        return _single(cards, backs, calibration, preview, progress)
    writer = PdfWriter(sheet.page, title="カード", calibration=calibration)
    canvas = writer.canvas
    dx, dy = (sheet.cell_width - CARD[0]) / 2, (sheet.cell_height - CARD[1]) / 2
    for start in range(0, len(cards), sheet.per_page):
        chunk = cards[start:start + sheet.per_page]
        sides = [(False, _front)] + ([(True, _back)] if backs else [])
        for mirrored, draw_side in sides:
            writer.begin_page()
            for index, card in enumerate(chunk):
                left, bottom = sheet.cell_origin(index, mirrored=mirrored)
                canvas.saveState()
                canvas.translate(pt(left + dx), pt(bottom + dy))
                draw_side(canvas, card, preview, len(cards) >= FAST_QR_FROM)
                canvas.restoreState()
            if preview:
                watermark(canvas, sheet.page)
            writer.end_page()
        if progress:
            progress(start + len(chunk))
    return writer.finish()


def _single(cards, backs, calibration, preview, progress) -> bytes:
    writer = PdfWriter(CARD, title="カード", calibration=calibration)
    for number, card in enumerate(cards, 1):
        for draw_side in (_front, _back) if backs else (_front,):
            writer.begin_page()
            draw_side(writer.canvas, card, preview, len(cards) >= FAST_QR_FROM)
            if preview:
                watermark(writer.canvas, CARD)
            writer.end_page()
        if progress:
            progress(number)
    return writer.finish()


def _form_name(prefix: str, face: CardFace) -> str:
    digest = hashlib.sha1(repr(face).encode("utf-8")).hexdigest()[:12]
    return f"{prefix}{digest}"


def _ensure_form(canvas, name: str, draw: Callable[[object], None]) -> None:
    made = canvas.__dict__.setdefault("_futasato_forms", set())
    if name not in made:
        canvas.beginForm(name, lowerx=0, lowery=0, upperx=pt(CARD[0]), uppery=pt(CARD[1]))
        draw(canvas)
        canvas.endForm()
        made.add(name)


def _outline(canvas) -> None:
    canvas.saveState()
    canvas.setStrokeColorRGB(0.75, 0.75, 0.75)
    canvas.setLineWidth(0.3)
    canvas.roundRect(0, 0, pt(CARD[0]), pt(CARD[1]), pt(3.18), stroke=1, fill=0)
    canvas.restoreState()


_LABELS = (("登録番号", 33.2), ("区分", 39.0), ("有効期限", 44.8))


def _labels(canvas, left: float) -> None:
    height = pt(CARD[1])
    canvas.setFillColorRGB(*GREY)
    for label, y in _LABELS:
        fonts.draw(canvas, pt(left), height - pt(y), label, fonts.GOTHIC, 5.5)


def _front_static(face: CardFace, labels: bool = True) -> Callable[[object], None]:
    """What every front of the face shares; the labels beside the values only when no photo
    pushes them right (a card with a photo draws its own)."""
    def draw(canvas) -> None:
        width, height = pt(CARD[0]), pt(CARD[1])
        canvas.setFillColorRGB(*BAND)
        canvas.rect(0, height - pt(10.5), width, pt(10.5), stroke=0, fill=1)
        left = 4.0
        if face.emblem and face.emblem.is_file():
            canvas.drawImage(str(face.emblem), pt(3), height - pt(9.25), pt(8), pt(8),
                             preserveAspectRatio=True, mask="auto")
            left = 12.5
        canvas.setFillColorRGB(1, 1, 1)
        fonts.draw(canvas, pt(left), height - pt(4.4), face.town, fonts.GOTHIC, 6.5,
                   max_width=pt(CARD[0] - left - 4))
        fonts.draw(canvas, pt(left), height - pt(8.9), face.title, fonts.GOTHIC, 10.5,
                   max_width=pt(CARD[0] - left - 4))
        if labels:
            _labels(canvas, 4)
        canvas.setFillColorRGB(*GREY)
        fonts.draw(canvas, pt(4), pt(3.2), "カード番号", fonts.GOTHIC, 5.5)
    return draw


def _front(canvas, card: CardData, preview: bool, fast_qr: bool = False) -> None:
    face = card.face
    name = _form_name("cardfrontphoto" if card.photo else "cardfront", face)
    _ensure_form(canvas, name, _front_static(face, labels=not card.photo))
    canvas.doForm(name)
    height = pt(CARD[1])
    text_left = 4.0
    if card.photo:
        _labels(canvas, 25.0)
        from reportlab.lib.utils import ImageReader

        canvas.drawImage(ImageReader(io.BytesIO(card.photo)), pt(4), height - pt(14 + PHOTO[1]),
                         pt(PHOTO[0]), pt(PHOTO[1]), preserveAspectRatio=True)
        text_left = 25.0
    name_width = pt(CARD[0] - QR_SIZE - 3 - text_left)
    canvas.setFillColorRGB(0, 0, 0)
    kana = f"{card.family_kana}　{card.given_kana}".strip("　")
    fonts.draw(canvas, pt(text_left), height - pt(15.6), kana, fonts.GOTHIC, 6,
               max_width=name_width)
    full_name = f"{card.family_name}　{card.given_name}".strip("　")
    fonts.draw(canvas, pt(text_left), height - pt(22.6), full_name, fonts.GOTHIC, 14,
               max_width=name_width)
    value_left = text_left + 11 if card.photo else 15.5
    value_width = pt(CARD[0] - QR_SIZE - 3 - value_left)
    for value, y in ((card.registrant_no, 33.2), (card.category, 39.0),
                     (card.valid_until, 44.8)):
        fonts.draw(canvas, pt(value_left), height - pt(y), value, fonts.GOTHIC, 8,
                   max_width=value_width)
    fonts.draw(canvas, pt(15.5), pt(3.2), card.card_code, fonts.GOTHIC, 8)
    qr.draw(canvas, card.qr_payload, pt(CARD[0] - QR_SIZE - 2), pt(2), pt(QR_SIZE),
            fast=fast_qr)
    if preview:
        _outline(canvas)


def _back_static(face: CardFace) -> Callable[[object], None]:
    def draw(canvas) -> None:
        height = pt(CARD[1])
        canvas.setFillColorRGB(*BAND)
        canvas.rect(0, height - pt(2), pt(CARD[0]), pt(2), stroke=0, fill=1)
        canvas.setFillColorRGB(0, 0, 0)
        y = height - pt(8)
        for line in face.back_lines:
            y = fonts.draw_paragraph(canvas, pt(4), y, line, fonts.GOTHIC, 6.5, pt(CARD[0] - 8),
                                     pt(3.6)) - pt(1.2)
        canvas.setFillColorRGB(*GREY)
        fonts.draw(canvas, pt(4), pt(7.2), f"発行　{face.office}", fonts.GOTHIC, 6.5,
                   max_width=pt(CARD[0] - 8))
        if face.fingerprint:
            fonts.draw(canvas, pt(4), pt(3.4), f"署名鍵 {face.fingerprint}", fonts.GOTHIC, 5)
    return draw


def _back(canvas, card: CardData, preview: bool, fast_qr: bool = False) -> None:
    name = _form_name("cardback", card.face)
    _ensure_form(canvas, name, _back_static(card.face))
    canvas.doForm(name)
    if preview:
        _outline(canvas)
