"""ホーム's four charts (Qt Charts): registrations per month by kind and tier, occupancy per
month per facility, vouchers issued and redeemed per month, houses by status. Each chart is a
QChartView whose contents are replaced whole; a click on it (or on one of its bars) calls back
with what was clicked. Imported when ホーム first has figures to show: Qt Charts costs start-up
time the registry does not need."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QColor, QPainter

from desktop_app.ui.return_charts import CURRENT_COLOUR, PREVIOUS_COLOUR, fresh_chart, small_font

PALETTE = (CURRENT_COLOUR, QColor(224, 130, 40), QColor(90, 160, 90), QColor(160, 80, 150),
           QColor(200, 60, 60), PREVIOUS_COLOUR)


class ClickableChart(QChartView):
    """A chart that says it was clicked: `clicked(None)` anywhere, `clicked(name)` on a bar
    of the set called `name`."""

    clicked = Signal(object)

    def __init__(self, parent=None):
        super().__init__(QChart(), parent)
        chart = self.chart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(0)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(240, 170)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._bar_clicked = False

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            if not self._bar_clicked:
                self.clicked.emit(None)
            self._bar_clicked = False

    def bar_clicked(self, name: str) -> None:
        self._bar_clicked = True
        self.clicked.emit(name)


def _fresh(view: ClickableChart, title: str) -> QChart:
    chart = fresh_chart(view, title)
    chart.legend().setFont(small_font())
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def _names_axis(categories: Sequence[str], title: str) -> QBarCategoryAxis:
    names = QBarCategoryAxis()
    names.append(list(categories))
    names.setLabelsFont(small_font())
    if title:  # 月 under the months' numbers: twelve "10月" do not fit a narrow chart
        names.setTitleText(title)
        names.setTitleFont(small_font())
    return names


def _axes(chart: QChart, series, categories: Sequence[str], highest: float, *,
          across_bottom: bool = True, label_format: str = "%d", title: str = "") -> None:
    names = _names_axis(categories, title)
    values = QValueAxis()
    values.setRange(0, max(4, highest * 1.1))
    values.setTickCount(5)
    values.applyNiceNumbers()
    values.setLabelFormat(label_format)
    values.setLabelsFont(small_font())
    if across_bottom:
        chart.addAxis(names, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    else:
        chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    for one in series if isinstance(series, list) else [series]:
        one.attachAxis(names)
        one.attachAxis(values)


def _bar_sets(view: ClickableChart, series, sets: Sequence[tuple[str, str, Sequence[int]]]):
    for index, (key, name, values) in enumerate(sets):
        bar_set = QBarSet(name)
        bar_set.append([float(value) for value in values])
        bar_set.setColor(PALETTE[index % len(PALETTE)])
        bar_set.setBorderColor(PALETTE[index % len(PALETTE)])
        bar_set.clicked.connect(lambda _index, key=key: view.bar_clicked(key))
        series.append(bar_set)


def show_stacked(view: ClickableChart, title: str, categories: Sequence[str],
                 sets: Sequence[tuple[str, str, Sequence[int]]], *, axis_title: str = ""
                 ) -> None:
    """Stacked bars per category; `sets` are (key for the click, name, values)."""
    chart = _fresh(view, title)
    series = QStackedBarSeries()
    _bar_sets(view, series, sets)
    chart.addSeries(series)
    totals = [sum(values) for values in zip(*(values for _k, _n, values in sets), strict=True)]
    _axes(chart, series, categories, max(totals, default=0), title=axis_title)


def show_grouped(view: ClickableChart, title: str, categories: Sequence[str],
                 sets: Sequence[tuple[str, str, Sequence[int]]], *,
                 horizontal: bool = False, axis_title: str = "") -> None:
    """Bars side by side per category (across, or down the left for long labels)."""
    chart = _fresh(view, title)
    series = QHorizontalBarSeries() if horizontal else QBarSeries()
    if horizontal:  # Qt draws the first category lowest: the list goes in reversed
        categories = list(reversed(categories))
        sets = [(key, name, list(reversed(values))) for key, name, values in sets]
        series.setLabelsVisible(True)
        series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsPrecision(12)
    _bar_sets(view, series, sets)
    chart.addSeries(series)
    _axes(chart, series, categories,
          max((value for _k, _n, values in sets for value in values), default=0),
          across_bottom=not horizontal, title=axis_title)
    chart.legend().setVisible(len(sets) > 1)


def show_lines(view: ClickableChart, title: str, categories: Sequence[str],
               lines: Sequence[tuple[str, Sequence[float]]], *, axis_title: str = "") -> None:
    """A line per (name, values) over the categories, values in percent (0–100)."""
    chart = _fresh(view, title)
    series_list = []
    for index, (name, values) in enumerate(lines):
        series = QLineSeries()
        series.setName(name)
        series.setColor(PALETTE[index % len(PALETTE)])
        series.setPointsVisible(True)
        for position, value in enumerate(values):
            series.append(position + 0.0, float(value))
        chart.addSeries(series)
        series_list.append(series)
    names = _names_axis(categories, axis_title)
    percent = QValueAxis()
    percent.setRange(0, 100)
    percent.setTickCount(5)
    percent.setLabelFormat("%d%%")
    percent.setLabelsFont(small_font())
    chart.addAxis(names, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(percent, Qt.AlignmentFlag.AlignLeft)
    for series in series_list:
        series.attachAxis(names)
        series.attachAxis(percent)
