"""Small dialogs of the accounts view: a new clerk, a new password (typed twice)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLineEdit,
    QWidget,
)

from desktop_app.domain.roles import ROLE_LABELS, Role
from desktop_app.i18n import _
from desktop_app.ui.form_dialog import FormDialog
from desktop_app.ui.freeing import freed_after


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


@dataclass(frozen=True)
class NewClerk:
    login: str
    display_name: str
    role: Role
    password: str


class PasswordDialog(FormDialog):
    """A new password, typed twice; with `current`, the clerk's current one first."""

    def __init__(self, title: str, *, current: bool, parent: QWidget | None = None):
        super().__init__(title, parent)
        self.current = _password_field() if current else None
        if self.current is not None:
            self.form.addRow(_("Current password"), self.current)
        self.password = _password_field()
        self.repeat = _password_field()
        self.form.addRow(_("New password"), self.password)
        self.form.addRow(_("Repeat the new password"), self.repeat)

    def problem(self) -> str:
        return _("The two passwords differ.") if self.password.text() != self.repeat.text() \
            else ""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, *,
            current: bool = False) -> tuple[str, str] | None:
        """(current password or "", new password), or None when cancelled."""
        with freed_after(cls(title, current=current, parent=parent)) as dialog:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return (dialog.current.text() if dialog.current else "", dialog.password.text())


class NewClerkDialog(FormDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(_("New clerk account"), parent)
        self.login = QLineEdit()
        self.display_name = QLineEdit()
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(_(ROLE_LABELS[role]), role)
        self.password = _password_field()
        self.repeat = _password_field()
        self.form.addRow(_("Login"), self.login)
        self.form.addRow(_("Display name"), self.display_name)
        self.form.addRow(_("Role"), self.role)
        self.form.addRow(_("Password"), self.password)
        self.form.addRow(_("Repeat the password"), self.repeat)

    def problem(self) -> str:
        return _("The two passwords differ.") if self.password.text() != self.repeat.text() \
            else ""

    def value(self) -> NewClerk:
        return NewClerk(self.login.text(), self.display_name.text(), self.role.currentData(),
                        self.password.text())

    @classmethod
    def ask(cls, parent: QWidget | None) -> NewClerk | None:
        with freed_after(cls(parent)) as dialog:
            return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
