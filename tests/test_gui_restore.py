"""Restoring from a backup in the window: administrators only, the backup checked first (as
`futasato restore` checks it), what it holds shown, a confirmation, then the file replaced,
the current one kept aside, both audited, and the application asked to open the file again."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QMainWindow

from desktop_app.domain.application import Application
from desktop_app.domain.errors import PermissionDenied
from desktop_app.domain.roles import Role
from desktop_app.services.backup import check_backup, create_backup
from desktop_app.services.registration import register
from desktop_app.services.session import Session
from desktop_app.ui.restore_dialog import RestoreDialog
from desktop_app.ui.security_menu import SecurityMenu
from tests.gui_fixtures import settle


def _person(session, family: str) -> int:
    return register(session, Application(family_name=family, family_kana="ヨシダ",
                                         given_name="花子", given_kana="ハナコ",
                                         birth_date="1987-11-07", kind="furusato", tier="basic"))


@pytest.fixture
def backup(admin, tmp_path):
    """A backup holding two people; a third is registered after it was taken."""
    _person(admin, "𠮷田")
    _person(admin, "佐藤")
    out = tmp_path / "backups" / "manual.sqlite"
    create_backup(admin, out)
    _person(admin, "鈴木")
    return out


def _rows(path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as raw:
        return raw.execute(sql).fetchall()


def test_checking_a_backup_says_what_it_holds_and_changes_nothing(admin, backup, db_path):
    audit_before = admin.db.audit.count()
    bytes_before = backup.read_bytes()
    contents = check_backup(admin, backup)
    assert (contents.registrants, contents.office_name, contents.municipality_code) == (
        2, "石巻市役所 本庁", "042021")
    assert contents.audit_rows > 0 and contents.last_change_by == "admin"
    assert not contents.encrypted and not contents.upgrade_needed
    assert backup.read_bytes() == bytes_before and admin.db.audit.count() == audit_before
    for role in (Role.CLERK, Role.SUPERVISOR):
        with pytest.raises(PermissionDenied):
            check_backup(Session(admin.db, clerk="x", role=role), backup)


def _menu(qtbot, session) -> SecurityMenu:
    window = QMainWindow()
    qtbot.addWidget(window)
    return SecurityMenu(window, session)


def test_only_an_administrator_is_offered_the_restore(qtbot, admin):
    for role, offered in ((Role.CLERK, False), (Role.SUPERVISOR, False), (Role.ADMIN, True)):
        menu = _menu(qtbot, Session(admin.db, clerk="x", role=role))
        assert menu.restore.isVisible() is offered
        menu.idle_lock.stop()


def test_the_window_checks_shows_confirms_and_restores(qtbot, admin, backup, db_path,
                                                      monkeypatch):
    monkeypatch.setattr(RestoreDialog, "ask_path", classmethod(lambda cls, parent: backup))
    asked: list[str] = []
    monkeypatch.setattr(RestoreDialog, "confirm",
                        classmethod(lambda cls, parent, text: asked.append(text) or True))
    told: list[str] = []
    monkeypatch.setattr(SecurityMenu, "tell", classmethod(lambda cls, p, text: told.append(text)))
    menu = _menu(qtbot, admin)
    menu.restore.trigger()
    dialog = menu.restore_dialog
    qtbot.addWidget(dialog)
    dialog.choose_button.click()
    assert not dialog.restore_button.isEnabled()  # not before the check
    assert not dialog.passphrase.isVisible()  # a plain backup needs none
    dialog.check_button.click()
    settle(qtbot)
    assert dialog.restore_button.isEnabled()
    shown = dialog.details.text()
    assert "石巻市役所 本庁" in shown and "manual.sqlite" in shown and ">2<" in shown
    with qtbot.waitSignal(menu.file_replaced, timeout=20_000):
        dialog.restore_button.click()
    settle(qtbot)
    assert "manual.sqlite" in asked[0] and "before-restore" in told[0]
    assert [name for (name,) in _rows(db_path, "SELECT family_name FROM registrants"
                                               " ORDER BY id")] == ["𠮷田", "佐藤"]
    assert _rows(db_path, "SELECT action, clerk FROM audit ORDER BY id DESC LIMIT 1") == [
        ("backup.restore", "admin")]
    [aside] = db_path.parent.glob("futasato.before-restore-*.sqlite")
    assert _rows(aside, "SELECT count(*) FROM registrants") == [(3,)]
    assert _rows(aside, "SELECT action FROM audit ORDER BY id DESC LIMIT 1") == [
        ("backup.restore_replaces",)]


def test_a_backup_whose_audit_trail_was_edited_is_refused_at_the_check(qtbot, admin, backup,
                                                                        monkeypatch):
    with sqlite3.connect(backup) as raw:
        raw.execute("UPDATE audit SET clerk = 'someone' WHERE id = 2")
    monkeypatch.setattr(RestoreDialog, "ask_path", classmethod(lambda cls, parent: backup))
    dialog = RestoreDialog(admin)
    qtbot.addWidget(dialog)
    dialog.choose_button.click()
    dialog.check_button.click()
    settle(qtbot)
    assert not dialog.restore_button.isEnabled()
    assert "改ざん" in dialog.message.text() and dialog.details.text() == ""
