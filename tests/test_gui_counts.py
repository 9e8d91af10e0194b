"""Counts a clerk reads take the plural form of the language: no "1 registrants" in English."""

from __future__ import annotations

from datetime import date, timedelta

from desktop_app import i18n
from desktop_app.services.consultations import record_consultation
from desktop_app.services.registrant_list import RegistrantList
from desktop_app.ui.follow_ups_dialog import FollowUpsDialog
from desktop_app.ui.registrant_view import RegistrantView
from tests.stays_helpers import add_person


def test_the_registry_count_says_one_registrant_then_two(qtbot, admin):
    i18n.set_language("en")
    add_person(admin)
    view = RegistrantView(RegistrantList(admin.db))
    qtbot.addWidget(view)
    assert view.count.text() == "1 registrant"
    add_person(admin, "鈴木", "スズキ", "健", "ケン")
    view.model.refresh()
    assert view.count.text() == "2 registrants"


def test_the_follow_ups_count_says_one_then_two(qtbot, admin):
    i18n.set_language("en")
    person = add_person(admin)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    record_consultation(admin, person, yesterday, "counter", ["housing"], follow_up_on=yesterday)
    dialog = FollowUpsDialog(admin)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.summary.text() == "1 follow-up due", timeout=5000)
    record_consultation(admin, None, yesterday, "phone", ["work"], follow_up_on=yesterday)
    dialog.load()
    qtbot.waitUntil(lambda: dialog.summary.text() == "2 follow-ups due", timeout=5000)
