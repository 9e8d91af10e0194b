"""都道府県集計 on one A4 page: towns reported, the main totals, and registrants by town.

`report` is services.prefecture_report.Consolidated, `statuses` its TownStatus list. The chart is
ReportLab's own, its labels in the bundled Japanese font, one bar per town that reported.
"""

from __future__ import annotations

from desktop_app.domain.figure_keys import FIGURES
from desktop_app.printing import fonts
from desktop_app.printing.layout import A4, pt
from desktop_app.printing.return_summary import quarter_page

GOTHIC = fonts.GOTHIC
TITLE = "四半期報告 集計"
BAR_COLOUR = (0.16, 0.38, 0.62)
CHART_KEY = "registrants_end"
MAX_BAR_MM = 10
_TOTAL_KEYS = (
    "registrants_end", "registrants_end_furusato_basic", "registrants_end_furusato_premium",
    "registrants_end_dual", "new_registrations", "renewals", "revocations", "erasures",
    "certificates_issued", "consultations", "bookings", "booking_nights", "voucher_redeemed_yen",
    "houses_contracted", "donation_yen", "volunteer_hours", "events_attended")


def render_prefecture_report(report, statuses, office: str, *,
                             date_style: str = "seireki") -> bytes:
    writer, canvas, height = quarter_page(TITLE, report.quarter, office, date_style)
    missing = [status for status in statuses if not status.reported]
    lines = [
        f"報告済み {report.towns_reported} 団体 / 未報告 {len(missing)} 団体"
        f"（うち個票を読んだもの {report.towns_with_rows} 団体）",
        f"複数の市町村に登録している人 {report.people_in_several_towns:,} 人"
        f"（4 団体以上 {report.people_in_more_than_three_towns:,} 人）",
    ]
    if missing:
        lines.append("未報告: " + "、".join(status.office for status in missing))
    y = height - pt(40)
    for line in lines:
        fonts.draw(canvas, pt(20), y, line, GOTHIC, 9.5, max_width=pt(A4[0]) - pt(40))
        y -= pt(6)
    y = _totals(canvas, y - pt(4), report)
    names = {status.municipality_code: status.office for status in statuses}
    _town_chart(canvas, pt(20), pt(18), y - pt(8) - pt(18),
                [names.get(row["municipality_code"], row["municipality_code"])
                 for row in report.rows],
                [row.get(CHART_KEY, 0) for row in report.rows])
    writer.end_page()
    return writer.finish()


def _totals(canvas, top: float, report) -> float:
    """The main figures' totals in two columns; returns the y below them."""
    keys = [key for key in _TOTAL_KEYS if key in report.total]
    fonts.draw(canvas, pt(20), top, "合計（各団体の最新版）", GOTHIC, 11)
    row_height, half = pt(6), (len(keys) + 1) // 2
    y = top - pt(7)
    for index, key in enumerate(keys):
        left = pt(20) + (index // half) * pt(87)
        line_y = y - (index % half) * row_height
        fonts.draw(canvas, left, line_y, FIGURES[key].text(), GOTHIC, 9, max_width=pt(55))
        fonts.draw(canvas, left + pt(80), line_y, f"{report.total[key]:,}", GOTHIC, 9,
                   align="right")
        canvas.setStrokeColorRGB(0.85, 0.85, 0.85)
        canvas.line(left, line_y - pt(1.8), left + pt(80), line_y - pt(1.8))
        canvas.setStrokeColorRGB(0, 0, 0)
    return y - half * row_height


def _town_chart(canvas, x: float, y: float, height: float, names: list[str],
                values: list[int]) -> None:
    """Registrants at period end by town, one horizontal bar each, filling `height`."""
    # ReportLab's graphics are imported here, as every printing module imports ReportLab lazily.
    from reportlab.graphics import renderPDF
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.lib.colors import Color

    fonts.draw(canvas, x, y + height, "期末の登録者（団体別）", GOTHIC, 11)
    if not names:
        fonts.draw(canvas, x, y + height - pt(8), "報告はまだありません。", GOTHIC, 9.5)
        return
    font = fonts.family(GOTHIC).primary
    bars = min(height - pt(14), len(names) * pt(MAX_BAR_MM))  # a few towns: bars not too thick
    size = max(4.5, min(8.0, bars / len(names) * 0.45))
    drawing = fonts.drawing(pt(170), bars + pt(10))
    chart = HorizontalBarChart()
    chart.x, chart.y = pt(42), pt(6)
    chart.width, chart.height = pt(120), bars
    chart.data = [list(reversed(values))]  # the first town at the top
    chart.categoryAxis.categoryNames = list(reversed(names))
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = size
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.labelTextFormat = lambda value: f"{value:,.0f}"
    chart.bars[0].fillColor = Color(*BAR_COLOUR)
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = lambda value: f"{value:,.0f}"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = size * 0.85
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    drawing.add(chart)
    renderPDF.draw(drawing, canvas, x, y + height - pt(14) - bars)
