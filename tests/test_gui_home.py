"""ホーム: the first page after sign-in; its figures arrive from the worker and each leads to the
list behind it."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt

from desktop_app.services.registry_status import approve
from desktop_app.ui.background import changes
from desktop_app.ui.follow_ups_dialog import FollowUpsDialog
from desktop_app.ui.houses_view import HousesView
from desktop_app.ui.main_window import MainWindow
from tests.gui_fixtures import free_window, gui_catalogs, settle  # noqa: F401 (fixture)
from tests.stays_helpers import add_person
from tests.test_gui_list_audit import list_rows


@pytest.fixture
def window(qtbot, admin, people, gui_catalogs):  # noqa: F811
    window = MainWindow(admin)  # freed below rather than by qtbot: see free_window
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: window.home.figures is not None, timeout=20_000)
    settle(qtbot)
    yield window
    free_window(qtbot, window)


def test_home_is_first_and_shows_the_figures_with_charts(window):
    assert window.current_area() == "home"
    assert window.navigation.item(0).text() == "ホーム"
    home = window.home
    assert home.tiles["waiting"].caption.text() == "承認待ちの申請"
    assert home.tiles["waiting"].value.text() == "7"
    assert home.tiles["register"].value.text() == "0"
    assert home.tiles["return"].value.text() == "未確定"
    assert home.tiles["sync"].detail.text() == "ペアの窓口はありません"
    assert "PySide6.QtCharts" in sys.modules
    assert set(home.charts) == {"registrations", "stays", "vouchers", "houses"}
    chart = home.charts["registrations"].chart()
    assert chart.title() == "月別の新規登録（区分・種別）"
    assert [bar_set.label() for bar_set in chart.series()[0].barSets()] == [
        "ふるさと住民 ベーシック", "ふるさと住民 プレミアム", "二地域居住者"]
    for tile in home.tiles.values():  # nothing cut: each tile's lines fit its height
        assert tile.heightForWidth(tile.width()) <= tile.height() + 1


def test_a_tile_opens_the_registry_with_its_filter(qtbot, window, admin):
    assert list_rows(admin.db, "registrant.list") == []  # ホーム's figures name nobody
    qtbot.mouseClick(window.home.tiles["waiting"], Qt.MouseButton.LeftButton)
    assert window.current_area() == "registry"
    assert window.registry.filters.status.currentData() == "applied"
    assert window.registry.model.rowCount() == 7
    qtbot.waitUntil(lambda: list_rows(admin.db, "registrant.list") != [])
    assert list_rows(admin.db, "registrant.list")[-1][1]["shown"] == 7  # the list is audited
    window.show_area("home")
    window.home.tiles["expiring"].setFocus()
    qtbot.keyClick(window.home.tiles["expiring"], Qt.Key.Key_Space)  # keyboard reaches it too
    assert window.current_area() == "registry"
    filters = window.registry.filters
    assert filters.status.currentData() is None
    assert filters.expiring.isChecked() and filters.days.value() == 30
    assert window.registry.model.rowCount() == 0  # applied people have no validity yet


def test_a_chart_opens_its_page(qtbot, window):
    view = window.home.charts["houses"]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton)
    assert isinstance(window.pages.currentWidget(), HousesView)


def test_the_follow_ups_tile_opens_the_audited_list(qtbot, window, monkeypatch, admin):
    opened = []

    def exec_(dialog):
        settle(qtbot)
        opened.append(dialog.windowTitle())
        return 0

    monkeypatch.setattr(FollowUpsDialog, "exec", exec_)
    qtbot.mouseClick(window.home.tiles["follow_ups"], Qt.MouseButton.LeftButton)
    assert len(opened) == 1
    assert [after["list"] for _clerk, after in list_rows(admin.db, "consultation.list")] == [
        "follow_ups_due"]


def test_the_figures_follow_a_change(qtbot, window, admin, clerk):
    approve(admin, add_person(clerk))  # entered by one clerk, approved by another
    changes.changed.emit(frozenset({"registrant"}))
    qtbot.waitUntil(lambda: window.home.tiles["register"].value.text() == "1")
    assert window.home.tiles["waiting"].value.text() == "7"
