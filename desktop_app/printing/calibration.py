"""The printer calibration page: where a printer really puts a mark meant for a known spot.

Printed with no offsets. A cross is drawn exactly 150 mm from the paper's left edge and 40 mm
from its top, with millimetre rulers through it; the clerk measures where the cross landed and types
the two differences (right and down are positive) into the print settings, which shift every
later card, label and sheet by that much.
"""

from __future__ import annotations

from desktop_app.printing import fonts
from desktop_app.printing.layout import A4, CARD, CARD_SHEET, PdfWriter, pt

MARK_X, MARK_Y = 150.0, 40.0  # mm from the left edge and from the top edge
RULER = 20  # mm each side of the mark


def render_calibration_page(printer: str = "") -> bytes:
    writer = PdfWriter(A4, title="印刷位置の調整")
    canvas = writer.canvas
    writer.begin_page()
    x, y = pt(MARK_X), pt(A4[1] - MARK_Y)
    canvas.setLineWidth(0.3)
    canvas.line(x - pt(RULER), y, x + pt(RULER), y)
    canvas.line(x, y - pt(RULER), x, y + pt(RULER))
    for mm in range(-RULER, RULER + 1):
        tick = pt(3 if mm % 10 == 0 else 2 if mm % 5 == 0 else 1)
        canvas.line(x + pt(mm), y - tick, x + pt(mm), y + tick)
        canvas.line(x - tick, y + pt(mm), x + tick, y + pt(mm))
    canvas.circle(x, y, pt(1.5))
    # The first card cell of the 10-up sheet, outlined where the stock's first card should be.
    left = CARD_SHEET.margin_left + (CARD_SHEET.cell_width - CARD[0]) / 2
    top = CARD_SHEET.margin_top + (CARD_SHEET.cell_height - CARD[1]) / 2
    canvas.setDash(2, 2)
    canvas.rect(pt(left), pt(A4[1] - top - CARD[1]), pt(CARD[0]), pt(CARD[1]))
    canvas.setDash()
    lines = ("印刷位置の調整ページ" + (f"（{printer}）" if printer else ""),
             f"十字の中心は、用紙の左端から {MARK_X:.0f} mm、上端から {MARK_Y:.0f} mm の位置に"
             "印刷されるはずです。",
             "定規で実際の位置を測り、ずれ（右と下が＋）を設定の「印刷位置の調整」に入力してください。",
             "例: 左端から 151.5 mm、上端から 39 mm なら、横 1.5 mm、縦 −1 mm。",
             "左上の点線の枠は、名刺用紙（10面）の1枚目のカードの位置です。")
    baseline = A4[1] - 85
    for number, line in enumerate(lines):
        size = 14 if number == 0 else 10
        fonts.draw(canvas, pt(20), pt(baseline), line, fonts.GOTHIC, size, max_width=pt(170))
        baseline -= 9 if number == 0 else 6.5
    writer.end_page()
    return writer.finish()
