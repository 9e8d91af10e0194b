"""Clerk accounts for administrators: list, add, reset a password, change a role, deactivate."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import FutasatoError
from desktop_app.domain.roles import ROLE_LABELS, Role
from desktop_app.i18n import _
from desktop_app.services import accounts
from desktop_app.services.audit_trail import record_list_view
from desktop_app.services.session import Session
from desktop_app.ui.clerk_dialogs import NewClerkDialog, PasswordDialog
from desktop_app.ui.error_label import error_label

COLUMN_COUNT = 4  # login, display name, role, state


class AccountsView(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.clerks: list[dict] = []
        self.table = QTableWidget(0, COLUMN_COUNT)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.add_button = QPushButton()
        self.reset_button = QPushButton()
        self.role_button = QPushButton()
        self.active_button = QPushButton()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.error = error_label()
        buttons = QHBoxLayout()
        for button in (self.add_button, self.reset_button, self.role_button, self.active_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        self.add_button.clicked.connect(self.add_clerk)
        self.reset_button.clicked.connect(self.reset_password)
        self.role_button.clicked.connect(self.change_role)
        self.active_button.clicked.connect(self.toggle_active)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.retranslate()
        self.reload()

    def _run(self, work, done: str) -> bool:
        """Call a service; show its refusal, or `done`, under the buttons."""
        try:
            work()
        except FutasatoError as error:
            self.message.clear()
            self.error.setText(error.message)
            self.error.show()
            return False
        self.error.hide()
        self.message.setText(done)
        self.reload(audited=False)  # the list the clerk opened, after their own change
        return True

    def reload(self, *, audited: bool = True) -> None:
        """Read the accounts; opening the page is audited like `clerk list`."""
        try:
            self.clerks = accounts.list_clerks(self.session)
            if audited:
                record_list_view(self.session, "clerk", "accounts",
                                 [c["id"] for c in self.clerks])
        except FutasatoError as error:
            self.clerks = []
            self.error.setText(error.message)
            self.error.show()
        self.table.setRowCount(len(self.clerks))
        for row, clerk in enumerate(self.clerks):
            state = _("Active") if clerk["active"] else _("Deactivated")
            if clerk["locked_until"]:
                state += " · " + _("locked until {time}").format(time=clerk["locked_until"])
            if clerk["must_change_password"]:
                state += " · " + _("chooses a new password at the next sign-in")
            for column, text in enumerate((clerk["login"], clerk["display_name"],
                                           _(ROLE_LABELS[Role(clerk["role"])]), state)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self._update_buttons()

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.clerks[rows[0].row()] if rows else None

    def select_login(self, login: str) -> None:
        for row, clerk in enumerate(self.clerks):
            if clerk["login"] == login:
                self.table.selectRow(row)

    def _update_buttons(self) -> None:
        clerk = self.selected()
        for button in (self.reset_button, self.role_button, self.active_button):
            button.setEnabled(clerk is not None)
        self.active_button.setText(_("Reactivate") if clerk and not clerk["active"]
                                   else _("Deactivate"))

    @Slot()
    def add_clerk(self) -> None:
        new = NewClerkDialog.ask(self)
        if new is None:
            return
        self._run(lambda: accounts.create_clerk(
            self.session, login=new.login, display_name=new.display_name, role=new.role,
            password=new.password), _("Account {login} created.").format(login=new.login))

    @Slot()
    def reset_password(self) -> None:
        clerk = self.selected()
        if clerk is None:
            return
        answer = PasswordDialog.ask(self, _("New password for {login}").format(
            login=clerk["login"]))
        if answer is None:
            return
        self._run(lambda: accounts.reset_password(self.session, clerk["login"], answer[1]),
                  _("The password of {login} was reset.").format(login=clerk["login"]))

    @classmethod
    def ask_role(cls, parent: QWidget, current: Role) -> Role | None:
        """The role to give (tests replace this)."""
        roles = list(Role)
        labels = [_(ROLE_LABELS[role]) for role in roles]
        chosen, ok = QInputDialog.getItem(parent, _("Role"), _("Role"), labels,
                                          roles.index(current), False)
        return roles[labels.index(chosen)] if ok else None

    @Slot()
    def change_role(self) -> None:
        clerk = self.selected()
        if clerk is None:
            return
        role = self.ask_role(self, Role(clerk["role"]))
        if role is None:
            return
        self._run(lambda: accounts.change_role(self.session, clerk["login"], role),
                  _("{login} now has the role {role}.").format(login=clerk["login"],
                                                              role=_(ROLE_LABELS[role])))

    @Slot()
    def toggle_active(self) -> None:
        clerk = self.selected()
        if clerk is None:
            return
        active = not clerk["active"]
        done = (_("{login} can sign in again.") if active
                else _("{login} was deactivated.")).format(login=clerk["login"])
        self._run(lambda: accounts.set_active(self.session, clerk["login"], active), done)

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([_("Login"), _("Display name"), _("Role"),
                                              _("State")])
        self.add_button.setText(_("New account…"))
        self.reset_button.setText(_("Reset password…"))
        self.role_button.setText(_("Change role…"))
        self._update_buttons()
