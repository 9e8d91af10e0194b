"""Sign-in: a login and a password, checked by the sign-in service; then, when an administrator
set that password, the clerk's own new one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from desktop_app.domain.errors import FutasatoError
from desktop_app.domain.roles import ROLE_LABELS, Role
from desktop_app.i18n import _, translate_label
from desktop_app.services.demo_accounts import demo_sign_ins
from desktop_app.services.office_status import office_status
from desktop_app.services.session import Session
from desktop_app.services.sign_in import sign_in
from desktop_app.ui.error_label import error_label
from desktop_app.ui.freeing import freed_after
from desktop_app.ui.new_password_dialog import NewPasswordDialog

if TYPE_CHECKING:
    from desktop_app.store.database import Database


class SignInDialog(QDialog):
    def __init__(self, db: Database, parent=None):
        super().__init__(parent)
        self.db = db
        self.session: Session | None = None
        status = office_status(db)
        self.setWindowTitle(_("Sign in — Futasato"))
        self.setMinimumWidth(460)
        office = QLabel(f"<b>{status.office_name}</b><br>{status.municipality_name}")
        self.login = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_sign_in)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("Login"), self.login)
        form.addRow(_("Password"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(office)
        demo = demo_sign_ins(db)
        if demo:  # a demo file only: its accounts are for trying each role
            lines = [_("Demo accounts (login / password):")] + [
                f"{translate_label(ROLE_LABELS[Role(role)])}: {login} / {password}"
                for login, role, password in demo]
            self.demo_accounts = QLabel("<br>".join(lines))
            self.demo_accounts.setObjectName("demoAccounts")
            self.demo_accounts.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(self.demo_accounts)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    @Slot()
    def try_sign_in(self) -> None:
        try:
            self.session = sign_in(self.db, self.login.text().strip(), self.password.text())
        except FutasatoError as error:
            self.error.setText(error.message)
            self.error.show()
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()

    @classmethod
    def ask(cls, parent, db: Database) -> Session | None:
        """The signed-in session, or None when the clerk cancelled (signing in, or choosing the
        new password that replaces one an administrator set)."""
        with freed_after(cls(db, parent)) as dialog:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            session = dialog.session
        if session.must_change_password and not NewPasswordDialog.ask(parent, session):
            return None
        return session
