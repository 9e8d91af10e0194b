"""First start: which town this file serves, the office, and its first administrator."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWizard, QWizardPage

from desktop_app.domain.errors import FutasatoError
from desktop_app.i18n import _
from desktop_app.services.municipalities import Municipality, look_up
from desktop_app.services.office_setup import set_up_office
from desktop_app.services.session import Session
from desktop_app.ui.freeing import freed_after

if TYPE_CHECKING:
    from desktop_app.store.database import Database


def _message_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    return label


class MunicipalityPage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.setTitle(_("Which municipality does this office serve?"))
        self.setSubTitle(_("Enter the 6-digit local government code (全国地方公共団体コード), "
                           "check digit included."))
        self.code = QLineEdit()
        self.code.setMaxLength(7)
        self.code.setPlaceholderText("042021")
        self.found = _message_label()
        self.municipality: Municipality | None = None
        form = QFormLayout(self)
        form.addRow(_("Municipality code"), self.code)
        form.addRow("", self.found)
        self.code.textChanged.connect(self._look_up)

    @Slot(str)
    def _look_up(self, text: str) -> None:
        self.municipality = None
        digits = text.strip().replace("-", "")
        if len(digits) < 6:
            self.found.setText("")
        else:
            try:
                self.municipality = look_up(digits)
                self.found.setText(f"<b>{self.municipality.full_name}</b>")
            except FutasatoError as error:
                self.found.setText(error.message)
        self.found.setObjectName("" if self.municipality or not self.found.text() else "error")
        self.found.setStyle(self.found.style())  # re-apply the style sheet for the new name
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.municipality is not None


class OfficePage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.setTitle(_("The office"))
        self.setSubTitle(_("The name printed on certificates and shown at the top of the window."))
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("e.g. Town hall, main counter"))
        form = QFormLayout(self)
        form.addRow(_("Office name"), self.name)
        self.name.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:
        return bool(self.name.text().strip())


class AdministratorPage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.setTitle(_("The first administrator"))
        self.setSubTitle(_("This account sets up the other clerks. Keep the password safe."))
        self.login = QLineEdit()
        self.display_name = QLineEdit()
        self.password = QLineEdit()
        self.repeat = QLineEdit()
        for field in (self.password, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = _message_label()
        self.error.setObjectName("error")
        form = QFormLayout(self)
        form.addRow(_("Login"), self.login)
        form.addRow(_("Name"), self.display_name)
        form.addRow(_("Password"), self.password)
        form.addRow(_("Password again"), self.repeat)
        form.addRow("", self.error)
        for field in (self.login, self.password, self.repeat):
            field.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:
        return all(field.text() for field in (self.login, self.password, self.repeat))

    def validatePage(self) -> bool:
        if self.password.text() != self.repeat.text():
            self.error.setText(_("The two passwords differ."))
            return False
        wizard = self.wizard()
        try:
            wizard.session = set_up_office(
                wizard.db, municipality_code=wizard.municipality_page.code.text(),
                office_name=wizard.office_page.name.text(), admin_login=self.login.text(),
                admin_password=self.password.text(), admin_name=self.display_name.text())
        except FutasatoError as error:
            self.error.setText(error.message)
            return False
        return True


class SetupWizard(QWizard):
    def __init__(self, db: Database, parent=None):
        super().__init__(parent)
        self.db = db
        self.session: Session | None = None
        self.setWindowTitle(_("Set up Futasato"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.setMinimumSize(640, 440)
        self.municipality_page = MunicipalityPage()
        self.office_page = OfficePage()
        self.administrator_page = AdministratorPage()
        for page in (self.municipality_page, self.office_page, self.administrator_page):
            self.addPage(page)

    @classmethod
    def ask(cls, parent, db: Database) -> Session | None:
        """The first administrator's session once the office is set up; None if cancelled."""
        with freed_after(cls(db, parent)) as wizard:
            return wizard.session if wizard.exec() == QWizard.DialogCode.Accepted else None
