"""The 非常時 page and the photo tab of a person's file, offscreen over a real file."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image

from desktop_app.domain.roles import Role
from desktop_app.services.session import Session
from desktop_app.ui.emergency_page import EmergencyPage
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.registrant_detail_dialog import RegistrantDetailDialog
from desktop_app.ui.registrant_entry_dialog import RegistrantEntryDialog
from desktop_app.ui.registrant_photo_tab import RegistrantPhotoTab
from tests.gui_fixtures import settle
from tests.printing_helpers import register_people, supervisor_of


@pytest.fixture
def supervisor(admin) -> Session:
    return supervisor_of(admin)


@pytest.fixture
def people(clerk, supervisor) -> list[int]:
    return register_people(clerk, supervisor, count=3)


def test_the_emergency_page_is_in_the_navigation_and_lists_a_base_in_town(
        qtbot, supervisor, people, gui_catalogs):
    window = MainWindow(supervisor)
    qtbot.addWidget(window)
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert "非常時" in titles
    window.show_area("emergency")
    page = window.page("emergency")
    assert isinstance(page, EmergencyPage) and page.table.rowCount() == 0  # nothing read yet
    dialog = RegistrantEntryDialog(supervisor, people[0])
    qtbot.addWidget(dialog)
    dialog.edits["local_address"].setText("渡波町1丁目5-6")
    dialog.edits["emergency_name"].setText("髙橋 恵子")
    dialog.edits["emergency_relation"].setText("母")
    dialog.edits["emergency_phone"].setText("090-2222-3333")
    dialog.not_duplicate.setChecked(True)
    dialog.save()
    settle(qtbot)
    assert dialog.saved_id == people[0]
    page.day.setDate(date(2026, 12, 3))
    page.show_list()
    settle(qtbot)
    assert page.table.rowCount() == 1
    row = [page.table.item(0, c).text() for c in range(page.table.columnCount())]
    assert row[0] == "渡波町" and row[2] == "町内の滞在先"
    assert row[6] == "髙橋 恵子（母）　090-2222-3333"


def test_the_page_refuses_a_clerk_and_asks_for_the_hit_prefecture(qtbot, admin, people,
                                                                   gui_catalogs):
    clerk = Session(admin.db, clerk="clerk1", role=Role.CLERK, terminal=admin.terminal)
    page = EmergencyPage(clerk)
    qtbot.addWidget(page)
    page.show_list()
    settle(qtbot)
    assert "権限" in page.error.text() and page.table.rowCount() == 0
    page.mode.setCurrentIndex(1)
    assert page.show_list() is None and "都道府県" in page.error.text()


def test_the_photo_tab_takes_a_picture_and_shows_whether_it_prints(qtbot, clerk, people,
                                                                   tmp_path, monkeypatch,
                                                                   gui_catalogs):
    picture = tmp_path / "face.png"
    Image.new("RGB", (600, 800), (200, 120, 90)).save(picture)
    monkeypatch.setattr(RegistrantPhotoTab, "choose_file", classmethod(lambda c, p: picture))
    dialog = RegistrantDetailDialog(clerk, people[0])
    qtbot.addWidget(dialog)
    settle(qtbot)
    dialog.tabs.setCurrentIndex(dialog.tabs.count() - 1)
    tab = dialog.tabs.currentWidget()
    assert isinstance(tab, RegistrantPhotoTab) and dialog.tabs.tabText(
        dialog.tabs.count() - 1) == "写真"
    assert "同意がありません" in tab.consent.text() and not tab.remove.isEnabled()
    tab.take_from_file()
    settle(qtbot)
    tab = dialog.tabs.currentWidget()  # the file is shown anew after the write
    assert isinstance(tab, RegistrantPhotoTab)
    assert tab.picture.pixmap().height() == 240 and tab.remove.isEnabled()
    stored = Image.open(io.BytesIO(clerk.db.photos.jpeg_of(people[0])))
    assert stored.size == (228, 288)
