"""Every list of people the window shows leaves one `*.list` audit row naming the clerk and the
rows shown, like the command line; a list redrawn because a change signal arrived adds none."""

from __future__ import annotations

import gc
import json
from datetime import date

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from desktop_app.services.consultations import record_consultation
from desktop_app.services.registrant_list import RegistrantList
from desktop_app.ui.background import changes
from desktop_app.ui.candidates_dialog import CandidatesDialog
from desktop_app.ui.follow_ups_dialog import FollowUpsDialog
from desktop_app.ui.registrant_view import RegistrantView
from desktop_app.ui.stays_today import StaysTodayView
from tests.gui_fixtures import settle


def list_rows(db, action: str) -> list[tuple[str, dict]]:
    return [(row["clerk"], json.loads(row["after_json"])) for row in db.execute(
        "SELECT clerk, after_json FROM audit WHERE action = ? ORDER BY id", (action,))]


def changed(qtbot, *kinds: str) -> None:
    changes.changed.emit(frozenset(kinds))
    settle(qtbot)


@pytest.fixture
def registry(qtbot, clerk, people):
    # A window an earlier test only closed lives until the cycle collector runs, and its views
    # would answer this test's change signals on that test's closed database.
    gc.collect()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    view = RegistrantView(RegistrantList(clerk.db, clerk), session=clerk)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_the_register_list_is_noted_once_per_query_not_per_fetch(qtbot, registry, clerk, people):
    qtbot.waitUntil(lambda: len(list_rows(clerk.db, "registrant.list")) == 1)
    [(who, shown)] = list_rows(clerk.db, "registrant.list")
    assert who == "clerk1" and shown["list"] == "registry"
    assert sorted(shown["ids"]) == sorted(people) and shown["shown"] == 7
    registry.model.index(6, 0).data()  # a fetch within the query is not noted again
    changed(qtbot, "registrant")
    registry.table.viewport().repaint()
    assert len(list_rows(clerk.db, "registrant.list")) == 1
    registry.search.setText("佐藤")
    registry.search.returnPressed.emit()
    registry.table.viewport().repaint()
    rows = list_rows(clerk.db, "registrant.list")
    assert len(rows) == 2 and 0 < rows[1][1]["shown"] < 7
    assert "佐藤" not in json.dumps(rows[1][1], ensure_ascii=False)  # what was typed is not kept


def test_the_candidates_dialog_is_noted_with_its_list(qtbot, clerk, people):
    dialog = CandidatesDialog(clerk)
    qtbot.addWidget(dialog)
    settle(qtbot)
    assert list_rows(clerk.db, "registrant.list") == [
        ("clerk1", {"list": "candidates.dual", "shown": 0, "ids": []})]
    dialog.load(audited=False)  # after a visit to a person's file
    settle(qtbot)
    assert len(list_rows(clerk.db, "registrant.list")) == 1


def test_the_follow_ups_due_are_noted_and_a_change_signal_adds_none(qtbot, admin, clerk,
                                                                   people):
    due = record_consultation(admin, people[0], date.today().isoformat(), "counter",
                              ["housing"], follow_up_on=date.today().isoformat())
    dialog = FollowUpsDialog(clerk)
    qtbot.addWidget(dialog)
    settle(qtbot)
    [(who, shown)] = list_rows(clerk.db, "consultation.list")
    assert who == "clerk1" and shown["ids"] == [due] and shown["registrant_ids"] == [people[0]]
    changed(qtbot, "consultation")
    assert dialog.model.rowCount() == 1
    assert len(list_rows(clerk.db, "consultation.list")) == 1


def test_todays_arrivals_are_noted_and_a_booking_change_adds_none(qtbot, clerk):
    day = date(2026, 8, 3)
    view = StaysTodayView(clerk, today=day)
    qtbot.addWidget(view)
    settle(qtbot)
    assert list_rows(clerk.db, "booking.list") == []  # not yet on screen: nothing shown
    view.show()
    settle(qtbot)
    assert list_rows(clerk.db, "booking.list") == [
        ("clerk1", {"list": "today", "shown": 0, "ids": [], "date": day.isoformat()})]
    changed(qtbot, "booking")
    assert len(list_rows(clerk.db, "booking.list")) == 1
    view.refresh_button.click()  # the clerk's own Refresh is a new look
    settle(qtbot)
    assert len(list_rows(clerk.db, "booking.list")) == 2


def test_the_vouchers_page_is_noted_with_the_vouchers_shown(qtbot, admin, clerk):
    from desktop_app.domain.vouchers import Unit
    from desktop_app.services.vouchers import BatchInput, issue_batch
    from desktop_app.ui.vouchers_view import VouchersView

    issue_batch(admin, BatchInput(count=2, value=1, unit=Unit.NIGHTS, expires_on=date(2030, 1, 1),
                                  donor="寄附 花子", receipt_no="R-1"))
    view = VouchersView(clerk)
    qtbot.addWidget(view)
    settle(qtbot)
    [(who, shown)] = list_rows(clerk.db, "voucher.list")
    assert who == "clerk1" and shown["list"] == "recent" and len(shown["ids"]) == 2
    assert view.table.rowCount() == 2 and view.table.item(0, 5).text() == "寄附 花子"
    changed(qtbot, "voucher")
    assert len(list_rows(clerk.db, "voucher.list")) == 1


def test_the_houses_page_is_noted_on_open_and_search_not_on_a_change(qtbot, admin, clerk):
    from desktop_app.domain.houses import Deal, HouseInput
    from desktop_app.services import houses
    from desktop_app.ui.houses_view import HousesView

    house = houses.add_house(admin, HouseInput(address="石巻市北上町 1", deal=Deal.SALE,
                                               price_yen=1_000_000, owner_name="所有　一郎"))
    view = HousesView(clerk)
    qtbot.addWidget(view)
    settle(qtbot)
    [(who, shown)] = list_rows(clerk.db, "house.list")
    assert who == "clerk1" and shown["list"] == "listing" and shown["ids"] == [house]
    changed(qtbot, "house")
    assert len(list_rows(clerk.db, "house.list")) == 1
    for typed in ("雄", "雄勝"):  # typed one character at a time: one look, one row
        view.search.setText(typed)
    qtbot.waitUntil(lambda: not view._search_timer.isActive())
    settle(qtbot)
    rows = list_rows(clerk.db, "house.list")
    assert len(rows) == 2 and rows[1][1]["ids"] == [] and view.table.rowCount() == 0


def test_a_search_on_the_certificates_page_is_noted(qtbot, clerk, people):
    from desktop_app.ui.certificates_view import CertificatesView

    view = CertificatesView(clerk)
    qtbot.addWidget(view)
    settle(qtbot)
    assert list_rows(clerk.db, "registrant.list") == []  # nobody is shown before a search
    view.search.setText("佐藤")
    view.find()
    settle(qtbot)
    [(who, shown)] = list_rows(clerk.db, "registrant.list")
    assert who == "clerk1" and shown["list"] == "search"
    assert len(shown["ids"]) == view.people.rowCount() > 0


def test_the_audit_view_notes_each_search_but_not_scrolling(qtbot, admin, people):
    from desktop_app.ui.audit_view import AuditView

    view = AuditView(admin)
    qtbot.addWidget(view)
    settle(qtbot)
    [(who, shown)] = list_rows(admin.db, "audit.list")
    assert who == "admin" and shown["total"] == len(shown["ids"]) > 0
    view.search()
    assert len(list_rows(admin.db, "audit.list")) == 2


def test_the_accounts_view_is_noted_on_open_and_not_on_a_reload_after_a_change(qtbot, admin):
    from desktop_app.ui.accounts_view import AccountsView

    view = AccountsView(admin)
    qtbot.addWidget(view)
    settle(qtbot)
    [(who, shown)] = list_rows(admin.db, "clerk.list")
    assert who == "admin" and shown["list"] == "accounts" and len(shown["ids"]) == 1
    view.reload(audited=False)
    assert len(list_rows(admin.db, "clerk.list")) == 1
