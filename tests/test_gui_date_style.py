"""The date style chosen in 設定 (和暦 or 西暦) holds on the person's file, the follow-ups list, the
stay calendar and every date picker."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QLabel

from desktop_app.services import preferences
from desktop_app.services.consultations import record_consultation
from desktop_app.ui.booking_dialog import BookingDialog
from desktop_app.ui.date_picker import DatePicker
from desktop_app.ui.follow_ups_dialog import FollowUpsDialog
from desktop_app.ui.registrant_detail_dialog import RegistrantDetailDialog
from desktop_app.ui.stay_calendar import StayCalendarView
from tests.gui_fixtures import STAY_TODAY, people, settle  # noqa: F401 (fixture)
from tests.stays_helpers import facility  # noqa: F401 (fixture)

# 花子's birthday (people[0]) in each style, and 2019-05-01 (the first day of 令和) in a picker.
BIRTH = {"wareki": "昭和60年4月1日", "seireki": "1985年4月1日"}
PICKER = {"wareki": "2019年5月1日（令和元年）", "seireki": "2019年5月1日"}
STYLES = ("wareki", "seireki")


def choose(admin, style: str) -> None:
    preferences.save(admin, preferences.DATE_STYLE, style)


@pytest.mark.parametrize("style", STYLES)
def test_the_persons_file_shows_the_chosen_style(qtbot, admin, people, style):  # noqa: F811
    choose(admin, style)
    file = RegistrantDetailDialog(admin, people[0])
    qtbot.addWidget(file)
    settle(qtbot)
    labels = [label.text() for label in file.tabs.widget(0).findChildren(QLabel)]
    assert BIRTH[style] in labels
    assert all(BIRTH[other] not in labels for other in STYLES if other != style)


@pytest.mark.parametrize("style", STYLES)
def test_the_follow_ups_list_and_its_picker_show_the_chosen_style(qtbot, admin, people,  # noqa: F811
                                                                   style):
    choose(admin, style)
    record_consultation(admin, people[0], "2019-04-30", "counter", ["housing"],
                        follow_up_on="2019-05-01")
    dialog = FollowUpsDialog(admin)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    shown = [dialog.model.index(0, column).data() for column in (0, 1)]
    assert shown == {"wareki": ["令和元年5月1日", "平成31年4月30日"],
                     "seireki": ["2019年5月1日", "2019年4月30日"]}[style]
    dialog.until.setDate(QDate(2019, 5, 1))
    assert dialog.until.text() == PICKER[style]


@pytest.mark.parametrize("style", STYLES)
def test_the_stay_calendar_shows_the_chosen_style(qtbot, admin, facility, style,  # noqa: F811
                                                  monkeypatch):
    choose(admin, style)
    view = StayCalendarView(admin, today=STAY_TODAY)
    qtbot.addWidget(view)
    assert view.title.text() == {"wareki": "令和8年8月", "seireki": "2026年8月"}[style]
    view.select_days(date(2026, 8, 10), date(2026, 8, 11))
    summaries = []
    monkeypatch.setattr(BookingDialog, "ask", classmethod(
        lambda cls, parent, summary, capacity, session: summaries.append(summary)))
    view.book_selection()
    stay = {"wareki": "令和8年8月10日〜令和8年8月12日", "seireki": "2026年8月10日〜2026年8月12日"}
    assert summaries == [f"お試し住宅 北上: {stay[style]}（2泊）"]


def test_the_stay_calendar_follows_a_setting_changed_while_it_was_away(qtbot, admin,
                                                                        facility):  # noqa: F811
    view = StayCalendarView(admin, today=STAY_TODAY)
    qtbot.addWidget(view)
    view.show()
    assert view.title.text() == "令和8年8月"
    view.hide()
    choose(admin, "seireki")
    view.show()
    assert view.title.text() == "2026年8月"


def test_a_wareki_picker_moves_its_era_with_the_date_and_follows_a_changed_setting(
        qtbot, admin):
    picker = DatePicker(admin.db, date(2019, 4, 1))
    qtbot.addWidget(picker)
    picker.show()
    assert picker.text() == "2019年4月1日（平成31年）"
    picker.setFocus()
    picker.setCurrentSection(QDateEdit.Section.MonthSection)
    qtbot.keyClick(picker, Qt.Key.Key_Up)  # May 2019: 令和 began on the 1st
    assert picker.day() == date(2019, 5, 1)
    assert picker.text() == PICKER["wareki"]
    choose(admin, "seireki")
    picker.hide()
    picker.show()  # shown again, say on coming back to the page, it reads the setting anew
    assert picker.text() == PICKER["seireki"]
    assert picker.day() == date(2019, 5, 1)
