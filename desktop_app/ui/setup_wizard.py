"""First start: which town this file serves, the office and its first administrator; then, each
of which may be skipped and done later under 設定, the prefecture's certificate, backups and the
printer's offsets. Made to be finished with the keyboard alone (Tab, typing, Enter)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWizard, QWizardPage

from desktop_app.domain.errors import FutasatoError
from desktop_app.i18n import _
from desktop_app.services.municipalities import Municipality, look_up
from desktop_app.services.office_setup import set_up_office
from desktop_app.services.session import Session
from desktop_app.ui.freeing import freed_after
from desktop_app.ui.office_setup_panels import (
    BackupPanel,
    CalibrationPanel,
    PrefectureCertificatePanel,
)

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
        self.setCommitPage(True)  # the office exists once this page is done: no way back
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Set &up the office"))
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


class LaterStepPage(QWizardPage):
    """A step that may wait: Next saves what was entered, Skip (or empty fields) saves nothing."""

    def __init__(self, panel, title: str, subtitle: str):
        super().__init__()
        self.panel = panel
        self.skipping = False
        self.setTitle(title)
        self.setSubTitle(subtitle + " " + _("Skip it to do it later under 設定."))
        QVBoxLayout(self).addWidget(panel)

    def initializePage(self) -> None:
        if isinstance(self.panel, CalibrationPanel):
            self.panel.show_offsets(self.wizard().session)

    def validatePage(self) -> bool:
        if self.skipping:
            self.skipping = False
            return True
        return self.panel.apply(self.wizard().session)


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
        self.certificate_page = LaterStepPage(
            PrefectureCertificatePanel(), _("The prefecture's certificate"),
            _("The quarterly return's personal data is encrypted to it: the file the "
              "prefecture handed over (.pem)."))
        self.backup_page = LaterStepPage(
            BackupPanel(), _("Backups"),
            _("A copy of the register every day, into this folder (best on another disk)."))
        self.calibration_page = LaterStepPage(
            CalibrationPanel(), _("Printer calibration"),
            _("So that cards land on the card stock: print the page, measure, enter the "
              "offsets."))
        self.later_pages = (self.certificate_page, self.backup_page, self.calibration_page)
        for page in (self.municipality_page, self.office_page, self.administrator_page,
                     *self.later_pages):
            self.addPage(page)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setButtonText(QWizard.WizardButton.CustomButton1, _("&Skip"))
        self.customButtonClicked.connect(self._skip)
        self.currentIdChanged.connect(self._show_skip)
        self._show_skip()

    @Slot()
    def _show_skip(self, _page_id: int = -1) -> None:
        self.button(QWizard.WizardButton.CustomButton1).setVisible(
            self.currentPage() in self.later_pages)

    @Slot(int)
    def _skip(self, _which: int) -> None:
        page = self.currentPage()
        if page not in self.later_pages:
            return
        page.skipping = True
        if page is self.later_pages[-1]:
            self.accept()
        else:
            self.next()

    @classmethod
    def ask(cls, parent, db: Database) -> Session | None:
        """The first administrator's session once the office is set up; None if cancelled."""
        with freed_after(cls(db, parent)) as wizard:
            return wizard.session if wizard.exec() == QWizard.DialogCode.Accepted else None
