"""After signing in with a password an administrator set: the clerk chooses their own at once.

The change-password dialog, asked before the main window opens. OK changes the password through
the accounts service; a refusal (wrong temporary password, too short, the same again) is shown
in the dialog, which stays open. Cancel leaves the session unable to do anything.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QDialog, QLabel, QWidget

from desktop_app.domain.errors import FutasatoError
from desktop_app.i18n import _
from desktop_app.services.accounts import change_own_password
from desktop_app.services.session import Session
from desktop_app.ui.clerk_dialogs import PasswordDialog
from desktop_app.ui.freeing import freed_after


class NewPasswordDialog(PasswordDialog):
    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(_("Choose a new password"), current=True, parent=parent)
        self.session = session
        self.setMinimumWidth(480)
        self.explanation = QLabel(_(
            "An administrator set the password of {clerk}. Before you continue, choose your own: "
            "type the password you were given, then your new password twice.").format(
                clerk=session.clerk))
        self.explanation.setWordWrap(True)
        self.layout().insertWidget(0, self.explanation)
        self.form.labelForField(self.current).setText(_("Password you were given"))

    @Slot()
    def check_and_accept(self) -> None:
        problem = self.problem()
        if not problem:
            try:
                change_own_password(self.session, self.current.text(), self.password.text())
            except FutasatoError as error:
                problem = error.message
        if problem:
            self.error.setText(problem)
            self.error.show()
            self.password.clear()
            self.repeat.clear()
            self.password.setFocus()
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, session: Session) -> bool:
        """True once the clerk has chosen a new password; False when they cancelled."""
        with freed_after(cls(session, parent)) as dialog:
            return dialog.exec() == QDialog.DialogCode.Accepted
