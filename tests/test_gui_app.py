"""Start-up: the bundled font, Qt's own translations, and the way to the main window."""

from __future__ import annotations

import inspect
import sys
import threading
import types

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontInfo, QFontMetrics
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QMessageBox, QPushButton

from desktop_app import app as app_module
from desktop_app.domain.application import Application
from desktop_app.services import preferences
from desktop_app.services.demo_accounts import DEMO_ADMIN_LOGIN, DEMO_ADMIN_PASSWORD
from desktop_app.services.office_setup import set_up_office
from desktop_app.services.registration import register
from desktop_app.services.sign_in import sign_in
from desktop_app.store.database import Database
from desktop_app.ui.app_setup import use_bundled_font, use_qt_language
from desktop_app.ui.setup_wizard import SetupWizard
from desktop_app.ui.sign_in_dialog import SignInDialog
from tests.conftest import ADMIN_PASSWORD


@pytest.fixture
def qt_language(qapp):
    yield use_qt_language
    use_qt_language("en")


def test_the_bundled_font_draws_japanese(qapp):
    before = qapp.font()
    try:
        family = use_bundled_font(qapp)
        assert family == "IPAexGothic"
        assert QFontInfo(qapp.font()).family() == "IPAexGothic"
        metrics = QFontMetrics(qapp.font())
        assert all(metrics.inFontUcs4(ord(character)) for character in "台帳髙﨑ふたさと")
    finally:
        qapp.setFont(before)


def test_qt_dialog_buttons_speak_japanese_and_english(qtbot, qt_language):
    assert qt_language("ja")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "キャンセル"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "キャンセル"
    assert qt_language("en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_qt_message_box_and_file_chooser_read_japanese(qtbot, qt_language):
    assert qt_language("ja")
    box = QMessageBox()
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    assert sorted(b.text() for b in box.buttons()) == ["いいえ(&N)", "はい(&Y)"]
    chooser = QFileDialog()
    chooser.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(chooser)
    labels = {label.text() for label in chooser.findChildren(QLabel)}
    assert labels == {"場所(&L):", "ファイル名(&N):", "ファイルの種類(&T):"}
    assert "キャンセル" in {b.text() for b in chooser.findChildren(QPushButton)}
    assert qt_language("en")
    chooser = QFileDialog()
    chooser.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(chooser)
    assert "&Look in:" in {label.text() for label in chooser.findChildren(QLabel)}


def test_open_window_keeps_the_signature_the_command_line_calls():
    assert list(inspect.signature(app_module.open_window).parameters) == [
        "database", "demo", "language"]


@pytest.fixture
def start(startups, qt_language):
    """Run the start-up walk on a file; closes what it opened."""
    return startups


def test_start_asks_for_sign_in_and_opens_the_window_in_the_saved_language(
        start, db_path, admin, people, gui_catalogs, monkeypatch):
    preferences.save(admin, preferences.LANGUAGE, "en")
    monkeypatch.setattr(SignInDialog, "ask", classmethod(
        lambda cls, parent, db: sign_in(db, "admin", ADMIN_PASSWORD)))
    startup = start(db_path)
    assert startup.window.isVisible()
    assert startup.window.registry.model.rowCount() == 7
    assert startup.window.navigation.item(1).text() == "Registry"


def test_a_new_file_starts_with_the_wizard(start, db_path, gui_catalogs, monkeypatch):
    asked = []

    def wizard(cls, parent, db):
        asked.append("wizard")
        return set_up_office(db, municipality_code="152242", office_name="佐渡市役所",
                             admin_login="chief", admin_password=ADMIN_PASSWORD)

    monkeypatch.setattr(SetupWizard, "ask", classmethod(wizard))
    monkeypatch.setattr(SignInDialog, "ask", classmethod(
        lambda cls, parent, db: asked.append("sign in") or sign_in(db, "chief", ADMIN_PASSWORD)))
    startup = start(db_path, language="ja")
    assert asked == ["wizard", "sign in"]
    assert "佐渡市役所" in startup.window.office_label.text()


def test_cancelling_sign_in_opens_no_window(start, db_path, admin, monkeypatch):
    monkeypatch.setattr(SignInDialog, "ask", classmethod(lambda cls, parent, db: None))
    startup = start(db_path)
    assert startup.window is None and startup.exit_code == 0


def fake_demo_module(registrants: int) -> types.ModuleType:
    """The demo service's interface, filled with a few people."""
    module = types.ModuleType("desktop_app.services.demo")

    def create_demo_database(path, registrants: int = registrants, seed: int = 1, *,
                             progress=None, cancel=None) -> None:
        assert threading.current_thread() is not threading.main_thread()
        progress(0.5, "")
        assert not cancel.is_set()
        db = Database(path)
        session = set_up_office(db, municipality_code="042021", office_name="デモ役場",
                                admin_login=DEMO_ADMIN_LOGIN, admin_password=DEMO_ADMIN_PASSWORD)
        for number in range(registrants):
            register(session, Application(family_name="見本", family_kana="ミホン",
                                          given_name=f"{number}", birth_date="1980-01-01",
                                          kind="dual"))
        db.close()

    module.create_demo_database = create_demo_database
    return module


def test_demo_mode_fills_an_empty_file_off_the_gui_thread_and_signs_in_itself(
        qtbot, start, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "desktop_app.services.demo", fake_demo_module(5))
    monkeypatch.setattr(SignInDialog, "ask", classmethod(
        lambda cls, parent, db: pytest.fail("demo mode asks no password")))
    startup = start(tmp_path / "demo.sqlite", demo=True)
    assert startup.window is None  # the data is still being made on the worker
    qtbot.waitUntil(lambda: startup.window is not None, timeout=5000)
    assert startup.window.registry.model.rowCount() == 5
    assert startup.window.session.clerk == DEMO_ADMIN_LOGIN
