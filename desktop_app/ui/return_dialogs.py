"""What the 報告 and prefecture pages ask: the password and folder for an export, a reason for
re-opening, a password to open a key. Each is a classmethod `ask`, so tests can replace it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from desktop_app.i18n import _
from desktop_app.ui.form_dialog import FormDialog
from desktop_app.ui.freeing import freed_after


@dataclass(frozen=True)
class ExportChoice:
    password: str
    folder: Path
    with_rows: bool


class _Asking(FormDialog):
    def __init__(self, title: str, lead: str, parent: QWidget | None):
        super().__init__(title, parent, lead=lead, width=480)


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class ExportDialog(_Asking):
    """締めて書き出す: the supervisor's password (it opens the office's exchange key), the folder
    (the USB stick), and whether the prefecture gets the pseudonymous rows."""

    def __init__(self, quarter_label: str, parent: QWidget | None = None):
        super().__init__(_("Sign off and export"), _(
            "{quarter} is signed off and written to the folder as a signed package. Your "
            "password opens the office's exchange key.").format(quarter=quarter_label), parent)
        self.password = _password_field()
        self.folder = QLineEdit()
        browse = QPushButton(_("&Browse…"))
        browse.clicked.connect(self.browse)
        where = QHBoxLayout()
        where.addWidget(self.folder, 1)
        where.addWidget(browse)
        self.with_rows = QCheckBox(_("Include the pseudonymous &rows for the prefecture "
                                     "(encrypted to its certificate)"))
        self.form.addRow(_("&Password"), self.password)
        folder_label = QLabel(_("&Folder"))
        folder_label.setBuddy(self.folder)  # a row of a layout gets no buddy by itself
        self.form.addRow(folder_label, where)
        self.form.addRow(self.with_rows)

    def browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("The folder to write the return to"),
                                                  self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def problem(self) -> str:
        if not self.password.text():
            return _("Enter your password.")
        folder = self.folder.text().strip()
        if not folder or not Path(folder).is_dir():
            return _("Choose a folder that exists.")
        return ""

    @classmethod
    def ask(cls, parent: QWidget | None, quarter_label: str) -> ExportChoice | None:
        with freed_after(cls(quarter_label, parent)) as dialog:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return ExportChoice(dialog.password.text(), Path(dialog.folder.text().strip()),
                                dialog.with_rows.isChecked())


class ReasonDialog(_Asking):
    """締めの解除: why the quarter is re-opened (kept on the version and in the audit trail)."""

    def __init__(self, quarter_label: str, parent: QWidget | None = None):
        super().__init__(_("Re-open the quarter"), _(
            "{quarter} is unlocked; the next export is a new version that supersedes this "
            "one. The reason is kept in the audit trail.").format(quarter=quarter_label), parent)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(90)
        self.form.addRow(_("&Reason"), self.reason)

    def problem(self) -> str:
        return "" if self.reason.toPlainText().strip() else _("Give the reason.")

    @classmethod
    def ask(cls, parent: QWidget | None, quarter_label: str) -> str | None:
        with freed_after(cls(quarter_label, parent)) as dialog:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.reason.toPlainText().strip()


class KeyPasswordDialog(_Asking):
    """The password that opens one of the office's keys (the prefecture's decryption key)."""

    def __init__(self, lead: str, parent: QWidget | None = None):
        super().__init__(_("Password"), lead, parent)
        self.password = _password_field()
        self.form.addRow(_("&Password"), self.password)

    def problem(self) -> str:
        return "" if self.password.text() else _("Enter your password.")

    @classmethod
    def ask(cls, parent: QWidget | None, lead: str) -> str | None:
        with freed_after(cls(lead, parent)) as dialog:
            return dialog.password.text() if dialog.exec() == QDialog.DialogCode.Accepted \
                else None


def ask_save_path(parent: QWidget | None, title: str, suggested: str, filters: str) -> Path | None:
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return Path(chosen) if chosen else None
