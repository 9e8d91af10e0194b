"""Fixtures for the GUI tests: the catalogs, people, a main window.

Registered for every test through `pytest_plugins` in conftest.py (which stays small); modules
import only the plain values, such as PEOPLE or STAY_TODAY.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from desktop_app import i18n, paths
from desktop_app.domain.application import Application
from desktop_app.services.registration import register
from desktop_app.ui import application, background
from desktop_app.ui.stay_calendar import StayCalendarView

ROOT = Path(__file__).resolve().parents[1]

# (family, kana, given, kana, birth, kind, tier, prefecture, city, phone)
PEOPLE = [
    ("佐藤", "サトウ", "花子", "ハナコ", "1985-04-01", "furusato", "basic", "東京都", "世田谷区",
     "090-1111-2222"),
    ("佐藤", "サトウ", "一郎", "イチロウ", "1950-12-24", "dual", None, "宮城県", "仙台市青葉区",
     "090-3333-4444"),
    ("鈴木", "スズキ", "健", "ケン", "1972-07-07", "furusato", "basic", "大阪府", "大阪市北区",
     "080-5555-6666"),
    ("髙橋", "タカハシ", "美咲", "ミサキ", "1999-01-15", "dual", None, "神奈川県", "横浜市港北区",
     "070-7777-8888"),
    ("𠮷田", "ヨシダ", "誠", "マコト", "1989-01-08", "furusato", "basic", "埼玉県", "川口市",
     "090-9999-0000"),
    ("阿部", "アベ", "陽菜", "ヒナ", "2003-03-03", "furusato", "basic", "千葉県", "船橋市",
     "03-1234-5678"),
    ("渡邊", "ワタナベ", "大輔", "ダイスケ", "1944-08-15", "dual", None, "福岡県", "福岡市中央区",
     "092-222-3333"),
]


@pytest.fixture
def people(admin) -> list[int]:
    """Seven registrants, all 申請中 as the registration service leaves them."""
    ids = []
    for family, fkana, given, gkana, birth, kind, tier, prefecture, city, phone in PEOPLE:
        ids.append(register(admin, Application(
            family_name=family, family_kana=fkana, given_name=given, given_kana=gkana,
            birth_date=birth, kind=kind, tier=tier, prefecture=prefecture, city=city,
            phone=phone)))
    return ids


@pytest.fixture
def gui_catalogs():
    """The GUI tests read what a clerk sees: the shipped catalogs, in Japanese."""
    i18n.set_language("ja")
    yield paths.shipped("i18n")
    i18n.set_language("ja")


@pytest.fixture
def startups(qapp):
    """Runs the app's start-up walk (sign-in, wizard, window) on a file; closes what it opened."""
    started = []

    def run(path, *, demo=False, language=None) -> application.Startup:
        startup = application.Startup(qapp, path, demo, language)
        started.append(startup)
        startup.begin()
        return startup

    yield run
    for startup in started:
        if startup.window is not None:
            startup.window.close()
            startup.window.deleteLater()
        if startup.db is not None:
            startup.db.close()
    qapp.setQuitOnLastWindowClosed(True)


def settle(qtbot, timeout: int = 20_000) -> None:
    """Wait until every job the last click started on the worker has delivered."""
    qtbot.waitUntil(background.idle, timeout=timeout)


# The day the stay calendar tests treat as today.
STAY_TODAY = date(2026, 8, 3)


@pytest.fixture
def calendar(qtbot, admin, facility):
    """The stay calendar on a facility (stays_helpers.facility), a month on from STAY_TODAY."""
    view = StayCalendarView(admin, today=STAY_TODAY)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    return view


def free_window(qtbot, window) -> None:
    """Delete a test's window now, once its jobs have delivered: a window only closed lives on
    until Python's cycle collector finds it, and its views would still follow the change
    signals of the next test (on a database that test's fixtures have closed)."""
    settle(qtbot)
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
