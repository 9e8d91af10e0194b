"""A quarter's figures on screen: the sections of domain/figure_keys.py as one table (this
quarter, the previous one, the difference) beside three charts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from desktop_app.domain.figure_keys import KIND_TIERS, SECTIONS, kind_tier_key
from desktop_app.i18n import _
from desktop_app.ui.return_charts import chart_view, show_bars, show_pie

KEY_ROLE = Qt.ItemDataRole.UserRole
CHANGE_KEYS = ("applications", "new_registrations", "renewals", "revocations", "erasures")
# The headline figures the comparison chart sets side by side.
HEADLINE_KEYS = ("registrants_end", "certificates_issued", "consultations", "bookings",
                 "voucher_redeemed", "houses_contracted", "events_attended")
_FIGURES = {figure.key: figure for section in SECTIONS for figure in section.figures}
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LONG_SECTIONS = ("home_pref_00",)  # sections shown folded: 48 prefectures are a long list


def difference(now: int, before: int | None) -> str:
    if before is None:
        return ""
    change = now - before
    return f"+{change:,}" if change > 0 else f"−{-change:,}" if change < 0 else "±0"


class FiguresView(QSplitter):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.table = QTreeWidget()
        self.table.setColumnCount(4)
        self.table.setAlternatingRowColors(True)
        self.table.setUniformRowHeights(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.items: dict[str, QTreeWidgetItem] = {}
        self._build_items()
        charts = QWidget()
        grid = QGridLayout(charts)
        grid.setContentsMargins(0, 0, 0, 0)
        self.kinds_chart, self.changes_chart, self.compare_chart = (
            chart_view(), chart_view(), chart_view())
        grid.addWidget(self.kinds_chart, 0, 0)
        grid.addWidget(self.changes_chart, 0, 1)
        grid.addWidget(self.compare_chart, 1, 0, 1, 2)
        self.addWidget(self.table)
        self.addWidget(charts)
        self.setStretchFactor(0, 4)
        self.setStretchFactor(1, 5)
        self.setChildrenCollapsible(False)

    def _build_items(self) -> None:
        bold = QFont(self.table.font())
        bold.setBold(True)
        for section in SECTIONS:
            top = QTreeWidgetItem(self.table)
            top.setFont(0, bold)
            top.setFirstColumnSpanned(True)
            for figure in section.figures:
                item = QTreeWidgetItem(top)
                item.setData(0, KEY_ROLE, figure.key)
                for column in (1, 2, 3):
                    item.setTextAlignment(column, _RIGHT)
                self.items[figure.key] = item
            top.setExpanded(section.figures[0].key not in _LONG_SECTIONS)

    def shown(self, key: str) -> tuple[str, str, str]:
        """(this quarter, previous quarter, difference) as the table shows `key`."""
        item = self.items[key]
        return item.text(1), item.text(2), item.text(3)

    def show_figures(self, now: dict[str, int], before: dict[str, int] | None,
                     now_label: str, before_label: str) -> None:
        self.table.setHeaderLabels([_("Figure"), now_label, before_label, _("Difference")])
        for key, item in self.items.items():
            item.setText(1, f"{now[key]:,}")
            item.setText(2, f"{before[key]:,}" if before else "—")
            item.setText(3, difference(now[key], before[key] if before else None))
        for column in (1, 2, 3):
            self.table.resizeColumnToContents(column)
        quarters = [(now_label, now)] + ([(before_label, before)] if before else [])
        show_pie(self.kinds_chart, _("Registrants at period end by kind"),
                 [(_FIGURES[kind_tier_key(k, t)].text(), now[kind_tier_key(k, t)])
                  for k, t in KIND_TIERS])
        show_bars(self.changes_chart, _("Changes in the period"),
                  [_FIGURES[key].text() for key in CHANGE_KEYS],
                  [(label, [flat[key] for key in CHANGE_KEYS]) for label, flat in quarters])
        show_bars(self.compare_chart, _("This quarter and the previous one"),
                  [_FIGURES[key].text() for key in HEADLINE_KEYS],
                  [(label, [flat[key] for key in HEADLINE_KEYS]) for label, flat in quarters])

    def retranslate(self) -> None:
        for number, section in enumerate(SECTIONS):
            top = self.table.topLevelItem(number)
            top.setText(0, section.text())
            for figure in section.figures:
                self.items[figure.key].setText(0, figure.text())
