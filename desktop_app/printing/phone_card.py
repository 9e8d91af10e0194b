"""The card on the phone (スマホ用登録証): a 1080 × 1920 screen image, or the same as one PDF page.

One layout, laid out once in screen pixels, drawn twice: into a PDF by ReportLab and into a PNG
by Pillow. Pillow rather than Qt, because the command line never imports Qt; rather than
rendering the PDF, because that needs poppler or QtPdf, and a Windows PC at the counter has
neither outside the window. Pillow comes with ReportLab already, and draws each run of text in the
font the PDF uses for it (IPAex, and IPAmj明朝 for 𠮷), measured with the same widths.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from desktop_app.printing import fonts, qr
from desktop_app.printing.card import BAND, GREY, CardData
from desktop_app.printing.layout import PdfWriter

WIDTH, HEIGHT = 1080, 1920  # pixels of a common phone screen, portrait
MM_PER_PIXEL = 0.0625  # the PDF page: 67.5 × 120 mm, about a phone's size in the hand
MARGIN = 64
QR_TOP, QR_MOST = 800, 860  # the code: as wide as the screen allows, so a reader finds it
WHITE, BLACK = (1.0, 1.0, 1.0), (0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # baseline, pixels from the top
    text: str
    size: float
    colour: tuple[float, float, float] = BLACK
    max_width: float = WIDTH - 2 * MARGIN
    align: str = "left"


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float
    colour: tuple[float, float, float]


@dataclass(frozen=True)
class Code:
    left: int
    top: int
    module: int  # pixels per module
    rows: tuple[tuple[int, ...], ...]

    @property
    def size(self) -> int:  # quiet zone included
        return self.module * (len(self.rows) + 2 * qr.QUIET_ZONE)


def layout(card: CardData) -> tuple[list[Box], list[Text], Code]:
    """What to draw: boxes, lines of text and the QR code."""
    boxes = [Box(0, 0, WIDTH, HEIGHT, WHITE), Box(0, 0, WIDTH, 300, BAND)]
    kana = f"{card.family_kana}　{card.given_kana}".strip("　")
    name = f"{card.family_name}　{card.given_name}".strip("　")
    texts = [Text(MARGIN, 110, card.face.town, 48, WHITE),
             Text(MARGIN, 228, card.face.title, 84, WHITE),
             Text(MARGIN, 400, kana, 40),
             Text(MARGIN, 510, name, 104)]
    for row, (label, value) in enumerate((("登録番号", card.registrant_no),
                                          ("区分", card.category),
                                          ("有効期限", card.valid_until))):
        y = 630 + row * 76
        texts += [Text(MARGIN, y, label, 36, GREY),
                  Text(MARGIN + 210, y, value, 52, max_width=WIDTH - 2 * MARGIN - 210)]
    rows = qr.matrix(card.qr_payload)
    modules = len(rows) + 2 * qr.QUIET_ZONE
    code = Code((WIDTH - QR_MOST // modules * modules) // 2, QR_TOP,
                QR_MOST // modules, rows)  # whole pixels per module: sharp on a screen
    bottom = QR_TOP + code.size
    texts += [Text(WIDTH / 2, bottom + 60, f"カード番号 {card.card_code}", 40, GREY,
                   align="center"),
              Text(WIDTH / 2, bottom + 120, f"発行 {card.face.office}", 34, GREY,
                   align="center"),
              Text(WIDTH / 2, HEIGHT - 50, "画面を明るくして、QRコードを読み取ってもらってください",
                   30, GREY, align="center")]
    return boxes, texts, code


def _fitted(text: Text) -> tuple[float, float]:
    """(size, left edge) after shrinking to fit and aligning, in the PDF's own widths."""
    size = fonts.fitted_size(text.text, fonts.GOTHIC, text.size, text.max_width)
    if text.align == "left":
        return size, text.x
    total = fonts.width(text.text, fonts.GOTHIC, size)
    return size, text.x - (total / 2 if text.align == "center" else total)


def render_pdf(card: CardData) -> bytes:
    unit = MM_PER_PIXEL
    writer = PdfWriter((WIDTH * unit, HEIGHT * unit), title="スマホ用登録証")
    canvas = writer.canvas
    writer.begin_page()
    canvas.saveState()
    canvas.scale(unit * 72 / 25.4, unit * 72 / 25.4)  # draw in pixels from here on
    boxes, texts, code = layout(card)
    for box in boxes:
        canvas.setFillColorRGB(*box.colour)
        canvas.rect(box.x, HEIGHT - box.y - box.height, box.width, box.height, stroke=0, fill=1)
    for text in texts:
        size, x = _fitted(text)
        canvas.setFillColorRGB(*text.colour)
        fonts.draw(canvas, x, HEIGHT - text.y, text.text, fonts.GOTHIC, size)
    qr.draw(canvas, card.qr_payload, code.left, HEIGHT - code.top - code.size, code.size)
    canvas.restoreState()
    writer.end_page()
    return writer.finish()


def render_png(card: CardData) -> bytes:
    # Pillow is heavy to import and only a phone card needs it.
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.pdfbase.pdfmetrics import stringWidth

    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    boxes, texts, code = layout(card)
    for box in boxes:
        draw.rectangle((box.x, box.y, box.x + box.width - 1, box.y + box.height - 1),
                       fill=_rgb(box.colour))
    files = fonts.font_files(fonts.GOTHIC)
    loaded: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}
    for text in texts:
        size, x = _fitted(text)
        for font_name, piece in fonts.runs(text.text, fonts.GOTHIC):
            key = (font_name, round(size))
            if key not in loaded:
                loaded[key] = ImageFont.truetype(str(files[font_name]), key[1])
            draw.text((x, text.y), piece, font=loaded[key], fill=_rgb(text.colour), anchor="ls")
            x += stringWidth(piece, font_name, size)
    unit, origin = code.module, qr.QUIET_ZONE * code.module
    for row, cells in enumerate(code.rows):
        for column, dark in enumerate(cells):
            if dark:
                x0, y0 = code.left + origin + column * unit, code.top + origin + row * unit
                draw.rectangle((x0, y0, x0 + unit - 1, y0 + unit - 1), fill="black")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _rgb(colour: tuple[float, float, float]) -> tuple[int, int, int]:
    return tuple(round(part * 255) for part in colour)
