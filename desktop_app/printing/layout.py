"""Paper, sheets and printer calibration shared by the templates. Lengths are millimetres."""

from __future__ import annotations

import io
from dataclasses import dataclass

from desktop_app.printing import fonts

MM = 72 / 25.4  # PDF points per millimetre
A4 = (210.0, 297.0)
CARD = (85.6, 53.98)  # ISO/IEC 7810 ID-1


def pt(millimetres: float) -> float:
    return millimetres * MM


@dataclass(frozen=True)
class Calibration:
    """How far a printer misplaces what it prints; added to every position (mm, right/down +)."""

    x: float = 0.0
    y: float = 0.0


@dataclass(frozen=True)
class Sheet:
    """A sheet of equal cells: business-card or label stock. Margins are to the first cell."""

    columns: int
    rows: int
    cell_width: float
    cell_height: float
    margin_left: float
    margin_top: float
    gap_x: float = 0.0
    gap_y: float = 0.0
    page: tuple[float, float] = A4

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def cell_origin(self, index: int, *, mirrored: bool = False) -> tuple[float, float]:
        """Lower-left corner (mm from the page's lower left) of cell `index` on its page.

        `mirrored` swaps the columns: the backs of a duplex sheet flipped on its long edge.
        """
        row, column = divmod(index % self.per_page, self.columns)
        left = self.margin_left + column * (self.cell_width + self.gap_x)
        if mirrored:  # the same cell seen from the other side of the paper
            left = self.page[0] - left - self.cell_width
        top = self.margin_top + row * (self.cell_height + self.gap_y)
        return left, self.page[1] - top - self.cell_height


NO_OFFSET = Calibration()

# A4 business-card stock, 10 cells of 91 × 55 mm (the common マルチカード layout).
CARD_SHEET = Sheet(columns=2, rows=5, cell_width=91.0, cell_height=55.0, margin_left=14.0,
                   margin_top=11.0)
# A4 address labels, 12 cells of 86.4 × 42.3 mm.
LABEL_SHEET = Sheet(columns=2, rows=6, cell_width=86.4, cell_height=42.3, margin_left=18.6,
                    margin_top=21.5)


class PdfWriter:
    """A ReportLab canvas writing to memory, with calibration applied to every page."""

    def __init__(self, page: tuple[float, float], *, title: str,
                 calibration: Calibration = NO_OFFSET):
        from reportlab import rl_config
        from reportlab.pdfgen.canvas import Canvas

        rl_config.useA85 = 0  # binary streams: a fifth smaller, and no time spent on ASCII85
        self.buffer = io.BytesIO()
        self.page = page
        self.calibration = calibration
        self.canvas = Canvas(self.buffer, pagesize=(pt(page[0]), pt(page[1])), pageCompression=1,
                             invariant=1,
                             # ReportLab's own default, Helvetica, is never embedded: start the
                             # canvas (each page and form) in the embedded Japanese font instead.
                             initialFontName=fonts.family(fonts.GOTHIC).primary)
        self.canvas.setTitle(title)
        self.canvas.setAuthor("Futasato")
        self.canvas.setCreator("Futasato")
        self._page_open = False

    def begin_page(self) -> None:
        if self._page_open:
            self.canvas.showPage()
        self._page_open = True
        self.canvas.saveState()
        self.canvas.translate(pt(self.calibration.x), -pt(self.calibration.y))

    def end_page(self) -> None:
        self.canvas.restoreState()

    def finish(self) -> bytes:
        if self._page_open:
            self.canvas.showPage()
        self.canvas.save()
        return self.buffer.getvalue()


def watermark(canvas, page: tuple[float, float], text: str = "見本") -> None:
    """A large, light, diagonal word over the page: previews can never pass as the real thing."""
    canvas.saveState()
    canvas.setFillColorRGB(0.85, 0.2, 0.2, alpha=0.22)
    canvas.translate(pt(page[0]) / 2, pt(page[1]) / 2)
    canvas.rotate(35)
    size = min(pt(page[0]), pt(page[1])) * 0.42
    fonts.draw(canvas, 0, -size / 3, text, fonts.GOTHIC, size, align="center")
    canvas.restoreState()
