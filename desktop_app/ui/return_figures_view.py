"""A quarter's figures on screen: the sections of domain/figure_keys.py as one table (this
quarter, the previous one, the difference) beside three charts of this quarter against the
previous one: registrants by kind and tier, the period's changes, the period's other counts."""

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

from desktop_app.domain.figure_keys import FIGURES, KIND_TIERS, SECTIONS, kind_tier_key
from desktop_app.i18n import _
from desktop_app.ui.return_charts import chart_view, show_bars

KEY_ROLE = Qt.ItemDataRole.UserRole
KIND_KEYS = tuple(kind_tier_key(kind, tier) for kind, tier in KIND_TIERS)
CHANGE_KEYS = ("applications", "new_registrations", "renewals", "revocations", "erasures")
# The period's headline counts the comparison chart sets side by side (the register's size is
# the pie's, and would dwarf them).
HEADLINE_KEYS = ("new_registrations", "certificates_issued", "consultations", "bookings",
                 "voucher_redeemed", "houses_contracted", "events_attended")
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
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
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
        self.setStretchFactor(0, 1)
        self.setStretchFactor(1, 1)
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
        # A quarter's label on two lines (年度 / 四半期) keeps its column as narrow as its numbers.
        self.table.setHeaderLabels([_("Figure"), now_label.replace(" ", "\n"),
                                    before_label.replace(" ", "\n"), _("Difference")])
        for key, item in self.items.items():
            item.setText(1, f"{now[key]:,}")
            item.setText(2, f"{before[key]:,}" if before else "—")
            item.setText(3, difference(now[key], before[key] if before else None))
        # Wide enough for every column: the charts take what is left.
        self.table.setMinimumWidth(min(640, self.table.header().length() + 28))
        quarters = [(_("This quarter"), now)] + ([(_("Previous quarter"), before)]
                                                 if before else [])
        for view, title, keys in (
                (self.kinds_chart, _("Registrants at period end by kind"), KIND_KEYS),
                (self.changes_chart, _("Changes in the period"), CHANGE_KEYS),
                (self.compare_chart, _("Other figures of the period"), HEADLINE_KEYS)):
            # "ふるさと住民 ベーシック" on two lines (axis labels take rich text): little room.
            show_bars(view, title, [FIGURES[key].text().replace(" ", "<br>", 1) for key in keys],
                      [(label, [flat[key] for key in keys]) for label, flat in quarters])

    def retranslate(self) -> None:
        for number, section in enumerate(SECTIONS):
            top = self.table.topLevelItem(number)
            top.setText(0, section.text())
            for figure in section.figures:
                self.items[figure.key].setText(0, figure.text())
