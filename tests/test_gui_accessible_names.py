"""Every input a clerk fills in can be named by a screen reader: it carries an accessible name,
or a label whose buddy it is (Qt reads the label out), or is a check box or radio button with
its own text. Walks every dialog, wizard and page of the window."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTextEdit,
    QWidget,
)

from desktop_app.ui.booking_dialog import BookingDialog
from desktop_app.ui.candidates_dialog import CandidatesDialog
from desktop_app.ui.clerk_dialogs import NewClerkDialog, PasswordDialog
from desktop_app.ui.close_days_dialog import CloseDaysDialog
from desktop_app.ui.follow_ups_dialog import FollowUpsDialog
from desktop_app.ui.house_contacts_dialog import HouseContactsDialog
from desktop_app.ui.house_dialog import HouseDialog
from desktop_app.ui.import_wizard import ImportWizard
from desktop_app.ui.main_window import AREA_KEYS, MainWindow
from desktop_app.ui.new_password_dialog import NewPasswordDialog
from desktop_app.ui.registrant_detail_dialog import RegistrantDetailDialog
from desktop_app.ui.registrant_entry_dialog import RegistrantEntryDialog
from desktop_app.ui.registrant_merge_dialog import RegistrantMergeDialog
from desktop_app.ui.return_dialogs import ExportDialog, KeyPasswordDialog, ReasonDialog
from desktop_app.ui.setup_wizard import SetupWizard
from desktop_app.ui.sign_in_dialog import SignInDialog
from desktop_app.ui.verify_dialog import VerifyDialog
from tests.gui_fixtures import free_window, gui_catalogs, settle  # noqa: F401 (fixture)
from tests.stays_helpers import published_house

INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit, QCheckBox,
          QRadioButton)


def unnamed(top: QWidget) -> list[str]:
    """The inputs under `top` nothing names, as 'Class objectName (parent class)'."""
    buddies = {id(label.buddy()) for label in top.findChildren(QLabel) if label.buddy()}
    missing = []
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, INPUTS):
            continue
        if isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)):
            continue  # the line edit inside an editable combo or a spin box
        if widget.accessibleName() or id(widget) in buddies:
            continue
        if isinstance(widget, QAbstractButton) and widget.text():
            continue
        missing.append(f"{type(widget).__name__} {widget.objectName()!r}"
                       f" in {type(widget.parent()).__name__}")
    return missing


@pytest.fixture
def dialogs(admin, people, facility):
    house = published_house(admin, "中央", price_yen=3_000_000)
    db = admin.db
    return {
        "booking": lambda: BookingDialog("お試し住宅 北上: 3泊", 4, admin),
        "candidates": lambda: CandidatesDialog(admin),
        "new clerk": lambda: NewClerkDialog(),
        "password": lambda: PasswordDialog("パスワード", current=True),
        "close days": lambda: CloseDaysDialog(admin, (facility, "お試し住宅 北上"),
                                              date(2026, 8, 3), date(2026, 8, 5)),
        "follow-ups": lambda: FollowUpsDialog(admin),
        "house contacts": lambda: HouseContactsDialog(admin, house),
        "house": lambda: HouseDialog(),
        "import": lambda: ImportWizard(admin),
        "new password": lambda: NewPasswordDialog(admin),
        "registrant": lambda: RegistrantDetailDialog(admin, people[0]),
        "entry": lambda: RegistrantEntryDialog(admin),
        "merge": lambda: RegistrantMergeDialog(admin, people[0], people[1]),
        "export": lambda: ExportDialog("2025年度 第1四半期"),
        "reason": lambda: ReasonDialog("2025年度 第1四半期"),
        "key password": lambda: KeyPasswordDialog("鍵のパスワード"),
        "setup": lambda: SetupWizard(db),
        "sign in": lambda: SignInDialog(db),
        "verify": lambda: VerifyDialog(admin),
    }


def test_every_dialog_input_has_a_name(qtbot, dialogs, gui_catalogs):  # noqa: F811
    found = {}
    for name, make in dialogs.items():
        dialog = make()
        qtbot.addWidget(dialog)
        settle(qtbot)
        found[name] = unnamed(dialog)

    assert {name: missing for name, missing in found.items() if missing} == {}


def test_every_page_input_has_a_name(qtbot, admin, gui_catalogs):  # noqa: F811
    window = MainWindow(admin)  # freed here rather than by qtbot: see free_window
    try:
        window.show()
        for key in AREA_KEYS:
            window.show_area(key)
        settle(qtbot)
        missing = unnamed(window)
    finally:
        free_window(qtbot, window)
    assert missing == []


def test_a_nameless_input_is_found(qtbot):
    form = QWidget()
    qtbot.addWidget(form)
    QLineEdit(form).setObjectName("nameless")
    named = QLineEdit(form)
    QLabel("氏名", form).setBuddy(named)
    assert unnamed(form) == ["QLineEdit 'nameless' in QWidget"]
