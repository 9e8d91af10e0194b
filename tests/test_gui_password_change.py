"""On screen: a clerk signing in with a password an administrator set chooses their own at once,
before the main window opens."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from desktop_app.domain.roles import Role
from desktop_app.services import accounts
from desktop_app.services.sign_in import sign_in
from desktop_app.ui.new_password_dialog import NewPasswordDialog
from desktop_app.ui.sign_in_dialog import SignInDialog
from tests.accounts_helpers import add_account
from tests.conftest import ADMIN_PASSWORD

GIVEN = "given-pass-33"
OWN = "my-own-pass-44"


def _ok(dialog: QDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


@pytest.fixture
def reset_clerk(admin):
    add_account(admin, "clerk1", Role.CLERK, "window-pass-22", "窓口 花子")
    accounts.reset_password(admin, "clerk1", GIVEN)
    return admin.db


@pytest.fixture
def screens(qtbot, monkeypatch):
    """Plays the modal dialogs as a clerk would: each `exec` runs the next scripted step.

    `sign_in` is (login, password); `new_password` is a list of (given, new, repeat) tries, or
    None to press Cancel. `shown` records each new-password dialog as it was shown.
    """
    script = {"sign_in": ("clerk1", GIVEN), "new_password": [(GIVEN, OWN, OWN)]}
    shown: list[dict] = []

    def sign_in_exec(dialog: SignInDialog) -> int:
        qtbot.addWidget(dialog)
        dialog.login.setText(script["sign_in"][0])
        dialog.password.setText(script["sign_in"][1])
        _ok(dialog)
        return dialog.result()

    def new_password_exec(dialog: NewPasswordDialog) -> int:
        qtbot.addWidget(dialog)
        dialog.show()
        seen = {"title": dialog.windowTitle(), "text": dialog.explanation.text(), "errors": []}
        shown.append(seen)
        tries = script["new_password"]
        if tries is None:
            dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
            return dialog.result()
        for given, new, repeat in tries:
            dialog.current.setText(given)
            dialog.password.setText(new)
            dialog.repeat.setText(repeat)
            _ok(dialog)
            if dialog.result() == QDialog.DialogCode.Accepted:
                break
            assert dialog.isVisible() and dialog.error.isVisibleTo(dialog)
            seen["errors"].append(dialog.error.text())
        return dialog.result()

    monkeypatch.setattr(SignInDialog, "exec", sign_in_exec)
    monkeypatch.setattr(NewPasswordDialog, "exec", new_password_exec)
    script["shown"] = shown
    return script


@pytest.fixture
def start(startups, db_path):
    return lambda: startups(db_path, language="ja")


def test_sign_in_with_a_reset_password_asks_for_a_new_one_before_the_window(
        reset_clerk, screens, start, gui_catalogs):
    startup = start()
    assert len(screens["shown"]) == 1
    assert screens["shown"][0]["title"] == "新しいパスワードの設定"
    assert "clerk1" in screens["shown"][0]["text"] and "管理者" in screens["shown"][0]["text"]
    assert startup.window is not None and startup.window.isVisible()
    session = startup.window.session
    assert session.clerk == "clerk1" and not session.must_change_password
    assert reset_clerk.clerks.by_login("clerk1")["must_change_password"] == 0
    assert sign_in(reset_clerk, "clerk1", OWN).clerk == "clerk1"


def test_refusals_are_shown_in_the_dialog_until_the_password_is_acceptable(
        reset_clerk, screens, start, gui_catalogs):
    screens["new_password"] = [("not-the-given", OWN, OWN), (GIVEN, OWN, "typo-" + OWN),
                               (GIVEN, "short", "short"), (GIVEN, GIVEN, GIVEN),
                               (GIVEN, OWN, OWN)]
    startup = start()
    errors = screens["shown"][0]["errors"]
    assert errors == ["現在のパスワードが違います。", "2回入力したパスワードが一致しません。",
                      "パスワード: パスワードは8文字以上にしてください。",
                      "パスワード: 新しいパスワードは現在のものと異なるものにしてください。"]
    assert startup.window is not None
    assert sign_in(reset_clerk, "clerk1", OWN).must_change_password is False


def test_cancelling_the_new_password_opens_no_window_and_changes_nothing(
        reset_clerk, screens, start, gui_catalogs):
    screens["new_password"] = None
    startup = start()
    assert len(screens["shown"]) == 1
    assert startup.window is None and startup.exit_code == 0
    assert reset_clerk.clerks.by_login("clerk1")["must_change_password"] == 1
    assert sign_in(reset_clerk, "clerk1", GIVEN).must_change_password


def test_a_clerk_with_their_own_password_goes_straight_to_the_window(
        admin, screens, start, gui_catalogs):
    screens["sign_in"] = ("admin", ADMIN_PASSWORD)
    startup = start()
    assert screens["shown"] == []
    assert startup.window is not None and startup.window.session.clerk == "admin"


def test_a_new_clerk_is_asked_too(admin, screens, start, gui_catalogs):
    accounts.create_clerk(admin, login="new1", display_name="新人", role=Role.SUPERVISOR,
                          password=GIVEN)
    screens["sign_in"] = ("new1", GIVEN)
    startup = start()
    assert len(screens["shown"]) == 1 and "new1" in screens["shown"][0]["text"]
    assert startup.window.session.role is Role.SUPERVISOR


def test_the_dialog_is_the_change_password_dialog_with_its_fields(
        qtbot, reset_clerk, gui_catalogs):
    dialog = NewPasswordDialog(sign_in(reset_clerk, "clerk1", GIVEN))
    qtbot.addWidget(dialog)
    labels = [dialog.form.labelForField(field).text()
              for field in (dialog.current, dialog.password, dialog.repeat)]
    assert labels == ["伝えられたパスワード", "新しいパスワード", "新しいパスワード（確認）"]
    assert all(field.echoMode() == field.EchoMode.Password
               for field in (dialog.current, dialog.password, dialog.repeat))
