"""First-start wizard and sign-in dialog."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWizard

from desktop_app.domain.errors import PermissionDenied, RuleRefused
from desktop_app.services.municipalities import look_up
from desktop_app.services.office_setup import is_set_up
from desktop_app.services.sign_in import sign_in
from desktop_app.ui.about_dialog import AboutDialog
from desktop_app.ui.setup_wizard import SetupWizard
from desktop_app.ui.sign_in_dialog import SignInDialog
from tests.conftest import ADMIN_PASSWORD


@pytest.fixture
def wizard(qtbot, empty_db, gui_catalogs) -> SetupWizard:
    dialog = SetupWizard(empty_db)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def next_enabled(wizard: SetupWizard) -> bool:
    return wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_wizard_refuses_a_code_with_a_wrong_check_digit(wizard, empty_db):
    page = wizard.municipality_page
    page.code.setText("042022")
    with pytest.raises(RuleRefused) as refused:
        look_up("042022")
    assert page.found.text() == refused.value.message
    assert "042022" in page.found.text()
    assert not next_enabled(wizard)
    assert not is_set_up(empty_db)


def test_wizard_shows_the_municipality_and_sets_up_the_office(qtbot, wizard, empty_db):
    page = wizard.municipality_page
    page.code.setText("04202")
    assert page.found.text() == "" and not next_enabled(wizard)
    page.code.setText("042021")
    assert "宮城県石巻市" in page.found.text()
    assert next_enabled(wizard)
    wizard.next()
    assert not next_enabled(wizard)
    wizard.office_page.name.setText("石巻市役所 本庁")
    wizard.next()
    admin = wizard.administrator_page
    qtbot.keyClicks(admin.login, "chief")
    admin.display_name.setText("窓口 花子")
    qtbot.keyClicks(admin.password, "long-enough-1")
    qtbot.keyClicks(admin.repeat, "long-enough-2")
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    commit.click()
    assert admin.error.text() == "2回入力したパスワードが一致しません。"
    assert not is_set_up(empty_db)
    admin.repeat.setText("long-enough-1")
    commit.click()
    assert wizard.currentPage() is wizard.certificate_page  # the steps that may wait follow
    assert wizard.session is not None and wizard.session.clerk == "chief"
    office = empty_db.office.get()
    assert (office["municipality_code"], office["municipality_name"], office["office_name"]) == (
        "042021", "宮城県石巻市", "石巻市役所 本庁")


def test_wizard_shows_a_refusal_from_the_service(qtbot, wizard, empty_db):
    wizard.municipality_page.code.setText("152242")
    assert "新潟県佐渡市" in wizard.municipality_page.found.text()
    wizard.next()
    wizard.office_page.name.setText("佐渡市役所")
    wizard.next()
    admin = wizard.administrator_page
    qtbot.keyClicks(admin.login, "chief")
    qtbot.keyClicks(admin.password, "short")
    qtbot.keyClicks(admin.repeat, "short")
    wizard.button(QWizard.WizardButton.CommitButton).click()
    assert "8" in admin.error.text()  # the service's minimum length, in its own words
    assert wizard.isVisible() and not is_set_up(empty_db)


@pytest.fixture
def sign_in_dialog(qtbot, db, gui_catalogs) -> SignInDialog:
    dialog = SignInDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_sign_in_refuses_a_wrong_password(qtbot, sign_in_dialog):
    qtbot.keyClicks(sign_in_dialog.login, "admin")
    qtbot.keyClicks(sign_in_dialog.password, "wrong-password")
    sign_in_dialog.try_sign_in()
    assert sign_in_dialog.session is None
    assert sign_in_dialog.isVisible()
    assert not sign_in_dialog.error.isHidden()
    with pytest.raises(PermissionDenied) as refused:
        sign_in(sign_in_dialog.db, "admin", "wrong-password")
    assert sign_in_dialog.error.text() == refused.value.message
    assert sign_in_dialog.password.text() == ""


def test_sign_in_with_the_right_password(qtbot, sign_in_dialog):
    qtbot.keyClicks(sign_in_dialog.login, "admin")
    qtbot.keyClicks(sign_in_dialog.password, ADMIN_PASSWORD)
    with qtbot.waitSignal(sign_in_dialog.accepted, timeout=2000):
        sign_in_dialog.try_sign_in()
    assert sign_in_dialog.session.clerk == "admin"


def test_sign_in_ask_returns_none_when_cancelled(qtbot, db, monkeypatch):
    monkeypatch.setattr(SignInDialog, "exec", lambda self: SignInDialog.DialogCode.Rejected)
    assert SignInDialog.ask(None, db) is None


def test_about_dialog_names_the_version_and_the_font_licence(qtbot, gui_catalogs):
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert "0." in dialog.version.text() and "バージョン" in dialog.version.text()
    assert "IPAフォントライセンスv1.0" in dialog.licence.toPlainText()
