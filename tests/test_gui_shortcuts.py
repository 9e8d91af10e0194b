"""ヘルプ → ショートカット lists the keys the menus' actions carry, and the counter's frequent
tasks have keys that reach their pages."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtGui import QAction, QKeySequence

from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.security_menu import install_security
from desktop_app.ui.shortcuts_dialog import ShortcutsDialog
from tests.gui_fixtures import free_window, gui_catalogs, settle  # noqa: F401 (fixture)

FREQUENT = {"new_registration": "Ctrl+N", "find": "Ctrl+F", "print_card": "Ctrl+Shift+P",
            "book_stay": "Ctrl+Shift+B", "redeem_voucher": "Ctrl+Shift+V"}


@pytest.fixture
def window(qtbot, admin, gui_catalogs):  # noqa: F811
    window = MainWindow(admin)  # freed below rather than by qtbot: see free_window
    window.security = install_security(window, admin)
    window.show()
    settle(qtbot)
    yield window
    free_window(qtbot, window)


def test_the_frequent_tasks_have_keys_and_no_key_is_bound_twice(window):
    for name, key in FREQUENT.items():
        assert getattr(window.menus, name).shortcut().toString() == key
    keys = Counter(sequence.toString() for action in window.findChildren(QAction)
                   for sequence in action.shortcuts())
    assert keys and max(keys.values()) == 1, keys


def test_the_dialog_lists_what_the_actions_carry_and_follows_them(qtbot, window):
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    shown = dialog.shown()
    keys = {command: keys for _menu, command, keys in shown}
    # The platform's other keys for New and Find follow Qt's own translations: only the first.
    assert keys["新規登録"].startswith("Ctrl+N")
    assert keys["登録者を検索"].startswith("Ctrl+F")
    assert ("登録者", "宿泊利用券を使用", "Ctrl+Shift+V") in shown
    assert ("表示", "ホーム", "Ctrl+1") in shown
    assert ("ヘルプ", "キーボードショートカット", "Ctrl+/") in shown
    assert not any(command.startswith("ふたさとについて") for _menu, command, _keys in shown)
    window.menus.about.setShortcut(QKeySequence("Ctrl+Shift+A"))  # one source: the actions
    window.menus.book_stay.setShortcut(QKeySequence())
    again = ShortcutsDialog(window)
    qtbot.addWidget(again)
    assert any(keys == "Ctrl+Shift+A" for _menu, _command, keys in again.shown())
    assert not any(keys == "Ctrl+Shift+B" for _menu, _command, keys in again.shown())
    assert len(again.shown()) == len(shown)


def test_each_frequent_task_opens_its_page(qtbot, window, monkeypatch):
    started = []
    monkeypatch.setattr(window.registry_actions, "new_registration",
                        lambda: started.append("entry"))
    window.menus.new_registration.trigger()
    assert started == ["entry"] and window.current_area() == "registry"
    window.menus.book_stay.trigger()
    stays = window.page("stays")
    assert window.current_area() == "stays"
    assert stays.tabs.currentWidget() is stays.calendar
    window.menus.redeem_voucher.trigger()
    assert window.current_area() == "vouchers"
    assert window.focusWidget() is window.page("vouchers").serial
    window.show_area("home")
    window.menus.print_card.trigger()  # nobody selected in the list: the certificates area
    assert window.current_area() == "certificates"
    settle(qtbot)
