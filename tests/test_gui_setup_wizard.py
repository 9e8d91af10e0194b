"""The first-run wizard walked with the keyboard alone, as a town's IT person would, counting
the key presses against the two-minute goal; and each later step skipped."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWizard

from desktop_app.domain.policy import BACKUP_FOLDER, BACKUP_PASSPHRASE
from desktop_app.services import exchange_keys, print_settings
from desktop_app.services.exchange_keys import export_prefecture_certificate
from desktop_app.services.policy import setting
from desktop_app.ui.settings_view import SettingsView
from desktop_app.ui.setup_wizard import SetupWizard

# A steady typist manages about 200 key presses a minute (3.3 a second); the goal is two
# minutes of typing for the whole wizard, paths and passwords included.
KEYS_PER_MINUTE = 200
GOAL_MINUTES = 2


@dataclass
class Keyboard:
    """Types into whatever has the keyboard focus, and counts every key pressed."""

    qtbot: object
    presses: int = 0

    def focus(self):
        return QApplication.focusWidget()

    def type(self, text: str) -> None:
        self.qtbot.keyClicks(self.focus(), text)
        self.presses += len(text)

    def press(self, key: Qt.Key, times: int = 1) -> None:
        for _ in range(times):
            self.qtbot.keyClick(self.focus(), key)
        self.presses += times


@pytest.fixture
def wizard(qtbot, empty_db, gui_catalogs) -> SetupWizard:
    dialog = SetupWizard(empty_db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitActive(dialog)
    return dialog


def test_the_whole_wizard_with_keys_only(qtbot, wizard, empty_db, prefecture, tmp_path,
                                         monkeypatch):
    monkeypatch.chdir(tmp_path)  # the stick's files, as E:\pref.pem would be typed
    (tmp_path / "pref.pem").write_bytes(export_prefecture_certificate(prefecture))
    keys = Keyboard(qtbot)

    assert keys.focus() is wizard.municipality_page.code
    keys.type("042021")
    assert "宮城県石巻市" in wizard.municipality_page.found.text()
    keys.press(Qt.Key.Key_Return)
    assert keys.focus() is wizard.office_page.name
    keys.type("Honcho")
    keys.press(Qt.Key.Key_Return)
    admin = wizard.administrator_page
    assert keys.focus() is admin.login
    for text in ("chief", "Chief", "long-enough-1"):
        keys.type(text)
        keys.press(Qt.Key.Key_Tab)
    assert keys.focus() is admin.repeat
    keys.type("long-enough-1")
    keys.press(Qt.Key.Key_Return)  # 事務所を設定 (the commit button) is the default
    assert wizard.session is not None and empty_db.office.get()["office_name"] == "Honcho"

    certificate = wizard.certificate_page.panel
    assert keys.focus() is certificate.path
    keys.type("pref.pem")
    keys.press(Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.backup_page, certificate.error.text()
    assert exchange_keys.prefecture_certificate_pem(empty_db) is not None

    backup = wizard.backup_page.panel
    assert keys.focus() is backup.folder
    keys.type("backups")
    keys.press(Qt.Key.Key_Tab, 2)  # past 選択…
    assert keys.focus() is backup.passphrase
    keys.type("vault-pass-9")
    keys.press(Qt.Key.Key_Tab)
    keys.type("vault-pass-9")
    keys.press(Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.calibration_page, backup.error.text()
    assert setting(empty_db, BACKUP_FOLDER) == str(tmp_path / "backups")
    assert setting(empty_db, BACKUP_PASSPHRASE) == "vault-pass-9"
    assert (tmp_path / "backups").is_dir()

    calibration = wizard.calibration_page.panel
    keys.press(Qt.Key.Key_Tab, 2)  # past the printer's name and 調整ページを印刷…
    assert keys.focus() is calibration.x
    keys.type("1.5")
    keys.press(Qt.Key.Key_Tab)
    keys.type("-1")
    with qtbot.waitSignal(wizard.accepted, timeout=2000):
        keys.press(Qt.Key.Key_Return)
    offsets = print_settings.load(empty_db).calibration(calibration.printer.text())
    assert (offsets.x, offsets.y) == (1.5, -1.0)

    assert keys.presses <= KEYS_PER_MINUTE * GOAL_MINUTES, keys.presses
    assert keys.presses < 120  # what it is today (about 100): a new step must earn its keys


def test_every_later_step_can_be_skipped(qtbot, wizard, empty_db):
    wizard.municipality_page.code.setText("042021")
    wizard.next()
    wizard.office_page.name.setText("本庁")
    wizard.next()
    admin = wizard.administrator_page
    for field, text in ((admin.login, "chief"), (admin.password, "long-enough-1"),
                        (admin.repeat, "long-enough-1")):
        field.setText(text)
    skip = wizard.button(QWizard.WizardButton.CustomButton1)
    assert not skip.isVisible()  # the town, office and administrator cannot wait
    wizard.next()
    assert wizard.currentPage() is wizard.certificate_page and skip.isVisible()
    assert skip.text() == "スキップ(&S)"
    wizard.certificate_page.panel.path.setText("no-such-file.pem")  # typed, then skipped
    skip.click()
    assert wizard.currentPage() is wizard.backup_page
    wizard.backup_page.panel.passphrase.setText("short")
    skip.click()
    with qtbot.waitSignal(wizard.accepted, timeout=2000):
        skip.click()
    assert exchange_keys.prefecture_certificate_pem(empty_db) is None
    assert setting(empty_db, BACKUP_PASSPHRASE) == ""
    assert print_settings.load(empty_db).calibrations == {}


def test_a_refused_step_stays_open_and_says_why(qtbot, wizard, empty_db):
    wizard.municipality_page.code.setText("042021")
    wizard.next()
    wizard.office_page.name.setText("本庁")
    wizard.next()
    admin = wizard.administrator_page
    for field in (admin.login, admin.password, admin.repeat):
        field.setText("long-enough-1" if field is not admin.login else "chief")
    wizard.next()
    wizard.next()  # no certificate: nothing to import
    backup = wizard.backup_page.panel
    backup.passphrase.setText("short")
    backup.repeat.setText("short")
    wizard.next()
    assert wizard.currentPage() is wizard.backup_page
    assert "8" in backup.error.text()
    assert setting(empty_db, BACKUP_PASSPHRASE) == ""


def test_a_skipped_step_is_done_later_under_settings(qtbot, admin, clerk, gui_catalogs):
    view = SettingsView(admin)
    qtbot.addWidget(view)
    calibration = view.office_panels[-1]
    calibration.x.setValue(-2.5)
    save = next(button for button in view.findChildren(QPushButton)
                if button.accessibleName() == "印刷位置の調整 保存")
    save.click()
    offsets = print_settings.load(admin.db).calibration(calibration.printer.text())
    assert offsets.x == -2.5
    assert "保存しました。" in [label.text() for label in view.findChildren(QLabel)]
    counter = SettingsView(clerk)
    qtbot.addWidget(counter)
    assert counter.office_panels == []  # a clerk sees the language and dates only
