"""The table model at stress scale: it reads windows of rows, never the whole register."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from desktop_app.i18n import _
from desktop_app.services.registrant_list import ListQuery, RegistrantList
from desktop_app.ui.registrant_table_model import (
    COLUMNS,
    KEEP_WINDOWS,
    WINDOW,
    RegistrantTableModel,
)
from desktop_app.ui.registrant_view import RegistrantView

MILLION = 1_000_000


class MillionRegistrants:
    """Stands in for RegistrantList over 1,000,000 rows and records what is asked of it."""

    def __init__(self):
        self.windows: list[tuple[ListQuery, int, int]] = []

    def count(self, query: ListQuery) -> int:
        return MILLION if not query.text else 3

    def window(self, query: ListQuery, offset: int, limit: int, *,
               audited: bool = False) -> list[dict]:
        self.windows.append((query, offset, limit))
        last = min(offset + limit, self.count(query))
        return [self._row(number) for number in range(offset, last)]

    @staticmethod
    def _row(number: int) -> dict:
        return {"id": number + 1, "registrant_no": f"R7-{number + 1:07d}", "family_name": "佐藤",
                "given_name": f"{number}", "family_kana": "サトウ", "given_kana": "タロウ",
                "birth_date": (date(1950, 1, 1) + timedelta(days=number % 20000)).isoformat(),
                "kind": "dual", "tier": None, "status": "registered", "prefecture": "宮城県",
                "city": "石巻市", "phone": "0225-00-0000", "valid_until": None}


@pytest.fixture
def million():
    return MillionRegistrants()


def test_a_million_rows_are_counted_not_loaded(million):
    model = RegistrantTableModel(million)
    assert model.rowCount() == MILLION
    assert million.windows == []
    assert model.index(MILLION - 1, 0).data() == "R7-1000000"
    assert million.windows == [(ListQuery(), MILLION - WINDOW, WINDOW)]


def test_the_cache_stays_bounded_while_scrolling_the_whole_list(million):
    model = RegistrantTableModel(million)
    for row in range(0, MILLION, MILLION // 500):
        model.index(row, 1).data()
    assert model.cached_rows() <= KEEP_WINDOWS * WINDOW
    assert all(limit == WINDOW for _query, _offset, limit in million.windows)


def test_the_view_reads_only_what_is_on_screen(qtbot, million):
    view = RegistrantView(million)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: len(million.windows) == 1)
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: len(million.windows) == 2)
    assert million.windows[-1][1] == MILLION - WINDOW
    assert view.model.cached_rows() == 2 * WINDOW


def test_sorting_asks_sql_for_the_order(million):
    model = RegistrantTableModel(million)
    birth = next(i for i, column in enumerate(COLUMNS) if column.key == "birth_date")
    model.sort(birth, Qt.SortOrder.DescendingOrder)
    model.index(0, 0).data()
    assert million.windows[-1][0] == ListQuery(sort="birth", descending=True)


def test_header_data_for_other_roles_is_none(million):
    model = RegistrantTableModel(million)
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) is None
    assert model.headerData(0, Qt.Orientation.Horizontal) == _("Registration no.")
    assert model.headerData(len(COLUMNS), Qt.Orientation.Horizontal) is None


def test_qt_model_checks_on_a_real_list(qtmodeltester, db):
    qtmodeltester.check(RegistrantTableModel(RegistrantList(db)))
