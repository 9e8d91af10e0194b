"""The audit view, the accounts view and the 管理 menu, per role."""

from __future__ import annotations

import csv
import sqlite3
from contextlib import closing

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from desktop_app.domain.policy import BACKUP_FOLDER, IDLE_LOCK_MINUTES
from desktop_app.domain.roles import Role
from desktop_app.services import accounts
from desktop_app.services.audit_trail import record_view
from desktop_app.services.backup import automatic_backups
from desktop_app.services.policy import change_setting
from desktop_app.services.session import Session
from desktop_app.ui.accounts_view import AccountsView
from desktop_app.ui.audit_view import AuditView
from desktop_app.ui.clerk_dialogs import NewClerk, NewClerkDialog, PasswordDialog
from desktop_app.ui.security_menu import SecurityMenu
from tests.accounts_helpers import add_account
from tests.gui_fixtures import settle

PASSWORD = "window-pass-22"


def _session(admin, role: Role) -> Session:
    if role is Role.ADMIN:
        return admin
    return Session(admin.db, clerk=f"{role.value}1", role=role, terminal=admin.terminal)


@pytest.fixture
def audit_view(qtbot, admin, people, gui_catalogs):
    record_view(admin, people[0])
    view = AuditView(_session(admin, Role.SUPERVISOR))
    qtbot.addWidget(view)
    return view


def test_audit_view_lists_searches_and_passes_the_model_tester(qtbot, qtmodeltester, admin,
                                                               people, audit_view):
    total = admin.db.audit.count() - 1  # the view's own audit.list row follows what it showed
    assert audit_view.model.total == total and audit_view.model.rowCount() == total
    qtmodeltester.check(audit_view.model)  # its fetchMore may now find that newer row
    # newest first, as a sentence naming the clerk; the code stays in the tooltip
    assert audit_view.model.index(0, 4).data() == "管理 太郎 が登録者のファイルを開きました"
    assert audit_view.model.index(0, 4).data(Qt.ItemDataRole.ToolTipRole) == "registrant.view"
    audit_view.person.setText(str(people[0]))
    audit_view.search_button.click()
    assert audit_view.model.total == 2
    assert {audit_view.model.index(r, 4).data() for r in range(2)} == {
        "管理 太郎 が申請を入力しました", "管理 太郎 が登録者のファイルを開きました"}
    audit_view.person.clear()
    audit_view.action.setCurrentText("registrant.view")
    audit_view.search_button.click()
    assert audit_view.model.total == 1
    assert audit_view.summary.text().startswith("1")


def test_audit_view_shows_a_refused_search(audit_view):
    audit_view.person.setText("R9-999999")
    audit_view.search_button.click()
    assert audit_view.error.isVisibleTo(audit_view) and "R9-999999" in audit_view.error.text()


def test_audit_view_verify_names_the_first_bad_row(admin, audit_view):
    audit_view.verify_button.click()
    assert not audit_view.error.isVisibleTo(audit_view)
    with closing(sqlite3.connect(admin.db.path)) as raw, raw:
        raw.execute("UPDATE audit SET clerk = 'x' WHERE id = 3")
    audit_view.verify_button.click()
    assert audit_view.error.isVisibleTo(audit_view) and "3" in audit_view.error.text()


def test_audit_view_exports_csv_off_the_gui_thread(qtbot, audit_view, tmp_path, monkeypatch):
    out = tmp_path / "trail.csv"
    monkeypatch.setattr(AuditView, "ask_csv_path", classmethod(lambda cls, parent: out))
    audit_view.action.setCurrentText("登録者")  # the group, chosen by its name
    audit_view.export_button.click()
    qtbot.waitUntil(lambda: out.exists() and audit_view.export_button.isEnabled(),
                    timeout=20_000)
    with out.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 8 and all(r["action"].startswith("registrant.") for r in rows)


def test_a_counter_clerk_sees_a_refusal_in_the_audit_view(qtbot, admin, gui_catalogs):
    view = AuditView(_session(admin, Role.CLERK))
    qtbot.addWidget(view)
    assert view.model.rowCount() == 0 and view.error.isVisibleTo(view)


@pytest.fixture
def accounts_view(qtbot, admin, gui_catalogs):
    accounts.create_clerk(admin, login="clerk1", display_name="窓口 花子", role=Role.CLERK,
                          password=PASSWORD)
    view = AccountsView(admin)
    qtbot.addWidget(view)
    return view


def _logins(view) -> list[str]:
    return [view.table.item(row, 0).text() for row in range(view.table.rowCount())]


def test_accounts_view_adds_resets_changes_role_and_deactivates(admin, accounts_view,
                                                                 monkeypatch):
    assert _logins(accounts_view) == ["admin", "clerk1"]
    assert not accounts_view.reset_button.isEnabled()
    monkeypatch.setattr(NewClerkDialog, "ask", classmethod(lambda cls, parent: NewClerk(
        "super1", "監督 次郎", Role.SUPERVISOR, PASSWORD)))
    accounts_view.add_button.click()
    assert _logins(accounts_view) == ["admin", "clerk1", "super1"]
    assert admin.db.clerks.by_login("super1")["role"] == "supervisor"
    accounts_view.select_login("clerk1")
    monkeypatch.setattr(PasswordDialog, "ask", classmethod(
        lambda cls, parent, title, current=False: ("", "fresh-pass-33")))
    accounts_view.reset_button.click()
    assert "clerk1" in accounts_view.message.text()
    accounts_view.select_login("clerk1")
    monkeypatch.setattr(AccountsView, "ask_role", classmethod(
        lambda cls, parent, current: Role.SUPERVISOR))
    accounts_view.role_button.click()
    assert admin.db.clerks.by_login("clerk1")["role"] == "supervisor"
    accounts_view.select_login("clerk1")
    assert accounts_view.active_button.text() == "無効化"
    accounts_view.active_button.click()
    assert admin.db.clerks.by_login("clerk1")["active"] == 0
    accounts_view.select_login("clerk1")
    assert accounts_view.active_button.text() == "再有効化"
    assert "無効" in accounts_view.table.item(1, 3).text()


def test_accounts_view_shows_a_refusal_and_changes_nothing(admin, accounts_view):
    accounts_view.select_login("admin")
    accounts_view.active_button.click()
    assert accounts_view.error.isVisibleTo(accounts_view)
    assert admin.db.clerks.by_login("admin")["active"] == 1


@pytest.mark.parametrize("role", [Role.CLERK, Role.SUPERVISOR])
def test_accounts_view_refuses_anyone_but_an_administrator(qtbot, admin, role,
                                                           gui_catalogs):
    view = AccountsView(_session(admin, role))
    qtbot.addWidget(view)
    assert view.table.rowCount() == 0 and view.error.isVisibleTo(view)


@pytest.fixture
def window(qtbot):
    main = QMainWindow()
    qtbot.addWidget(main)
    main.show()
    return main


@pytest.mark.parametrize(("role", "audit", "accounts_", "backup"), [
    (Role.CLERK, False, False, False),
    (Role.SUPERVISOR, True, False, True),
    (Role.ADMIN, True, True, True),
])
def test_the_menu_offers_each_role_what_it_may_do(qtbot, admin, window, role, audit,
                                                  accounts_, backup):
    menu = SecurityMenu(window, _session(admin, role))
    try:
        assert (menu.audit.isVisible(), menu.accounts.isVisible(), menu.backup.isVisible()) == (
            audit, accounts_, backup)
        assert menu.password.isVisible() and menu.lock_now.isVisible()
    finally:
        menu.idle_lock.stop()


def test_the_menu_opens_the_views_and_locks_the_screen(qtbot, admin, window):
    change_setting(admin, IDLE_LOCK_MINUTES, 10)
    menu = SecurityMenu(window, admin)
    try:
        menu.audit.trigger()
        assert isinstance(menu.hosts["audit"].view, AuditView)
        menu.accounts.trigger()
        assert isinstance(menu.hosts["accounts"].view, AccountsView)
        menu.lock_now.trigger()
        assert menu.idle_lock.is_locked()
    finally:
        menu.idle_lock.stop()
        for host in menu.hosts.values():
            host.close()


def test_closing_the_app_makes_the_automatic_backup(qtbot, admin, window, tmp_path):
    change_setting(admin, BACKUP_FOLDER, str(tmp_path / "bk"))
    menu = SecurityMenu(window, _session(admin, Role.CLERK))
    menu.backup_at_close()
    assert len(automatic_backups(tmp_path / "bk")) == 1


def test_opening_a_persons_file_is_audited(qtbot, admin, people, gui_catalogs):
    from desktop_app.ui.registrant_detail_dialog import RegistrantDetailDialog

    clerk = _session(admin, Role.CLERK)
    dialog = RegistrantDetailDialog(clerk, people[2])
    qtbot.addWidget(dialog)
    settle(qtbot)
    last = admin.db.audit.recent(1)[0]
    assert (last["action"], last["clerk"], last["entity_id"]) == (
        "registrant.view", "clerk1", str(people[2]))


def _details_of(view: AuditView, action: str) -> tuple[str, str]:
    """The 記録内容 cell of the newest row with this action, as shown and as its tooltip."""
    table = view.table.model()
    for row in range(table.rowCount()):
        if table.index(row, 4).data(Qt.ItemDataRole.ToolTipRole) == action:
            cell = table.index(row, 7)
            return cell.data(), cell.data(Qt.ItemDataRole.ToolTipRole)
    raise AssertionError(f"no {action} row on screen")


def test_audit_view_shows_what_was_recorded_as_labelled_words(admin, audit_view):
    add_account(admin, "counter2", "clerk", PASSWORD, "窓口 次郎")
    accounts.change_role(admin, "counter2", Role.SUPERVISOR)
    audit_view.search_button.click()
    assert audit_view.model.headerData(7, Qt.Orientation.Horizontal) == "記録内容"
    shown, whole = _details_of(audit_view, "clerk.change_role")
    assert shown == whole == "役割: 窓口担当 → 監督者"
    shown, whole = _details_of(audit_view, "registrant.register")
    assert shown.startswith("氏: 渡邊 / 名: 大輔 / 氏カナ: ワタナベ / 名カナ: ダイスケ / "
                            "生年月日: 昭和19年8月15日")
    assert len(shown) <= 160 and shown.endswith("…")  # the whole line is the tooltip
    assert "区分: 二地域居住者" in whole and "状態: 申請中" in whole
    for raw in ("{", '"', "family_name", "dual", "applied", "uuid"):
        assert raw not in whole
