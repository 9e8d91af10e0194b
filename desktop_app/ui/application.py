"""Start-up: the QApplication, the database, first-start set-up, sign-in, then the main window."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app import i18n, paths
from desktop_app.domain.errors import FutasatoError
from desktop_app.i18n import _
from desktop_app.services import preferences
from desktop_app.services.demo_accounts import DEMO_ADMIN_LOGIN, DEMO_ADMIN_PASSWORD
from desktop_app.services.office_file import open_office_file
from desktop_app.services.office_setup import is_set_up
from desktop_app.services.session import Session
from desktop_app.services.sign_in import sign_in
from desktop_app.ui.app_setup import STYLE_SHEET, switch_language, use_bundled_font
from desktop_app.ui.background import run_in_background, shut_down
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.security_menu import install_security
from desktop_app.ui.sign_in_dialog import SignInDialog

if TYPE_CHECKING:
    from desktop_app.store.database import Database


def make_application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Futasato")
    app.setApplicationDisplayName(_("Futasato"))
    app.setWindowIcon(QIcon(str(paths.resource("icons", "futasato.png"))))
    use_bundled_font(app)
    app.setStyleSheet(STYLE_SHEET)
    return app


def needs_demo_data(path: Path) -> bool:
    if not path.exists():
        return True
    db = open_office_file(path)
    try:
        return not is_set_up(db)
    finally:
        db.close()


class Startup(QObject):
    """Walks from an empty screen to the main window, asking only what it must.

    `stopped` carries the exit code when it ends without a window (cancelled, or refused).
    """

    stopped = Signal(int)

    def __init__(self, app: QApplication, path: Path, demo: bool, language: str | None):
        super().__init__(app)
        self.app, self.path, self.demo, self.language = app, path, demo, language
        self.db: Database | None = None
        self.window: MainWindow | None = None
        self.exit_code = 0

    @Slot()
    def begin(self) -> None:
        try:
            fill = self.demo and needs_demo_data(self.path)
        except FutasatoError as error:  # a foreign, newer or damaged file: its message
            self._fail(error)
            return
        if fill:
            self._create_demo_data()
        else:
            self._open()

    def _create_demo_data(self) -> None:
        from desktop_app.services.demo import create_demo_database

        path = self.path

        def job(_session, progress, cancel):
            progress(-1.0, "")
            create_demo_database(path, progress=progress, cancel=cancel)

        run_in_background(job, title=_("Creating the demo database with sample data…"),
                          session=None, on_done=lambda _result: self._open(),
                          on_error=self._fail, on_cancel=lambda: self._stop(1))

    def _open(self) -> None:
        try:
            self.db = open_office_file(self.path)
        except FutasatoError as error:
            self._fail(error)
            return
        switch_language(self.language or preferences.language(self.db))
        try:
            session = self._session()
        except FutasatoError as error:
            self._fail(error)
            return
        if session is None:
            self._stop(0)
            return
        self._show_window(session)
        self.app.setQuitOnLastWindowClosed(True)

    def _show_window(self, session: Session) -> None:
        """A window for the session; the one it replaces (another clerk signed in at this
        counter) closes once the new one is on screen, so the app never quits in between."""
        old, old_security = self.window, getattr(self, "security", None)
        self.window = MainWindow(session)
        self.security = install_security(self.window, session)
        self.window.clerk_changed.connect(self._show_window)
        self.window.signed_out.connect(QApplication.closeAllWindows)
        self.security.file_replaced.connect(self._reopen)
        if old is not None:
            self.window.setGeometry(old.geometry())
        self.window.show()
        if old is not None:
            old_security.stop()
            old.close()
            old.deleteLater()

    @Slot()
    def _reopen(self) -> None:
        """After a restore: the window goes, and the (restored) file is opened and signed in
        to again, in this same process."""
        self.app.setQuitOnLastWindowClosed(False)
        window, self.window = self.window, None
        if getattr(self, "security", None) is not None:
            self.security.stop()
        if window is not None:
            window.close()
            window.deleteLater()
        shut_down()  # the worker's connection, if a job opened one since
        if self.db is not None:
            self.db.close()
        self.db = None
        self.demo = False  # a restored file is signed in to with its own accounts
        self._open()

    def _session(self) -> Session | None:
        if not is_set_up(self.db):
            # Imported only for a file not set up yet: its later steps bring in printing.
            from desktop_app.ui.setup_wizard import SetupWizard

            session = SetupWizard.ask(None, self.db)
            if session is None:
                return None
        if self.demo:
            return sign_in(self.db, DEMO_ADMIN_LOGIN, DEMO_ADMIN_PASSWORD)
        return SignInDialog.ask(None, self.db)

    def _fail(self, error: Exception) -> None:
        message = error.message if isinstance(error, FutasatoError) else repr(error)
        QMessageBox.critical(None, _("Futasato"), message)
        self._stop(3 if isinstance(error, FutasatoError) else 1)

    def _stop(self, code: int) -> None:
        self.exit_code = code
        self.stopped.emit(code)


def run(database: Path | None, demo: bool, language: str | None) -> int:
    i18n.set_language(language or i18n.current_language())
    app = make_application()
    app.setQuitOnLastWindowClosed(False)  # dialogs come and go before the main window opens
    path = database or (paths.demo_database() if demo else paths.default_database())
    startup = Startup(app, path, demo, language)
    startup.stopped.connect(app.exit, Qt.ConnectionType.QueuedConnection)
    QTimer.singleShot(0, startup.begin)
    code = app.exec()
    shut_down()
    if startup.db is not None:
        startup.db.close()
    return code or startup.exit_code
