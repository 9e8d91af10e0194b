"""The main window over a real database: rows, search, filters, sorting, navigation, language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from desktop_app.domain.roles import Role
from desktop_app.services.session import Session
from desktop_app.ui.main_window import AREA_KEYS, MainWindow
from desktop_app.ui.registrant_table_model import COLUMNS
from desktop_app.ui.return_page import ReturnPage
from tests.gui_fixtures import PEOPLE, settle

NAME, KANA, BIRTH, STATUS, ADDRESS = 1, 2, 3, 6, 7


@pytest.fixture
def window(qtbot, admin, people, gui_catalogs) -> MainWindow:
    main = MainWindow(admin)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def column(window: MainWindow, number: int) -> list[str]:
    model = window.registry.model
    return [model.index(row, number).data() for row in range(model.rowCount())]


def click_header(qtbot, window: MainWindow, number: int) -> None:
    header = window.registry.table.horizontalHeader()
    x = header.sectionViewportPosition(number) + header.sectionSize(number) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def test_window_shows_the_registrants_office_and_clerk(window):
    assert window.registry.model.rowCount() == len(PEOPLE)
    assert "髙橋\u3000美咲" in column(window, NAME)
    assert "𠮷田\u3000誠" in column(window, NAME)  # outside the BMP, shown as typed
    assert "平成元年1月8日" in column(window, BIRTH)
    assert set(column(window, STATUS)) == {"申請中"}
    assert "宮城県仙台市青葉区" in column(window, ADDRESS)
    assert window.registry.count.text() == "7件"
    assert "石巻市役所 本庁" in window.office_label.text()
    assert "宮城県石巻市" in window.office_label.text()
    assert "管理 太郎" in window.clerk_label.text()
    assert window.windowTitle() == "ふたさと — 石巻市役所 本庁"


def test_the_list_starts_in_kana_order(window):
    kana = column(window, KANA)
    assert kana == sorted(kana, key=lambda k: k.replace(" ", ""))


def test_search_filters_after_the_typing_pause(qtbot, window):
    view = window.registry
    view.search.setText("サトウ")
    assert view.model.rowCount() == len(PEOPLE)  # not yet: the search waits for a pause
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=2000)
    assert column(window, NAME) == ["佐藤\u3000一郎", "佐藤\u3000花子"]
    view.search.clear()
    qtbot.keyClicks(view.search, "080-5555")  # a phone number typed as ASCII
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=2000)
    assert column(window, NAME) == ["鈴木\u3000健"]
    assert view.count.text() == "1件"


def test_status_filter(qtbot, window, db, people):
    with db.transaction():
        db.execute("UPDATE registrants SET status = 'registered' WHERE id IN (?, ?)", people[:2])
    window.registry.model.refresh()
    combo = window.registry.status
    combo.setCurrentIndex(combo.findData("registered"))
    assert sorted(column(window, NAME)) == ["佐藤\u3000一郎", "佐藤\u3000花子"]
    combo.setCurrentIndex(combo.findData("applied"))
    assert window.registry.model.rowCount() == len(PEOPLE) - 2
    combo.setCurrentIndex(0)
    assert window.registry.model.rowCount() == len(PEOPLE)


def test_header_clicks_sort_in_sql_and_unsortable_columns_keep_the_order(qtbot, window):
    header = window.registry.table.horizontalHeader()
    click_header(qtbot, window, BIRTH)
    assert column(window, BIRTH)[0] == "昭和19年8月15日"
    assert column(window, BIRTH)[-1] == "平成15年3月3日"
    click_header(qtbot, window, BIRTH)
    assert column(window, BIRTH)[0] == "平成15年3月3日"
    assert window.registry.model.query.descending
    before = column(window, NAME)
    click_header(qtbot, window, ADDRESS)
    assert COLUMNS[ADDRESS].sort is None
    assert column(window, NAME) == before
    assert header.sortIndicatorSection() == BIRTH


def test_navigation_switches_pages(qtbot, window):
    window.navigation.setCurrentRow(AREA_KEYS.index("exchange"))
    page = window.pages.currentWidget()
    assert isinstance(page, ReturnPage)
    assert page.title.text() == "報告・同期"
    assert page.tabs.widget(2) is page.sync and page.tabs.tabText(2).startswith("同期")
    settle(qtbot)
    window.menus.pages[AREA_KEYS.index("settings")].trigger()
    assert window.pages.currentWidget() is window.settings
    window.menus.find.trigger()
    assert window.current_area() == "registry"
    assert window.focusWidget() is window.registry.search


def test_standard_shortcuts(window):
    assert not window.menus.quit.shortcut().isEmpty()
    assert window.menus.find.shortcut().toString() == "Ctrl+F"
    assert window.menus.pages[0].shortcut().toString() == "Ctrl+1"


def test_language_switch_retranslates_what_is_visible_and_is_saved(qtbot, window, db):
    combo = window.settings.language
    combo.setCurrentIndex(combo.findData("en"))
    assert window.navigation.item(0).text() == "Home"
    assert window.navigation.item(1).text() == "Registry"
    assert window.registry.title.text() == "Registry"
    assert window.registry.model.headerData(NAME, Qt.Orientation.Horizontal) == "Name"
    assert column(window, STATUS)[0] == "Applied"
    assert window.menus.file_menu.title() == "&File"
    assert window.settings.title.text() == "Settings"
    assert window.registry.count.text() == "7 registrants"
    assert window.registry_actions.candidates_button.text() == "Candidates…"
    assert window.clerk_label.text().startswith("Signed in: 管理 太郎 (Administrator)")
    assert db.settings.get("language") == "en"
    assert db.audit.verify() is None
    combo.setCurrentIndex(combo.findData("ja"))
    assert window.navigation.item(0).text() == "ホーム"
    assert window.navigation.item(1).text() == "台帳"
    assert window.registry.model.headerData(NAME, Qt.Orientation.Horizontal) == "氏名"
    assert window.menus.file_menu.title() == "ファイル(&F)"
    assert column(window, STATUS)[0] == "申請中"


def test_date_style_setting_changes_the_birth_dates(window, db):
    combo = window.settings.date_style
    combo.setCurrentIndex(combo.findData("seireki"))
    assert "1989年1月8日" in column(window, BIRTH)
    assert db.settings.get("date_style") == "seireki"


def test_a_counter_clerk_may_not_change_the_date_style(qtbot, admin, people, gui_catalogs):
    clerk = Session(admin.db, clerk="admin", role=Role.CLERK)
    main = MainWindow(clerk)
    qtbot.addWidget(main)
    assert not main.settings.date_style.isEnabled()
    assert main.settings.language.isEnabled()


def test_the_model_passes_qts_model_checks(qtmodeltester, window):
    qtmodeltester.check(window.registry.model)
