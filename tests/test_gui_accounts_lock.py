"""The idle lock and the sign-in lock-out as a clerk meets them on screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QLineEdit, QMainWindow, QVBoxLayout

from desktop_app.domain.policy import IDLE_LOCK_MINUTES
from desktop_app.services.policy import change_setting
from desktop_app.ui.idle_lock import IdleLock
from desktop_app.ui.sign_in_dialog import SignInDialog
from tests.conftest import ADMIN_PASSWORD


@pytest.fixture
def window(qtbot):
    """A window with a field holding personal data and a shortcut."""
    main = QMainWindow()
    qtbot.addWidget(main)
    main.field = QLineEdit("𠮷田 花子")
    main.setCentralWidget(main.field)
    main.triggered = []
    action = QAction("find", main)
    action.setShortcut(QKeySequence("Ctrl+K"))
    action.triggered.connect(lambda: main.triggered.append(1))
    main.addAction(action)
    main.resize(640, 400)
    main.show()
    main.activateWindow()
    qtbot.waitExposed(main)
    return main


@pytest.fixture
def lock(admin, window):
    change_setting(admin, IDLE_LOCK_MINUTES, 10)
    idle = IdleLock(window, admin)
    yield idle
    idle.stop()


def test_the_screen_locks_after_the_idle_time_from_settings(qtbot, admin, window):
    change_setting(admin, IDLE_LOCK_MINUTES, 0.01)  # 0.6 seconds
    idle = IdleLock(window, admin)
    try:
        assert not idle.is_locked()
        qtbot.waitUntil(idle.is_locked, timeout=10_000)
        assert idle.panel.isVisible() and idle.panel.geometry() == window.rect()
    finally:
        idle.stop()


def test_no_lock_when_the_setting_is_zero(admin, window):
    change_setting(admin, IDLE_LOCK_MINUTES, 0)
    idle = IdleLock(window, admin)
    try:
        assert not idle.timer.isActive()
    finally:
        idle.stop()


def test_activity_starts_the_idle_time_again(qtbot, lock, window):
    lock.timer.setInterval(2_000)
    lock.timer.start()
    qtbot.wait(600)
    before = lock.timer.remainingTime()
    qtbot.keyClick(window.field, Qt.Key.Key_A)
    assert lock.timer.remainingTime() > before + 300


def test_while_locked_input_and_shortcuts_do_nothing(qtbot, lock, window):
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.triggered == [1]  # the shortcut works before the lock
    lock.lock()
    qtbot.keyClicks(window.field, "abc")
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.field.text() == "𠮷田 花子" and window.triggered == [1]


def test_wrong_password_keeps_it_locked_and_right_one_unlocks(qtbot, admin, lock, window,
                                                              gui_catalogs):
    lock.lock()
    panel = lock.panel
    assert "admin" in panel.message.text()
    qtbot.keyClicks(panel.password, "not-my-password")
    qtbot.keyClick(panel.password, Qt.Key.Key_Return)
    assert lock.is_locked() and panel.error.text() == "ログイン名またはパスワードが違います。"
    assert panel.password.text() == ""
    with qtbot.waitSignal(lock.unlocked, timeout=5_000):
        qtbot.keyClicks(panel.password, ADMIN_PASSWORD)
        qtbot.keyClick(panel.password, Qt.Key.Key_Return)
    assert not lock.is_locked() and lock.timer.isActive()
    actions = [row["action"] for row in admin.db.audit.recent(2)]
    assert actions == ["sign_in.ok", "sign_in.failed"]
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.triggered == [1]


def test_repeated_wrong_passwords_at_the_lock_lock_the_account(qtbot, lock,
                                                               gui_catalogs):
    lock.lock()
    panel = lock.panel
    for _ in range(5):
        panel.password.setText("not-my-password")
        panel.unlock.click()
    assert "ロックされています" in panel.error.text() and "15分0秒" in panel.error.text()
    panel.password.setText(ADMIN_PASSWORD)
    panel.unlock.click()
    assert lock.is_locked()


def test_an_open_dialog_is_covered_and_asks_the_password(qtbot, lock, window):
    dialog = QDialog(window)
    qtbot.addWidget(dialog)
    dialog.setModal(True)
    QVBoxLayout(dialog).addWidget(QLineEdit("連絡先 090-1234-5678"))
    dialog.show()
    qtbot.waitExposed(dialog)
    lock.lock()
    assert lock.panel.parent() is dialog
    assert len(lock.curtains) == 1 and lock.curtains[0].parent() is window
    assert lock.curtains[0].geometry() == window.rect()
    lock.panel.password.setText(ADMIN_PASSWORD)
    lock.panel.unlock.click()
    assert not lock.is_locked() and dialog.isVisible()


def test_sign_in_dialog_shows_the_lock_out_with_the_time_left(qtbot, db,
                                                              gui_catalogs):
    dialog = SignInDialog(db)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.login, "admin")
    for _ in range(4):
        dialog.password.setText("not-my-password")
        dialog.try_sign_in()
        assert dialog.error.text() == "ログイン名またはパスワードが違います。"
    dialog.password.setText("not-my-password")
    dialog.try_sign_in()
    assert "15分0秒" in dialog.error.text()
    dialog.password.setText(ADMIN_PASSWORD)
    dialog.try_sign_in()
    assert dialog.session is None and "ロックされています" in dialog.error.text()
