"""The 管理 menu and the guards that run while the window is open.

Installed on the main window once a clerk has signed in: the audit trail (supervisors), clerk
accounts (administrators), a backup on demand, restoring one (administrators), the clerk's own
password, locking the screen; the idle lock; the daily automatic backup on the worker, and the
backup when the app closes. After a restore, `file_replaced` asks the application to open the
file again (everyone signs in to the restored register).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import FutasatoError
from desktop_app.domain.roles import GRANTS, Permission
from desktop_app.i18n import _
from desktop_app.services.accounts import change_own_password
from desktop_app.services.backup import backup_if_due, create_backup
from desktop_app.services.session import Session
from desktop_app.ui.background import run_in_background
from desktop_app.ui.clerk_dialogs import PasswordDialog
from desktop_app.ui.error_label import error_text
from desktop_app.ui.idle_lock import IdleLock

DAILY_CHECK_MS = 15 * 60 * 1000  # how often to ask whether the daily backup is due


class SecurityMenu(QObject):
    file_replaced = Signal()

    def __init__(self, window: QMainWindow, session: Session):
        super().__init__(window)
        self.window, self.session = window, session
        self.hosts: dict[str, QDialog] = {}
        grants = GRANTS[session.role]
        self.menu = QMenu(window)
        window.menuBar().addMenu(self.menu)
        self.audit = self._action(self.open_audit, Permission.VIEW_AUDIT in grants)
        self.accounts = self._action(self.open_accounts, Permission.MANAGE_CLERKS in grants)
        self.backup = self._action(self.back_up_now, Permission.BACKUP in grants)
        self.restore = self._action(self.restore_from_backup, Permission.RESTORE in grants)
        self.menu.addSeparator()
        self.password = self._action(self.change_password, True)
        self.lock_now = self._action(lambda: self.idle_lock.lock(), True)
        self.lock_now.setShortcut(QKeySequence("Ctrl+L"))
        self.idle_lock = IdleLock(window, session)
        for signal, name in ((self.idle_lock.switch_requested, "switch_clerk"),
                             (self.idle_lock.sign_out_requested, "sign_out")):
            slot = getattr(window, name, None)
            if slot is not None:
                signal.connect(slot)
        self.daily = QTimer(self)
        self.daily.setInterval(DAILY_CHECK_MS)
        self.daily.timeout.connect(self.daily_backup)
        self.daily.start()
        QApplication.instance().aboutToQuit.connect(self.backup_at_close)
        language_changed = getattr(window, "language_changed", None)
        if language_changed is not None:
            language_changed.connect(self.retranslate)
        self.retranslate()

    def _action(self, slot, allowed: bool) -> QAction:
        action = QAction(self.window)
        action.triggered.connect(slot)
        action.setVisible(allowed)
        self.menu.addAction(action)
        return action

    def _host(self, key: str, make) -> None:
        """Show the view in its own window, made once and shown again later."""
        host = self.hosts.get(key)
        if host is None:
            host = QDialog(self.window)
            host.view = make()
            QVBoxLayout(host).addWidget(host.view)
            host.resize(1100, 700)
            self.hosts[key] = host
        host.setWindowTitle(self.menu_texts()[key])
        host.show()
        host.raise_()

    @Slot()
    def open_audit(self) -> None:
        from desktop_app.ui.audit_view import AuditView  # built when first opened, not at start

        self._host("audit", lambda: AuditView(self.session))

    @Slot()
    def open_accounts(self) -> None:
        from desktop_app.ui.accounts_view import AccountsView  # likewise

        self._host("accounts", lambda: AccountsView(self.session))

    @classmethod
    def ask_backup_path(cls, parent: QWidget) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(parent, _("Back up now"),
                                                      "futasato-backup.sqlite")
        return Path(chosen) if chosen else None

    @Slot()
    def back_up_now(self) -> None:
        path = self.ask_backup_path(self.window)
        if path is None:
            return
        from desktop_app.domain.policy import BACKUP_PASSPHRASE
        from desktop_app.services.policy import setting

        passphrase = setting(self.session.db, BACKUP_PASSPHRASE) or None

        def job(worker: Session, progress, cancel):
            return create_backup(worker, path, passphrase=passphrase)

        run_in_background(job, title=_("Backing up…"), session=self.session, parent=self.window,
                          on_done=lambda info: QMessageBox.information(
                              self.window, _("Back up now"),
                              _("Backup written to {path} ({size} bytes, SHA-256 {sha256})."
                                ).format(path=info["file"], size=info["bytes"],
                                         sha256=info["sha256"])),
                          on_error=self._backup_failed)

    @Slot()
    def restore_from_backup(self) -> None:
        from desktop_app.ui.restore_dialog import RestoreDialog  # built when first opened

        dialog = RestoreDialog(self.session, self.window)
        dialog.restored.connect(self._restored)
        dialog.open()
        self.restore_dialog = dialog

    def _restored(self, outcome: object) -> None:
        """The window's connection is closed now, whatever the outcome: stop what would use
        it, say what happened, and have the file opened again."""
        self.stop()
        if isinstance(outcome, dict):
            text = _("The backup was restored (schema {before} → {after}).").format(
                before=outcome["schema_from"], after=outcome["schema_now"])
            if outcome["set_aside"]:
                text += "\n" + _("The previous file was kept as {path}.").format(
                    path=outcome["set_aside"])
            self.tell(self.window, text + "\n" + _("Sign in to the restored register."))
        else:
            self.tell(self.window, getattr(outcome, "message", str(outcome)) + "\n"
                      + _("The register was not changed. Sign in again."))
        self.file_replaced.emit()

    @classmethod
    def tell(cls, parent: QWidget, text: str) -> None:
        QMessageBox.information(parent, _("Restore from a backup"), text)

    def stop(self) -> None:
        """The window is replaced (another clerk signed in, or a restore replaced the file): its
        timers and the backup at close end with it."""
        self.daily.stop()
        self.idle_lock.stop()
        QApplication.instance().aboutToQuit.disconnect(self.backup_at_close)

    def _backup_failed(self, error: Exception) -> None:
        QMessageBox.warning(self.window, _("Futasato"),
                            error_text(error))

    @Slot()
    def change_password(self) -> None:
        answer = PasswordDialog.ask(self.window, _("Change my password"), current=True)
        if answer is None:
            return
        try:
            change_own_password(self.session, *answer)
        except FutasatoError as error:
            QMessageBox.warning(self.window, _("Change my password"), error.message)
            return
        QMessageBox.information(self.window, _("Change my password"),
                                _("Your password was changed."))

    @Slot()
    def daily_backup(self) -> None:
        run_in_background(lambda worker, progress, cancel: backup_if_due(worker),
                          title=_("Making the daily backup…"), session=self.session,
                          parent=self.window, on_error=self._backup_failed)

    @Slot()
    def backup_at_close(self) -> None:
        self.idle_lock.stop()
        try:
            backup_if_due(self.session, closing=True)
        except (FutasatoError, OSError) as error:
            self._backup_failed(error)

    def menu_texts(self) -> dict[str, str]:
        return {"audit": _("Audit trail"), "accounts": _("Clerk accounts")}

    @Slot()
    def retranslate(self, _language: str = "") -> None:
        self.menu.setTitle(_("&Administration"))
        self.audit.setText(_("Audit trail…"))
        self.accounts.setText(_("Clerk accounts…"))
        self.backup.setText(_("Back up now…"))
        self.restore.setText(_("Restore from a backup…"))
        self.password.setText(_("Change my password…"))
        self.lock_now.setText(_("Lock the screen"))


def install_security(window: QMainWindow, session: Session) -> SecurityMenu:
    return SecurityMenu(window, session)
