"""四半期報告 概要 on A4: the quarter's main figures beside the previous quarter's, with charts.

Charts are ReportLab's own (reportlab.graphics), their labels in the bundled Japanese font.
`figures` and `previous` are services.return_figures.QuarterFigures (anything with `.quarter`
and `.flat`); labels come from domain/figure_keys.py in the current language.
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.domain.dates import format_date
from desktop_app.domain.figure_keys import FIGURES, KIND_TIERS, kind_tier_key
from desktop_app.printing import fonts
from desktop_app.printing.layout import A4, PdfWriter, pt

GOTHIC = fonts.GOTHIC
TITLE = "四半期報告 概要"
CURRENT_COLOUR, PREVIOUS_COLOUR = (0.16, 0.38, 0.62), (0.72, 0.78, 0.86)
# The figures the comparison table shows, by section title; the rest are in the CSV files.
_SUMMARY_KEYS = (
    "registrants_end", "registrants_end_furusato_basic", "registrants_end_furusato_premium",
    "registrants_end_dual", "applications", "new_registrations", "renewals", "revocations",
    "erasures", "certificates_issued", "certificates_voided", "consultations", "bookings",
    "booking_nights", "booking_persons", "voucher_issued", "voucher_issued_yen",
    "voucher_redeemed", "voucher_redeemed_yen", "houses_listed", "houses_published",
    "houses_contracted", "donation_yen", "volunteer_hours", "events_attended")
_CHANGE_KEYS = ("applications", "new_registrations", "renewals", "revocations", "erasures")


def quarter_page(title: str, quarter, office: str, date_style: str):
    """An A4 page headed with the title, the quarter, the office and the period: the writer,
    its canvas and the page height (the return summary and the prefecture's report)."""
    label = quarter.label(date_style)
    writer = PdfWriter(A4, title=f"{title} {label}")
    canvas = writer.canvas
    writer.begin_page()
    width, height = pt(A4[0]), pt(A4[1])
    fonts.draw(canvas, pt(20), height - pt(22), f"{title}　{label}", GOTHIC, 17,
               max_width=width - pt(40))
    period = f"{format_date(quarter.start, date_style)} 〜 {format_date(quarter.end, date_style)}"
    fonts.draw(canvas, pt(20), height - pt(30), f"{office}　対象期間 {period}", GOTHIC, 9.5,
               max_width=width - pt(40))
    return writer, canvas, height


def render_return_summary(figures, previous, out_path: Path, office: str, *,
                          date_style: str = "seireki") -> Path:
    """Write the summary PDF to `out_path` and return it; `previous` may be None."""
    quarter = figures.quarter
    label = quarter.label(date_style)
    writer, canvas, height = quarter_page(TITLE, quarter, office, date_style)
    before = previous.flat if previous else None
    before_label = previous.quarter.label(date_style) if previous else "—"
    _legend(canvas, pt(20), height - pt(38), label, before_label)
    kinds = [FIGURES[kind_tier_key(kind, tier)].text() for kind, tier in KIND_TIERS]
    _bar_chart(canvas, pt(20), height - pt(108), "期末の登録者（種別・区分）", kinds,
               [figures.flat[kind_tier_key(k, t)] for k, t in KIND_TIERS],
               [before[kind_tier_key(k, t)] for k, t in KIND_TIERS] if before else None)
    _bar_chart(canvas, pt(110), height - pt(108), "期間中の異動",
               [FIGURES[key].text() for key in _CHANGE_KEYS],
               [figures.flat[key] for key in _CHANGE_KEYS],
               [before[key] for key in _CHANGE_KEYS] if before else None)
    _table(canvas, height - pt(118), figures.flat, before, label, before_label)
    writer.end_page()
    out_path = Path(out_path)
    out_path.write_bytes(writer.finish())
    return out_path


def _legend(canvas, x: float, y: float, current: str, previous: str) -> None:
    for index, (colour, text) in enumerate(((CURRENT_COLOUR, current),
                                            (PREVIOUS_COLOUR, f"前期 {previous}"))):
        left = x + index * pt(75)
        canvas.setFillColorRGB(*colour)
        canvas.rect(left, y - 1, pt(4), pt(3), stroke=0, fill=1)
        canvas.setFillColorRGB(0, 0, 0)
        fonts.draw(canvas, left + pt(6), y, text, GOTHIC, 8.5)


def _bar_chart(canvas, x: float, y: float, title: str, names: list[str], values: list[int],
               previous: list[int] | None) -> None:
    """A grouped bar chart, 80 × 62 mm, with its bottom-left corner at (x, y)."""
    # ReportLab's graphics are imported here, as every printing module imports ReportLab lazily.
    from reportlab.graphics import renderPDF
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.lib.colors import Color

    font = fonts.family(GOTHIC).primary
    drawing = fonts.drawing(pt(80), pt(62))
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = pt(12), pt(14), pt(64), pt(42)
    chart.data = [previous, values] if previous is not None else [values]
    chart.categoryAxis.categoryNames = [_short(name) for name in names]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.angle = 0
    chart.categoryAxis.labels.dy = -2
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.labelTextFormat = lambda value: f"{value:,.0f}"
    chart.barSpacing, chart.groupSpacing = 1, 6
    colours = [PREVIOUS_COLOUR, CURRENT_COLOUR] if previous is not None else [CURRENT_COLOUR]
    for index, colour in enumerate(colours):
        chart.bars[index].fillColor = Color(*colour)
        chart.bars[index].strokeColor = None
    chart.barLabelFormat = lambda value: f"{value:,.0f}"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 5.5
    chart.barLabels.nudge = 5
    drawing.add(chart)
    renderPDF.draw(drawing, canvas, x, y)
    fonts.draw(canvas, x + pt(4), y + pt(60), title, GOTHIC, 10)


def _short(name: str) -> str:
    """A category label that fits under its bar: ふるさと住民 ベーシック → two lines."""
    return name.replace(" ", "\n", 1)


def _table(canvas, top: float, flat: dict[str, int], before: dict[str, int] | None,
           label: str, before_label: str) -> None:
    left, row_height = pt(20), pt(6.4)
    columns = (pt(20) + pt(82), pt(20) + pt(118), pt(20) + pt(154))  # right edges
    for text, right in zip(("今期", "前期", "増減"), columns, strict=True):
        fonts.draw(canvas, right, top, text, GOTHIC, 9, align="right")
    canvas.setLineWidth(0.5)
    canvas.line(left, top - pt(1.8), pt(20) + pt(170), top - pt(1.8))
    y = top - row_height
    for key in _SUMMARY_KEYS:
        now = flat[key]
        fonts.draw(canvas, left, y, FIGURES[key].text(), GOTHIC, 9, max_width=pt(62))
        cells = [f"{now:,}", "—", "—"]
        if before is not None:
            change = now - before[key]
            cells[1:] = [f"{before[key]:,}", f"{change:+,}" if change else "±0"]
        for text, right in zip(cells, columns, strict=True):
            fonts.draw(canvas, right, y, text, GOTHIC, 9, align="right")
        canvas.setStrokeColorRGB(0.85, 0.85, 0.85)
        canvas.line(left, y - pt(1.8), pt(20) + pt(170), y - pt(1.8))
        canvas.setStrokeColorRGB(0, 0, 0)
        y -= row_height
    fonts.draw(canvas, left, y - pt(2), "全ての数値は報告パッケージの figures.json と各 CSV に"
               "あります。前期比は同じ基準で計算した前四半期の数値との差です。", GOTHIC, 7.5)
