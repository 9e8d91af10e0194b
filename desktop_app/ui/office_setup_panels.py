"""The office's set-up steps that may wait: the prefecture's certificate, backups, and the
printer's offsets. Each is one panel, shown by the first-run wizard and again under 設定, so
there is one way to do each. `apply(session)` saves what was entered (nothing when empty) and
returns False, with the reason shown, when it was refused."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop_app.domain.errors import FutasatoError, RuleRefused
from desktop_app.i18n import N_, _
from desktop_app.services import print_settings
from desktop_app.services.backup import choose_backups
from desktop_app.services.printing.forms import print_calibration_page
from desktop_app.services.session import Session
from desktop_app.services.trust import import_prefecture
from desktop_app.ui.error_label import error_text
from desktop_app.ui.print_preview import open_when_drawn

MAX_OFFSET = 20.0  # mm, as print_settings.set_calibration allows


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("error")
    label.setWordWrap(True)
    return label


def _with_button(field: QLineEdit, text: str, slot) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(field, 1)
    button = QPushButton(text)
    button.clicked.connect(slot)
    layout.addWidget(button)
    return row


class _Panel(QWidget):
    """One step that can wait: each panel below saves its own part with `_save(session)`."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.error = _error_label()

    def _finish_form(self) -> None:
        self.form.addRow("", self.error)

    def apply(self, session: Session) -> bool:
        self.error.setText("")
        try:
            self._save(session)
        except FutasatoError as error:
            self.error.setText(error.message)
            return False
        except OSError as error:
            self.error.setText(_("{file} cannot be read or written: {error}").format(
                file=error.filename or "", error=error.strerror or error))
            return False
        return True



class PrefectureCertificatePanel(_Panel):
    """The prefecture's certificate (a .pem file it hands over), to encrypt the returns to."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.path = QLineEdit()
        self.path.setAccessibleName(_("Certificate file"))
        self.path.setPlaceholderText(_("e.g. E:\\miyagi-prefecture.pem"))
        self.done = QLabel()
        self.done.setWordWrap(True)
        self.form.addRow(_("Certificate file"),
                         _with_button(self.path, _("Choose…"), self._choose))
        self.form.addRow("", self.done)
        self._finish_form()

    @classmethod
    def ask_file(cls, parent) -> str:
        path, _filter = QFileDialog.getOpenFileName(
            parent, _("The prefecture's certificate"), "", _("Certificates (*.pem *.crt)"))
        return path

    @Slot()
    def _choose(self) -> None:
        path = self.ask_file(self)
        if path:
            self.path.setText(path)

    def _save(self, session: Session) -> None:
        if not self.path.text().strip():
            return
        done = import_prefecture(session, Path(self.path.text().strip()).read_bytes())
        self.done.setText(_("Imported {subject}. Fingerprint: {fingerprint}. Compare it with "
                            "the one the prefecture gave you on paper.").format(
            subject=done["subject"], fingerprint=done["fingerprint"]))


class BackupPanel(_Panel):
    """Where the automatic backups go, and the passphrase that encrypts them."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.folder = QLineEdit()
        self.folder.setAccessibleName(_("Backup folder"))
        self.folder.setPlaceholderText(_("empty: a backups folder beside the database"))
        self.passphrase, self.repeat = QLineEdit(), QLineEdit()
        for field, name in ((self.passphrase, _("Passphrase")),
                            (self.repeat, _("Passphrase again"))):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setAccessibleName(name)
        self.form.addRow(_("Backup folder"),
                         _with_button(self.folder, _("Choose…"), self._choose))
        self.form.addRow(_("Passphrase"), self.passphrase)
        self.form.addRow(_("Passphrase again"), self.repeat)
        note = QLabel(_("With a passphrase, backups are encrypted: without it nobody, not even "
                        "the town's IT, can restore them. Write it down and keep it locked."))
        note.setWordWrap(True)
        self.form.addRow("", note)
        self._finish_form()

    @classmethod
    def ask_folder(cls, parent) -> str:
        return QFileDialog.getExistingDirectory(parent, _("Backup folder"))

    @Slot()
    def _choose(self) -> None:
        folder = self.ask_folder(self)
        if folder:
            self.folder.setText(folder)

    def _save(self, session: Session) -> None:
        if self.passphrase.text() != self.repeat.text():
            raise RuleRefused(N_("The two passphrases differ."), field=N_("Passphrase again"))
        choose_backups(session, folder=self.folder.text().strip(),
                       passphrase=self.passphrase.text())


class CalibrationPanel(_Panel):
    """How far this printer misplaces what it prints, measured on the calibration page."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.session: Session | None = None
        self.printer = QLineEdit(QPrinterInfo.defaultPrinterName())
        self.printer.setAccessibleName(_("Printer"))
        self.printer.setPlaceholderText(_("empty: every printer"))
        self.x, self.y = QDoubleSpinBox(), QDoubleSpinBox()
        for box, name in ((self.x, _("Offset to the right")), (self.y, _("Offset downwards"))):
            box.setRange(-MAX_OFFSET, MAX_OFFSET)
            box.setDecimals(1)
            box.setSingleStep(0.5)
            box.setSuffix(" mm")
            box.setAccessibleName(name)
        self.print_button = QPushButton(_("Print the calibration page…"))
        self.print_button.clicked.connect(self._print_page)
        self.form.addRow(_("Printer"), self.printer)
        self.form.addRow("", self.print_button)
        self.form.addRow(_("Offset to the right"), self.x)
        self.form.addRow(_("Offset downwards"), self.y)
        note = QLabel(_("Print the page with no offsets, measure where the cross landed, and "
                        "enter how far it is from where the page says (right and down are +)."))
        note.setWordWrap(True)
        self.form.addRow("", note)
        self._finish_form()

    def show_offsets(self, session: Session) -> None:
        """The offsets already saved for the printer named, if any."""
        self.session = session
        stored = print_settings.load(session.db).calibration(self.printer.text().strip())
        self.x.setValue(stored.x)
        self.y.setValue(stored.y)

    @Slot()
    def _print_page(self) -> None:
        if self.session is None:
            return
        printer = self.printer.text().strip()
        open_when_drawn(self, self.session, lambda worker: print_calibration_page(worker, printer),
                        title=_("Calibration page"), file_name="calibration.pdf",
                        on_print=None, on_error=lambda error: self.error.setText(
                            error_text(error)))

    def _save(self, session: Session) -> None:
        printer = self.printer.text().strip()
        stored = print_settings.load(session.db).calibration(printer)
        if (self.x.value(), self.y.value()) == (stored.x, stored.y):
            return
        print_settings.set_calibration(session, printer, self.x.value(), self.y.value())
