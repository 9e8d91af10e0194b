"""The registry dialogs, driven as a clerk would: entry with a duplicate warning, detail, merge."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain.application import Application
from desktop_app.domain.roles import Role
from desktop_app.services.registrant_list import ListQuery, RegistrantList
from desktop_app.services.registration import register
from desktop_app.services.registry_search import search
from desktop_app.services.session import Session
from desktop_app.ui.registrant_detail_dialog import RegistrantDetailDialog
from desktop_app.ui.registrant_entry_dialog import RegistrantEntryDialog
from desktop_app.ui.registrant_merge_dialog import RegistrantMergeDialog
from desktop_app.ui.registrant_view import RegistrantView
from desktop_app.ui.registry_actions import RegistryActions
from tests.gui_fixtures import settle


@pytest.fixture
def supervisor(admin) -> Session:
    return Session(admin.db, clerk="super1", role=Role.SUPERVISOR, terminal=admin.terminal)


@pytest.fixture
def existing(clerk) -> int:
    return register(clerk, Application(
        family_name="髙橋", given_name="𠮷子", family_kana="タカハシ", given_kana="ヨシコ",
        birth_date="1975-04-01", kind="furusato", postal_code="150-0001"),
        today=date(2025, 6, 1))


def fill(dialog: RegistrantEntryDialog, **values: str) -> None:
    for name, value in values.items():
        dialog.edits[name].setText(value)


def test_entry_warns_of_a_duplicate_saves_when_confirmed_then_approval_and_search(
        qtbot, clerk, supervisor, existing, db):
    dialog = RegistrantEntryDialog(clerk)
    qtbot.addWidget(dialog)
    fill(dialog, family_name="高橋", given_name="𠮷子", family_kana="ﾀｶﾊｼ", given_kana="よしこ",
         birth_date="S50.4.1", postal_code="100-0001", phone="03-1234-5678")
    dialog.fill_address()
    assert dialog.edits["city"].text() == "千代田区"
    qtbot.waitUntil(lambda: dialog.duplicates.count() == 1)
    assert "髙橋" in dialog.duplicates.item(0).text()
    dialog.save()
    settle(qtbot)
    assert dialog.result() == 0 and dialog.saved_id is None
    assert "duplicate" in dialog.error.text().lower() or "重複" in dialog.error.text()
    dialog.not_duplicate.setChecked(True)
    dialog.save()
    settle(qtbot)
    assert dialog.result() == dialog.DialogCode.Accepted
    new_id = dialog.saved_id
    assert db.registrants.get(new_id)["family_name"] == "高橋"

    detail = RegistrantDetailDialog(supervisor, new_id)
    qtbot.addWidget(detail)
    settle(qtbot)
    RegistrantDetailDialog.confirm = classmethod(lambda cls, parent, text: True)
    try:
        detail.approve()
        settle(qtbot)
    finally:
        del RegistrantDetailDialog.confirm
    assert db.registrants.get(new_id)["status"] == "registered"
    assert detail.windowTitle().endswith("-000001")
    assert new_id in [hit["id"] for hit in search(db, "たかはし")]


def test_entry_shows_the_refusal_at_the_field(qtbot, clerk, db):
    dialog = RegistrantEntryDialog(clerk)
    qtbot.addWidget(dialog)
    fill(dialog, family_name="山田", family_kana="ヤマダ", birth_date="2099-01-01")
    dialog.save()
    settle(qtbot)
    assert dialog.result() == 0
    assert "border" in dialog.edits["birth_date"].styleSheet()
    assert dialog.error.text()
    assert RegistrantList(db).count(ListQuery()) == 0


def test_keyboard_only_entry_saves_with_enter(qtbot, clerk, db):
    dialog = RegistrantEntryDialog(clerk)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(dialog, family_name="山田", family_kana="ヤマダ", birth_date="1980-01-01",
         postal_code="060-0001")
    dialog.edits["address"].setFocus()
    qtbot.keyClick(dialog.edits["address"], Qt.Key.Key_Return)
    settle(qtbot)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert db.registrants.get(dialog.saved_id)["prefecture"] == "北海道"


def test_detail_logs_involvement_and_revokes_with_a_reason(qtbot, clerk, supervisor, existing,
                                                           db, monkeypatch):
    detail = RegistrantDetailDialog(supervisor, existing)
    qtbot.addWidget(detail)
    settle(qtbot)
    detail.involvement_kind.setCurrentIndex(detail.involvement_kind.findData("stay"))
    detail.involvement_date.setText((date.today() - timedelta(days=10)).isoformat())
    detail.involvement_quantity.setValue(4)
    detail.add_involvement()
    settle(qtbot)
    assert [e["quantity"] for e in db.involvement.for_registrant(existing)] == [4]
    assert detail.file.summary.nights == 4
    detail.consultation_follow_up.setText("2099-01-01")
    detail.add_consultation()
    settle(qtbot)
    assert len(db.consultations.for_registrant(existing)) == 1
    monkeypatch.setattr(RegistrantDetailDialog, "ask_text",
                        classmethod(lambda cls, parent, title, label: "申出"))
    detail.revoke()
    settle(qtbot)
    assert db.registrants.get(existing)["status"] == "revoked"


def test_merge_dialog_takes_the_ticked_fields(qtbot, clerk, supervisor, existing, db):
    other = register(clerk, Application(
        family_name="高橋", given_name="𠮷子", family_kana="タカハシ", given_kana="ヨシコ",
        birth_date="1975-04-01", kind="furusato", postal_code="100-0001", phone="090-0000-1111"),
        today=date(2025, 6, 1))
    dialog = RegistrantMergeDialog(supervisor, existing, other)
    qtbot.addWidget(dialog)
    dialog.take_from_other("phone")
    dialog.do_merge()
    settle(qtbot)
    assert dialog.merge_id is not None
    assert db.registrants.get(existing)["phone"] == "090-0000-1111"
    assert db.registrants.get(existing)["city"] == "渋谷区"  # not ticked: kept
    assert db.registrants.get(other)["merged_into"] == existing


def test_list_view_gets_a_new_registration_button(qtbot, clerk, existing, db):
    view = RegistrantView(RegistrantList(db))
    qtbot.addWidget(view)
    actions = RegistryActions(view, clerk)
    assert actions.new_button.parent() is view
    register(clerk, Application(family_name="佐藤", given_name="健", family_kana="サトウ",
                                given_kana="ケン", birth_date="1990-01-01", kind="dual"))
    view.model.refresh()
    assert view.model.rowCount() == 2
    with qtbot.waitSignal(view.model.modelReset, timeout=3000):
        view.search.setText("よしこ")
    assert view.model.rowCount() == 1
    assert view.model.row_at(0)["id"] == existing


def test_history_tab_shows_the_trail_to_supervisors_only(qtbot, clerk, supervisor, existing):
    detail = RegistrantDetailDialog(supervisor, existing)
    qtbot.addWidget(detail)
    settle(qtbot)
    history = detail.tabs.widget(4)
    sentences = [history.item(r, 1).text() for r in range(history.rowCount())]
    assert "clerk1 が申請を入力しました" in sentences  # by whom (a login without an account)
    assert all("registrant." not in s for s in sentences)
    assert history.item(0, 0).text().startswith("令和")  # the office's date style
    for_clerk = RegistrantDetailDialog(clerk, existing)
    qtbot.addWidget(for_clerk)
    settle(qtbot)
    assert not hasattr(for_clerk.tabs.widget(4), "rowCount")
