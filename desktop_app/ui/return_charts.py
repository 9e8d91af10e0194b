"""The 報告 page's charts (Qt Charts): bars of this quarter beside the previous one, a pie of the
registrants by kind and tier. Each chart is a QChartView whose contents are replaced whole when
the figures change; labels arrive translated."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication

# The printed summary's colours (printing/return_summary.py), so screen and paper agree.
CURRENT_COLOUR, PREVIOUS_COLOUR = QColor(41, 97, 158), QColor(184, 199, 219)
PIE_COLOURS = (QColor(41, 97, 158), QColor(92, 153, 204), QColor(214, 140, 69))


def chart_view() -> QChartView:
    """An empty chart in the app's font (Qt Charts would otherwise pick its own, without kana)."""
    chart = QChart()
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumSize(240, 200)
    return view


def _fresh(view: QChartView, title: str) -> QChart:
    chart = view.chart()
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)
    font = QApplication.font()
    chart.setTitleFont(font)
    chart.legend().setFont(font)
    chart.setTitle(title)
    return chart


def show_bars(view: QChartView, title: str, categories: Sequence[str],
              bars: Sequence[tuple[str, Sequence[int]]]) -> None:
    """Grouped bars: one set per (name, values), in the order given (this quarter first)."""
    chart = _fresh(view, title)
    series = QBarSeries()
    for (name, values), colour in zip(bars, (CURRENT_COLOUR, PREVIOUS_COLOUR), strict=False):
        bar_set = QBarSet(name)
        bar_set.append([float(value) for value in values])
        bar_set.setColor(colour)
        bar_set.setBorderColor(colour)
        series.append(bar_set)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
    chart.addSeries(series)
    small = QApplication.font()
    small.setPointSizeF(small.pointSizeF() * 0.8)
    across = QBarCategoryAxis()
    across.append(list(categories))
    across.setLabelsFont(small)
    chart.addAxis(across, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(across)
    up = QValueAxis()
    highest = max((value for _name, values in bars for value in values), default=0)
    up.setRange(0, max(1, highest) * 1.15)  # room for the labels above the tallest bar
    up.setLabelFormat("%d")
    up.setLabelsFont(small)
    chart.addAxis(up, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(up)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.legend().setVisible(len(bars) > 1)


def show_pie(view: QChartView, title: str, slices: Sequence[tuple[str, int]]) -> None:
    """One slice per (label, count); an empty quarter shows no slices, only the title."""
    chart = _fresh(view, title)
    series = QPieSeries()
    total = sum(count for _label, count in slices)
    for (label, count), colour in zip(slices, PIE_COLOURS, strict=False):
        if count <= 0:
            continue
        piece = series.append(f"{label} {count:,} ({100 * count / total:.0f}%)", count)
        piece.setColor(colour)
        piece.setLabelVisible(True)
        piece.setLabelFont(QApplication.font())
    series.setPieSize(0.6)
    chart.addSeries(series)
    chart.legend().setVisible(False)
