"""The registry page's filters, the candidates list and the follow-ups due, as a clerk uses them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop_app.services.consultations import record_consultation
from desktop_app.services.involvement import log_involvement
from desktop_app.services.registrant_list import RegistrantList
from desktop_app.ui.candidates_dialog import CandidatesDialog
from desktop_app.ui.follow_ups_dialog import FollowUpsDialog
from desktop_app.ui.registrant_view import RegistrantView
from desktop_app.ui.registry_actions import RegistryActions

TODAY = date.today()


def names(view: RegistrantView) -> list[str]:
    return sorted(view.model.index(row, 1).data() for row in range(view.model.rowCount()))


def choose(combo, value) -> None:
    combo.setCurrentIndex(combo.findData(value))


@pytest.fixture
def live(db, people):
    """Of the seven (three 二地域居住者): 佐藤花子 and 鈴木健 live, ending soon and later."""
    with db.transaction():
        for registrant_id, status, until in ((people[0], "registered", TODAY + timedelta(10)),
                                             (people[2], "renewed", TODAY + timedelta(100)),
                                             (people[4], "expired", TODAY + timedelta(5))):
            db.execute("UPDATE registrants SET status = ?, valid_until = ?,"
                       " registrant_no = ? WHERE id = ?",
                       (status, until.isoformat(), f"R8-{registrant_id:06d}", registrant_id))
    return people


@pytest.fixture
def view(qtbot, admin, db, live):
    page = RegistrantView(RegistrantList(db), session=admin)
    qtbot.addWidget(page)
    return page


def test_kind_and_tier_filters_show_the_right_people_and_count(view, qtmodeltester):
    filters = view.filters
    choose(filters.kind, "dual")
    assert names(view) == ["佐藤\u3000一郎", "渡邊\u3000大輔", "髙橋\u3000美咲"]
    assert view.count.text() == "3件"
    choose(filters.kind, None)
    choose(filters.tier, "basic")
    assert view.model.rowCount() == 4 and view.count.text() == "4件"
    choose(filters.kind, "dual")
    assert view.model.rowCount() == 0 and view.count.text() == "0件"
    choose(filters.tier, "premium")
    choose(filters.kind, None)
    assert view.model.rowCount() == 0
    choose(filters.tier, None)
    assert view.model.rowCount() == 7
    qtmodeltester.check(view.model)


def test_expiring_within_days_shows_live_registrations_ending_in_that_time(view):
    filters = view.filters
    assert filters.days.value() == 60 and not filters.days.isEnabled()
    filters.expiring.setChecked(True)
    assert names(view) == ["佐藤\u3000花子"]  # the expired one ending in 5 days is not live
    assert view.count.text() == "1件"
    filters.days.setValue(120)
    assert names(view) == ["佐藤\u3000花子", "鈴木\u3000健"]
    choose(filters.status, "renewed")
    assert names(view) == ["鈴木\u3000健"]
    filters.expiring.setChecked(False)
    choose(filters.status, None)
    assert view.model.rowCount() == 7


@pytest.fixture
def stayer(admin, live):
    """鈴木健 (ふるさと住民, live): 15 nights in town make a 二地域居住者 candidate."""
    log_involvement(admin, live[2], "stay", (TODAY - timedelta(30)).isoformat(), quantity=15)
    return live[2]


def test_candidates_filter_shows_the_candidates_found_on_the_worker(qtbot, view, stayer):
    choose(view.filters.candidates, "dual")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=5000)
    assert view.model.row_at(0)["id"] == stayer
    assert view.count.text() == "1件"
    choose(view.filters.candidates, "premium")
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=5000)
    choose(view.filters.candidates, None)
    assert view.model.rowCount() == 7


def test_candidates_dialog_lists_the_candidate_and_opens_the_file(qtbot, admin, stayer,
                                                                 qtmodeltester, monkeypatch):
    opened = []
    monkeypatch.setattr(CandidatesDialog, "show_person", classmethod(
        lambda cls, session, registrant_id, parent: opened.append(registrant_id)))
    dialog = CandidatesDialog(admin)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    qtmodeltester.check(dialog.model)
    cells = [dialog.model.index(0, c).data() for c in range(dialog.model.columnCount())]
    assert cells == [f"R8-{stayer:06d}", "鈴木\u3000健", "スズキ ケン", "30", "15", "0", "0"]
    assert dialog.summary.text() == "1人"
    dialog.open_row(dialog.model.index(0, 1))
    assert opened == [stayer]
    choose(dialog.which, "premium")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0, timeout=5000)


def test_follow_ups_due_are_listed_and_done_removes_one(qtbot, admin, db, people,
                                                       qtmodeltester):
    day = (TODAY - timedelta(3)).isoformat()
    named = record_consultation(admin, people[0], day, "counter", ["housing", "work"],
                                "空き家の相談", follow_up_on=(TODAY - timedelta(1)).isoformat())
    record_consultation(admin, None, day, "phone", ["transport"], follow_up_on=TODAY.isoformat())
    record_consultation(admin, None, day, "online", ["other"],
                        follow_up_on=(TODAY + timedelta(7)).isoformat())  # not yet due
    dialog = FollowUpsDialog(admin)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=5000)
    qtmodeltester.check(dialog.model)
    first = [dialog.model.index(0, c).data() for c in range(dialog.model.columnCount())]
    assert first[2] == "佐藤\u3000花子" and first[3] == "窓口" and first[4] == "住まい、仕事"
    assert first[5] == "空き家の相談"
    assert dialog.model.index(1, 2).data() == "匿名"
    assert not dialog.done_button.isEnabled()
    dialog.table.selectRow(0)
    assert dialog.done_button.isEnabled()
    dialog.done_button.click()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    assert db.consultations.get(named)["follow_up_done_on"] == TODAY.isoformat()
    dialog.until.setDate(dialog.until.date().addDays(7))
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=5000)


def test_the_list_tools_sit_beside_the_search_box(view, admin):
    actions = RegistryActions(view, admin)
    for button in (actions.new_button, actions.candidates_button, actions.follow_ups_button):
        assert button.parent() is view and view.tools.indexOf(button) >= 0
    assert actions.candidates_button.text() == "候補者一覧…"
