"""The 報告 page's charts (Qt Charts): bars of this quarter beside the previous one. Each chart
is a QChartView whose contents are replaced whole when the figures change; labels arrive
translated."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QApplication

# The printed summary's colours (printing/return_summary.py), so screen and paper agree.
CURRENT_COLOUR, PREVIOUS_COLOUR = QColor(41, 97, 158), QColor(184, 199, 219)


def chart_view() -> QChartView:
    """An empty chart in the app's font (Qt Charts would otherwise pick its own, without kana)."""
    chart = QChart()
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumSize(240, 200)
    return view


def fresh_chart(view: QChartView, title: str) -> QChart:
    """The view's chart emptied of series and axes, titled, in the app's font."""
    chart = view.chart()
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)
    font = QApplication.font()
    chart.setTitleFont(font)
    chart.legend().setFont(font)
    chart.setTitle(title)
    return chart


def small_font() -> QFont:
    small = QApplication.font()
    small.setPointSizeF(small.pointSizeF() * 0.8)
    return small


def show_bars(view: QChartView, title: str, categories: Sequence[str],
              bars: Sequence[tuple[str, Sequence[int]]]) -> None:
    """Grouped horizontal bars (the labels, in Japanese often long, have the room at the left):
    one set per (name, values), this quarter first, the first category at the top."""
    chart = fresh_chart(view, title)
    series = QHorizontalBarSeries()
    # Qt draws the first category and the first set lowest: both go in reversed.
    for (name, values), colour in reversed(list(zip(bars, (CURRENT_COLOUR, PREVIOUS_COLOUR),
                                                    strict=False))):
        bar_set = QBarSet(name)
        bar_set.append([float(value) for value in reversed(values)])
        bar_set.setColor(colour)
        bar_set.setBorderColor(colour)
        bar_set.setLabelColor(QColor(30, 30, 30))
        bar_set.setLabelFont(small_font())
        series.append(bar_set)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
    series.setLabelsPrecision(12)  # whole numbers, never 1.2e+03
    chart.addSeries(series)
    down = QBarCategoryAxis()
    down.append(list(reversed(categories)))
    down.setLabelsFont(small_font())
    chart.addAxis(down, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(down)
    across = QValueAxis()
    highest = max((value for _name, values in bars for value in values), default=0)
    across.setRange(0, max(4, highest * 1.15))  # room for the labels beyond the longest bar
    across.setTickCount(5)
    across.applyNiceNumbers()
    across.setLabelFormat("%d")
    across.setLabelsFont(small_font())
    chart.addAxis(across, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(across)
    legend = chart.legend()
    legend.setAlignment(Qt.AlignmentFlag.AlignBottom)
    legend.setReverseMarkers(True)  # this quarter first, as the sets are added reversed
    legend.setVisible(len(bars) > 1)
