"""管理 → バックアップから復元: choose a backup, check it, see what it holds, confirm, restore.

The checks are those of `futasato restore` (services/backup.py): the backup is decrypted,
checked and migrated on a scratch copy first, and only a backup that passed may be restored.
Restoring needs every connection to the file closed, the window's too: the window's connection
is closed here, the restore runs on the worker, and `restored` asks the application to open the
file again, so everyone signs in to the restored register. Administrators only; audited.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.dates import format_date
from desktop_app.i18n import _
from desktop_app.services import preferences
from desktop_app.services.backup import BackupContents, check_backup, is_encrypted, restore_backup
from desktop_app.services.office_file import open_office_file
from desktop_app.services.session import Session
from desktop_app.ui.background import BackgroundTask, run_in_background, shut_down
from desktop_app.ui.error_label import error_text, show_status


def when(instant: str, style: str) -> str:
    """A stored UTC instant as the clerk's local date (in the office's style) and time."""
    if not instant:
        return "—"
    local = datetime.fromisoformat(instant).astimezone()
    return f"{format_date(local.date(), style)} {local:%H:%M}"


class RestoreDialog(QDialog):
    restored = Signal(object)  # restore_backup's summary, or the error that stopped it

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.style = preferences.date_style(session.db)
        self.contents: BackupContents | None = None
        self.task: BackgroundTask | None = None
        self.path = QLineEdit()
        self.path.setReadOnly(True)
        self.path.setMinimumWidth(460)
        self.choose_button = QPushButton()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_label = QLabel()
        self.check_button = QPushButton()
        self.check_button.setEnabled(False)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = self.buttons.addButton(
            "", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.restore_button.setEnabled(False)  # until the backup passed its checks
        chooser = QHBoxLayout()
        chooser.addWidget(self.path, 1)
        chooser.addWidget(self.choose_button)
        self.file_label = QLabel()
        form = QFormLayout()
        form.addRow(self.file_label, chooser)
        form.addRow(self.passphrase_label, self.passphrase)
        form.addRow("", self.check_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.details)
        layout.addWidget(self.message)
        layout.addWidget(self.note)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._show_passphrase(False)
        self.choose_button.clicked.connect(self.choose)
        self.check_button.clicked.connect(self.check)
        self.passphrase.returnPressed.connect(self.check)
        self.restore_button.clicked.connect(self.restore)
        self.buttons.rejected.connect(self.reject)
        self.retranslate()
        self.resize(720, 480)

    @classmethod
    def ask_path(cls, parent: QWidget) -> Path | None:
        chosen, _filter = QFileDialog.getOpenFileName(
            parent, _("Restore from a backup"), "",
            _("Futasato backups (*.sqlite *.sqlite.enc);;All files (*)"))
        return Path(chosen) if chosen else None

    @classmethod
    def confirm(cls, parent: QWidget, text: str) -> bool:
        answer = QMessageBox.warning(
            parent, _("Restore from a backup"), text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def _show_passphrase(self, shown: bool) -> None:
        self.passphrase.setVisible(shown)
        self.passphrase_label.setVisible(shown)

    @Slot()
    def choose(self) -> None:
        path = self.ask_path(self)
        if path is None:
            return
        self.path.setText(str(path))
        self.contents = None
        self.restore_button.setEnabled(False)
        self.details.clear()
        self.passphrase.clear()
        self._show_passphrase(path.is_file() and is_encrypted(path))
        self.check_button.setEnabled(True)
        self.show_message(_("Check the backup before restoring it."))
        (self.passphrase if self.passphrase.isVisible() else self.check_button).setFocus()

    @Slot()
    def check(self) -> None:
        if not self.path.text():
            return
        path, secret = Path(self.path.text()), self.passphrase.text() or None
        self.restore_button.setEnabled(False)
        self.task = run_in_background(
            lambda worker, _progress, _cancel: check_backup(worker, path, passphrase=secret),
            title=_("Checking the backup…"), session=self.session, parent=self,
            on_done=self._checked, on_error=self._refused)

    def _checked(self, contents: BackupContents) -> None:
        self.contents = contents
        self.details.setText(self.describe(contents))
        self.show_message(_("The backup passed every check: it is sound, its audit trail is "
                            "intact, and this version of Futasato can open it."))
        self.restore_button.setEnabled(True)
        self.restore_button.setFocus()

    def describe(self, c: BackupContents) -> str:
        size = _("{size:,} bytes").format(size=c.size)
        rows = [
            (_("File"), f"{c.file.name}（{size}{'、' + _('encrypted') if c.encrypted else ''}）"),
            (_("Office"), f"{c.office_name}（{c.municipality_code}）"),
            (_("File written"), when(c.file_time, self.style)),
            (_("Last change it holds"), f"{when(c.last_change_at, self.style)}"
                                        f"（{c.last_change_by}）"),
            (_("Registrants"), f"{c.registrants:,}"),
            (_("Audit rows"), f"{c.audit_rows:,}"),
            (_("Schema"), (_("{version}, brought up to date when restored")
                           if c.upgrade_needed else "{version}").format(
                version=c.schema_version)),
        ]
        cells = "".join(f"<tr><td style='padding-right:16px'><b>{label}</b></td>"
                        f"<td>{value}</td></tr>" for label, value in rows)
        return f"<table>{cells}</table>"

    def _refused(self, error: Exception) -> None:
        self.contents = None
        self.details.clear()
        self.show_message(error_text(error), error=True)

    @Slot()
    def restore(self) -> None:
        contents = self.contents
        if contents is None:
            return
        question = _("Replace the register with the backup {file}, as of {when}? Everything "
                     "recorded after that moment is no longer in the register. The current "
                     "file is kept aside beside it, and everyone signs in again.").format(
            file=contents.file.name, when=when(contents.last_change_at, self.style))
        if not self.confirm(self, question):
            return
        target, source = self.session.db.path, contents.file
        secret = self.passphrase.text() or None
        session = self.session
        for widget in (self.restore_button, self.check_button, self.choose_button):
            widget.setEnabled(False)
        self.buttons.setEnabled(False)
        # Nothing of this process may hold the file while it is replaced: the worker's kept
        # connection and the window's are closed; the restore opens (and closes) its own.
        shut_down()
        session.db.close()

        def job(_none, _progress, _cancel) -> dict:
            own = open_office_file(target)
            try:
                return restore_backup(target, source, passphrase=secret, session=session.on(own))
            finally:
                own.close()  # restore_backup has closed it already when it replaced the file

        self.task = run_in_background(job, title=_("Restoring the backup…"), session=None,
                                      parent=self, on_done=self._finished,
                                      on_error=self._finished)

    def _finished(self, outcome: object) -> None:
        self.buttons.setEnabled(True)
        self.accept()
        self.restored.emit(outcome)

    def show_message(self, text: str, *, error: bool = False) -> None:
        show_status(self.message, text, error=error)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Restore from a backup"))
        self.file_label.setText(_("Backup file"))
        self.choose_button.setText(_("Choose…"))
        self.passphrase_label.setText(_("Passphrase"))
        self.check_button.setText(_("Check the backup"))
        self.restore_button.setText(_("Restore…"))
        self.note.setText(_("Only a backup that passed its checks can be restored. The current "
                            "file is kept aside as a copy beside it; the restore is recorded in "
                            "the audit trail of both files."))
