"""承認 at a counter where a clerk is signed in: the supervisor types their own login and
password here, and the approval is made and audited under the supervisor's name. Nobody signs
out or restarts the app (four eyes at one PC)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit, QMessageBox, QWidget

from desktop_app.domain.roles import GRANTS, Permission
from desktop_app.i18n import _
from desktop_app.services.registry_status import approve, approve_countersigned
from desktop_app.services.session import Session
from desktop_app.ui.background import BackgroundTask, run_in_background
from desktop_app.ui.error_label import error_text
from desktop_app.ui.form_dialog import FormDialog
from desktop_app.ui.freeing import freed_after


class ApprovalDialog(FormDialog):
    def __init__(self, session: Session, registrant_id: int, person: str,
                 parent: QWidget | None = None):
        super().__init__(_("Approve with a supervisor's password"), parent, lead=_(
            "Approve the registration of {person}. {clerk} is signed in at this counter: the "
            "approving supervisor enters their own login and password. The approval is "
            "recorded under the supervisor's name.").format(person=person, clerk=session.clerk))
        self.session, self.registrant_id = session, registrant_id
        self.number: str | None = None
        self.task: BackgroundTask | None = None
        self.login = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(_("Supervisor's login"), self.login)
        self.form.addRow(_("Password"), self.password)
        self.buttons.button(self.buttons.StandardButton.Ok).setText(_("Approve"))
        self.login.setFocus()

    def check_and_accept(self) -> None:
        if self.task is not None and self.task.running:
            return
        login, password, person = self.login.text(), self.password.text(), self.registrant_id
        if not login.strip():
            self.error.setText(_("Enter the supervisor's login."))
            self.error.show()
            self.login.setFocus()
            return
        self.task = run_in_background(
            lambda worker, _progress, _cancel: approve_countersigned(worker, login, password,
                                                                     person),
            title=_("Approving…"), session=self.session, writes=("registrant",), parent=self,
            on_done=self._approved, on_error=self._refused)

    def _approved(self, number: str) -> None:
        self.number = number
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.error.setText(error_text(error))
        self.error.show()
        self.password.clear()
        self.password.setFocus()

    @classmethod
    def ask(cls, session: Session, registrant_id: int, person: str,
            parent: QWidget | None) -> str | None:
        """The registrant number the approval gave, or None when it was cancelled."""
        with freed_after(cls(session, registrant_id, person, parent)) as dialog:
            return dialog.number if dialog.exec() else None


def may_approve(session: Session) -> bool:
    return Permission.APPROVE in GRANTS[session.role]


def approve_registrant(session: Session, registrant_id: int, person: str, parent: QWidget,
                       say: Callable[[str], None], *,
                       confirm: Callable[[QWidget, str], bool] | None = None) -> None:
    """承認: a signed-in supervisor confirms; at a clerk's counter the supervisor signs in the
    approval dialog. `say` reports the result (the status bar, or the file's message line)."""
    def done(number: str) -> None:
        say(_("Approved: {person} is registered as {number}.").format(person=person,
                                                                      number=number))

    if not may_approve(session):
        number = ApprovalDialog.ask(session, registrant_id, person, parent)
        if number is not None:
            done(number)
        return
    ask = confirm or (lambda widget, text: QMessageBox.question(
        widget, _("Please confirm"), text) == QMessageBox.StandardButton.Yes)
    if ask(parent, _("Approve the registration of {person}?").format(person=person)):
        run_in_background(
            lambda worker, _progress, _cancel: approve(worker, registrant_id),
            title=_("Approving…"), session=session, writes=("registrant",), parent=parent,
            on_done=done, on_error=lambda error: say(error_text(error)))
