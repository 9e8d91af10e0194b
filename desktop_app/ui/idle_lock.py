"""The screen lock after the town's idle minutes: personal data is covered until the clerk who
signed in gives their password again.

An application-wide event filter restarts a timer on every key, click and wheel. When it fires,
every open window is covered, the password is asked on the window that has input (an open
modal dialog, else the main window), and all other input, shortcuts included, is swallowed.
Wrong passwords count towards the sign-in lock-out like any other failed sign-in.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import FutasatoError
from desktop_app.domain.policy import IDLE_LOCK_MINUTES
from desktop_app.i18n import _
from desktop_app.services.policy import setting
from desktop_app.services.session import Session
from desktop_app.services.sign_in import confirm_password
from desktop_app.ui.error_label import error_label

_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
             QEvent.Type.Wheel, QEvent.Type.TouchBegin}
_INPUT = {QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride,
          QEvent.Type.Shortcut, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
          QEvent.Type.MouseButtonDblClick, QEvent.Type.Wheel, QEvent.Type.ContextMenu,
          QEvent.Type.TouchBegin}


class _Curtain(QWidget):
    """An opaque cover over a window, following its size."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setObjectName("lockCurtain")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(watched.rect())
        return False


class LockPanel(_Curtain):
    """The cover that asks the password."""

    unlocked = Signal()
    switch_requested = Signal()
    sign_out_requested = Signal()

    def __init__(self, window: QWidget, session: Session):
        super().__init__(window)
        self.session = session
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaximumWidth(320)
        self.password.returnPressed.connect(self.try_unlock)
        self.error = error_label(hidden=False)
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.unlock = QPushButton(_("Unlock"))
        self.unlock.clicked.connect(self.try_unlock)
        self.switch = QPushButton(_("Switch clerk…"))
        self.switch.clicked.connect(self.switch_requested)
        self.sign_out = QPushButton(_("Sign out"))
        self.sign_out.clicked.connect(self.sign_out_requested)
        self.quit = QPushButton(_("Quit Futasato"))
        self.quit.clicked.connect(QApplication.closeAllWindows)
        buttons = QHBoxLayout()
        buttons.addStretch()
        for button in (self.unlock, self.switch, self.sign_out, self.quit):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(self.message)
        layout.addWidget(self.password, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        layout.addStretch()
        self.message.setText(_("The screen was locked because it was not used. Enter the "
                               "password of {clerk} to continue.").format(clerk=session.clerk))
        self.password.setFocus()

    @Slot()
    def try_unlock(self) -> None:
        try:
            confirm_password(self.session, self.password.text())
        except FutasatoError as error:
            self.error.setText(error.message)
            self.password.clear()
            self.password.setFocus()
            return
        self.unlocked.emit()


class IdleLock(QObject):
    """Locks the app after the idle minutes from settings (0: never)."""

    locked = Signal()
    unlocked = Signal()
    # From the lock screen's buttons: another clerk signs in (the window is replaced then).
    switch_requested = Signal()
    sign_out_requested = Signal()

    def __init__(self, window: QWidget, session: Session):
        super().__init__(window)
        self.window, self.session = window, session
        self.panel: LockPanel | None = None
        self.curtains: list[_Curtain] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.reload_setting()
        QApplication.instance().installEventFilter(self)

    def reload_setting(self) -> None:
        minutes = setting(self.session.db, IDLE_LOCK_MINUTES)
        if minutes and minutes > 0:
            self.timer.setInterval(max(1, int(minutes * 60_000)))
            self.timer.start()
        else:
            self.timer.stop()

    def is_locked(self) -> bool:
        return self.panel is not None

    @Slot()
    def lock(self) -> None:
        if self.panel is not None:
            return
        target = QApplication.activeModalWidget() or self.window
        for window in QApplication.topLevelWidgets():
            if window.isVisible() and window is not target:
                self.curtains.append(_Curtain(window))
        self.panel = LockPanel(target, self.session)
        self.panel.unlocked.connect(self.unlock)
        self.panel.switch_requested.connect(self._leave_for(self.switch_requested))
        self.panel.sign_out_requested.connect(self._leave_for(self.sign_out_requested))
        self.panel.password.setFocus()
        self.locked.emit()

    @Slot()
    def unlock(self) -> None:
        for cover in [*self.curtains, self.panel]:
            if cover is not None:
                cover.hide()
                cover.deleteLater()
        self.curtains, self.panel = [], None
        self.reload_setting()
        self.unlocked.emit()

    def _leave_for(self, signal):
        """The lock lifts for the sign-in dialog only: the window's contents stay hidden
        behind it (the main window hides them while it asks) and a new window replaces it."""
        def leave() -> None:
            self.unlock()
            signal.emit()
        return leave

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if self.panel is None:
            if kind in _ACTIVITY and self.timer.isActive():
                self.timer.start()  # start again from the full interval
            return False
        if kind not in _INPUT:
            return False
        if isinstance(watched, QWidget):
            return not (watched is self.panel or self.panel.isAncestorOf(watched))
        # Events reach the native window before its widgets (let them through, the widget
        # check above decides); a QAction's shortcut arrives as a Shortcut event: swallow it.
        return kind == QEvent.Type.Shortcut

    def stop(self) -> None:
        QApplication.instance().removeEventFilter(self)
        self.timer.stop()
