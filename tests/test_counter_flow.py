"""The whole counter visit by keyboard (書かない窓口), with its key presses counted.

A clerk registers a walk-in whose name is that of a person on file, confirms a different person,
saves and saves the pre-filled application form; a supervisor then approves at the same PC
(their own password in the approval dialog, no restart) and saves the card. Only keys other than
the typed values are counted; Japanese is typed as an input method commits it.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QInputMethodEvent, QKeySequence
from PySide6.QtWidgets import QApplication

from desktop_app.domain.application import Application
from desktop_app.domain.roles import Role
from desktop_app.printing.forms import ApplicationForm, render_form
from desktop_app.services.accounts import create_clerk
from desktop_app.services.registration import register
from desktop_app.services.registry_status import approve
from desktop_app.services.session import Session
from desktop_app.services.sign_in import sign_in
from desktop_app.ui.approval_dialog import ApprovalDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.next_step_dialog import NextStepDialog
from desktop_app.ui.print_preview import PrintPreviewDialog
from desktop_app.ui.registrant_detail_dialog import RegistrantDetailDialog
from desktop_app.ui.registrant_entry_dialog import RegistrantEntryDialog
from tests.gui_fixtures import settle

CLERK_TARGET, SUPERVISOR_TARGET = 25, 8
CTRL, SHIFT, ALT = (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier,
                    Qt.KeyboardModifier.AltModifier)


class Keyboard:
    """Presses keys on whatever has the focus, counting them; typing is not counted."""

    def __init__(self, qtbot):
        self.qtbot, self.presses = qtbot, 0

    def press(self, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
        self.presses += 1
        target = (QApplication.focusWidget() or QApplication.activeModalWidget()
                  or QApplication.activeWindow())
        self.qtbot.keyClick(target, key, modifiers)

    def type(self, text: str) -> None:
        widget = QApplication.focusWidget()
        if text.isascii():
            self.qtbot.keyClicks(widget, text)
        else:  # keyClicks aborts on non-ASCII: commit it as the input method would
            event = QInputMethodEvent()
            event.setCommitString(text)
            QApplication.sendEvent(widget, event)


class Script:
    """Steps run one after another from the event loop, each once its condition holds, so a
    step may open a modal dialog (its exec() runs the next steps)."""

    def __init__(self, window, steps: list[tuple[Callable[[], bool], Callable[[], None]]]):
        self.window, self.steps, self.done = window, list(steps), False

    def start(self) -> None:
        QTimer.singleShot(0, self._tick)

    def _tick(self) -> None:
        if not self.steps:
            self.done = True
            return
        ready, act = self.steps[0]
        if QApplication.activeWindow() is None:
            # Offscreen, a closed dialog hands activation back to no window (a desktop gives
            # it to the main window): give it back, and look again once it has arrived.
            (QApplication.activeModalWidget() or self.window).activateWindow()
            QTimer.singleShot(20, self._tick)
            return
        if not ready():
            QTimer.singleShot(20, self._tick)
            return
        self.steps.pop(0)
        QTimer.singleShot(20, self._tick)  # before act(): act may not return until much later
        act()


def modal(kind: type) -> Callable[[], bool]:
    return lambda: isinstance(QApplication.activeModalWidget(), kind)


def focused(name: str) -> Callable[[], bool]:
    def check() -> bool:
        dialog = QApplication.activeModalWidget()
        return (isinstance(dialog, RegistrantEntryDialog)
                and dialog.edits[name].hasFocus())
    return check


def preview_open() -> bool:
    window = QApplication.activeWindow()
    return isinstance(window, PrintPreviewDialog) and window.isVisible()


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture
def counter(admin, monkeypatch, tmp_path):
    """Accounts for a clerk and a supervisor, a person on file with the walk-in's name, and
    the save-file dialog answered with a path in tmp_path (its Enter is counted)."""
    create_clerk(admin, login="madoguchi", display_name="窓口 一郎", role=Role.CLERK,
                 password="clerk-pass-1", must_change_password=False)
    create_clerk(admin, login="kantoku", display_name="監督 花子", role=Role.SUPERVISOR,
                 password="super-pass-1", must_change_password=False)
    register(admin, Application(family_name="髙橋", given_name="花子", family_kana="タカハシ",
                                given_kana="ハナコ", birth_date="1962-11-03", kind="furusato",
                                tier="basic", prefecture="宮城県", city="仙台市青葉区"))
    saved: list = []

    def ask_file(cls, parent, suggested):
        keyboard.presses += 1  # Enter in the file dialog, taking the suggested name
        path = tmp_path / f"{len(saved)}-{suggested}"
        saved.append(path)
        return str(path)

    monkeypatch.setattr(PrintPreviewDialog, "ask_file", classmethod(ask_file))
    keyboard = None

    def with_keyboard(board: Keyboard) -> list:
        nonlocal keyboard
        keyboard = board
        return saved

    return with_keyboard


def test_a_walk_in_registered_printed_and_approved_by_keyboard(qtbot, admin, counter):
    keys = Keyboard(qtbot)
    saved = counter(keys)
    window = MainWindow(sign_in(admin.db, "madoguchi", "clerk-pass-1"))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    entry: list[RegistrantEntryDialog] = []

    def fill(value: str, then: Qt.Key | None = Qt.Key.Key_Tab) -> Callable[[], None]:
        def act() -> None:
            keys.type(value)
            if then is not None:
                keys.press(then)
        return act

    def tabs(count: int) -> Callable[[], None]:
        return lambda: [keys.press(Qt.Key.Key_Tab) for _ in range(count)]

    clerk = Script(window, [
        (lambda: True, lambda: keys.press(Qt.Key.Key_N, CTRL)),  # 新規登録 from the list
        (focused("family_name"), lambda: (entry.append(QApplication.activeModalWidget()),
                                          fill("高橋")())),
        (focused("given_name"), fill("花子")),
        (focused("family_kana"), fill("タカハシ")),
        (focused("given_kana"), fill("ハナコ")),
        (focused("birth_date"), fill("S60.4.2")),
        (lambda: True, tabs(3)),  # 性別, 区分, 種別 as they are
        (focused("postal_code"), fill("1000001")),
        (focused("street"), fill("1-2-3")),  # the town came from the postal code
        (focused("phone"), fill("090-1234-5678", then=None)),
        (lambda: entry[0].not_duplicate.isVisible(),
         lambda: keys.press(Qt.Key.Key_C, ALT)),  # 確認済み: 別人です
        (lambda: entry[0].not_duplicate.isChecked(), lambda: keys.press(Qt.Key.Key_Return)),
        (modal(NextStepDialog), lambda: keys.press(Qt.Key.Key_Return)),  # print the form
        (preview_open, lambda: keys.press(Qt.Key.Key_S, CTRL)),
        (lambda: len(saved) == 1 and saved[0].exists(),
         lambda: keys.press(Qt.Key.Key_Escape)),
    ])
    clerk.start()
    qtbot.waitUntil(lambda: clerk.done and not preview_open(), timeout=60_000)
    clerk_presses = keys.presses

    assert window.registry.selected_name() == "高橋 花子"
    assert "高橋 花子" in window.statusBar().currentMessage()
    form = pdf_text(saved[0])
    assert "高橋" in form and "花子" in form and "千代田区千代田1-2-3" in form
    assert "同意しない" in form  # the consents the person signs for

    keys.presses = 0
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    supervisor = Script(window, [
        (lambda: True, lambda: keys.press(Qt.Key.Key_A, CTRL | SHIFT)),  # 承認…
        (modal(ApprovalDialog), fill("kantoku")),
        (lambda: QApplication.activeModalWidget().password.hasFocus(),
         fill("super-pass-1", then=Qt.Key.Key_Return)),
        (lambda: QApplication.activeModalWidget() is None
         and re.search(r"R\d+-\d{6}", window.statusBar().currentMessage()) is not None,
         lambda: keys.press(Qt.Key.Key_P, CTRL | SHIFT)),  # the card
        (preview_open, lambda: keys.press(Qt.Key.Key_S, CTRL)),
        (lambda: len(saved) == 2 and saved[1].exists(), lambda: keys.press(Qt.Key.Key_Escape)),
    ])
    supervisor.start()
    qtbot.waitUntil(lambda: supervisor.done and not preview_open(), timeout=60_000)

    person = admin.db.registrants.get(entry[0].saved_id)
    assert person["status"] == "registered" and person["approved_by"] == "kantoku"
    approval = [row for row in admin.db.audit.recent(20) if row["action"] == "registrant.approve"]
    assert approval[0]["clerk"] == "kantoku"
    settle(qtbot)
    card = pdf_text(saved[1])
    assert "高橋" in card and "花子" in card
    print(f"key presses: clerk {clerk_presses}, supervisor {keys.presses}")
    window.close()  # the previews and dialogs it parented go now, not during the next test
    settle(qtbot)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert clerk_presses <= CLERK_TARGET
    assert keys.presses <= SUPERVISOR_TARGET


@pytest.mark.parametrize(("approved", "who", "offered"), [
    (False, "clerk", {"edit", "approve", "merge"}),
    (True, "clerk", {"edit", "renew", "merge"}),  # no 承認 once registered
    (True, "admin", {"edit", "renew", "revoke", "erase", "merge"}),
])
def test_the_file_offers_only_what_the_status_allows(qtbot, admin, clerk, people, approved,
                                                     who, offered):
    if approved:
        approve(Session(admin.db, clerk="super1", role=Role.SUPERVISOR), people[0])
    dialog = RegistrantDetailDialog(clerk if who == "clerk" else admin, people[0])
    qtbot.addWidget(dialog)
    settle(qtbot)
    assert set(dialog.act_buttons) == offered


def test_the_preview_fits_the_screen_with_its_keys(qtbot):
    pdf = render_form(ApplicationForm("申請書", "市長　様", (("氏名", "高橋 花子"),), (), "", ()))
    preview = PrintPreviewDialog(pdf, title="申請書")
    qtbot.addWidget(preview)
    preview.show()
    space = preview.screen().availableGeometry()
    assert preview.frameGeometry().height() <= space.height()
    assert preview.save_button.geometry().bottom() < preview.height()
    assert preview.print_button.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    assert preview.save_button.shortcut() == QKeySequence(QKeySequence.StandardKey.Save)


def test_correcting_a_person_keeps_the_whole_address(qtbot, clerk, db):
    person = register(clerk, Application(family_name="山田", family_kana="ヤマダ",
                                         birth_date="1990-01-01", kind="dual",
                                         postal_code="100-0001", prefecture="東京都",
                                         city="千代田区", address="千代田1-2-3"))
    dialog = RegistrantEntryDialog(clerk, person)
    qtbot.addWidget(dialog)
    assert dialog.edits["street"].text() == ""
    assert dialog.application().address == db.registrants.get(person)["address"]
