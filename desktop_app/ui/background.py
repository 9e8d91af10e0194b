"""Long work off the GUI thread: one worker, one connection of its own, results on the GUI thread.

A job is a plain function `job(session, progress, cancel)`. `session` is the clerk's session
rebuilt on the worker's own connection to the same file (SQLite connections belong to the thread
that opened them), or None when the job was started without one (it touches no database). The
job reports with `progress(fraction, msgid, params)`, calls `cancel.check()` between steps, and
never touches a widget. The worker opens its connection once per file and keeps it; a job that
writes names the kinds of record it changes (`writes=`), and when it succeeds `changes` announces
them on the GUI thread so that every open view showing those records refreshes itself.
"""

from __future__ import annotations

import atexit
import itertools
import threading
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop_app.domain.file_problems import unusable_file
from desktop_app.domain.progress import CancelFlag, Cancelled, Progress, progress_text
from desktop_app.i18n import _
from desktop_app.services.office_file import open_office_file
from desktop_app.services.session import Session

if TYPE_CHECKING:
    from desktop_app.store.database import Database

SHOW_PROGRESS_AFTER_MS = 500
_STEPS = 1000

# What a write job may say it changed; the views that show such records follow these names.
RECORD_KINDS = frozenset({"registrant", "involvement", "consultation", "certificate", "booking",
                          "facility", "voucher", "house", "event", "clerk", "setting",
                          "return", "package"})

Job = Callable[[Session | None, Progress, CancelFlag], object]

_worker = QThreadPool()
_worker.setMaxThreadCount(1)  # one worker: jobs on the same file never race each other
_worker.setExpiryTimeout(-1)  # the thread is never retired, so its connection can stay open
_running: dict[int, BackgroundTask] = {}  # by task number
_numbers = itertools.count(1)


# The worker thread's connection by thread id, opened at its first job on a file and kept; only
# that thread touches its entry. (Not threading.local: PySide gives each call from a Qt thread a
# fresh Python thread state, which would forget it between jobs.)
_opened: dict[int, Database] = {}


def _close_worker_file() -> None:
    db = _opened.pop(threading.get_ident(), None)
    if db is not None:
        db.close()


def _worker_session(session: Session | None) -> Session | None:
    if session is None:
        return None
    db = _opened.get(threading.get_ident())
    if db is None or db.path != session.db.path:
        _close_worker_file()  # one file at a time: the window's
        db = _opened[threading.get_ident()] = open_office_file(session.db.path)
    return session.on(db)


class DataChanges(QObject):
    """Announces, on the GUI thread, the kinds of record a write job has just committed."""

    changed = Signal(object)  # a frozenset of RECORD_KINDS


changes = DataChanges()


class _Follower(QObject):
    """A view's subscription; a child of the view, so it ends with it."""

    def __init__(self, view: QObject, kinds: frozenset[str], refresh: Callable[[], None]):
        super().__init__(view)
        self.kinds, self.refresh = kinds, refresh
        changes.changed.connect(self._on_changed)

    @Slot(object)
    def _on_changed(self, kinds: frozenset[str]) -> None:
        if kinds & self.kinds:
            self.refresh()


def _known(kinds: Collection[str]) -> frozenset[str]:
    unknown = set(kinds) - RECORD_KINDS
    if unknown:
        raise ValueError(f"unknown kinds of record: {sorted(unknown)}")
    return frozenset(kinds)


def follow_changes(view: QObject, kinds: Collection[str], refresh: Callable[[], None]) -> None:
    """Call `refresh` whenever a write job has changed any of `kinds`, for as long as `view`
    lives."""
    _Follower(view, _known(kinds), refresh)


class _Relay(QObject):
    """Carries the worker's reports, by task number, to the GUI thread (where it lives).

    One for the whole process, never freed: a relay owned by a task would, when the worker
    dropped the last reference to it, be destroyed on the worker thread while the GUI thread
    was freeing the task, and the process would crash.
    """

    progressed = Signal(int, float, str, object)
    succeeded = Signal(int, object)
    failed = Signal(int, object)
    cancelled = Signal(int)

    def __init__(self):
        super().__init__()
        # Emitted on the worker, received here: queued, so these run on the GUI thread.
        self.progressed.connect(self._progressed)
        self.succeeded.connect(self._succeeded)
        self.failed.connect(self._failed)
        self.cancelled.connect(self._cancelled)

    # A report for a task already finished (cancelled, then done anyway) is dropped.
    @Slot(int, float, str, object)
    def _progressed(self, number: int, fraction: float, message: str, params: object) -> None:
        if number in _running:
            _running[number]._on_progress(fraction, message, params)

    @Slot(int, object)
    def _succeeded(self, number: int, result: object) -> None:
        if number in _running:
            _running[number]._on_succeeded(result)

    @Slot(int, object)
    def _failed(self, number: int, error: object) -> None:
        if number in _running:
            _running[number]._on_failed(error)

    @Slot(int)
    def _cancelled(self, number: int) -> None:
        if number in _running:
            _running[number]._on_cancelled()


_relay = _Relay()


def _in_clerks_words(error: Exception) -> Exception:
    """A full disk, a read-only stick or a forbidden folder, named in the clerk's language with
    the file and its folder, as the command line says it; the OS's own text is English."""
    if isinstance(error, OSError) and error.filename is not None:
        return unusable_file(error)
    return error


class _Runnable(QRunnable):
    """Runs one job on the worker. Holds nothing of Qt's: the pool frees it on the worker."""

    def __init__(self, number: int, job: Job, session: Session | None, flag: CancelFlag):
        super().__init__()
        self.number, self.job, self.session, self.flag = number, job, session, flag

    def _progress(self, fraction: float, message: str = "", params: dict | None = None) -> None:
        self.flag.check()  # every progress report is also a chance to stop
        _relay.progressed.emit(self.number, fraction, message, params)

    def run(self) -> None:
        try:
            result = self.job(_worker_session(self.session), self._progress, self.flag)
        except Exception as error:
            if isinstance(error, Cancelled) or self.flag.is_set():  # however the job stopped
                _relay.cancelled.emit(self.number)
            else:  # delivered to the GUI thread, which shows it
                _relay.failed.emit(self.number, _in_clerks_words(error))
        else:
            if self.flag.is_set():
                _relay.cancelled.emit(self.number)
            else:
                _relay.succeeded.emit(self.number, result)
        finally:
            self.job = self.session = None
            db = _opened.get(threading.get_ident())
            if db is not None and db.connection.in_transaction:
                _close_worker_file()  # never carry a job's open transaction into the next


class _CloseWorkerFile(QRunnable):
    def run(self) -> None:
        _close_worker_file()


class BackgroundTask(QObject):
    """One job on the worker. `done`, `failed` and `cancelled` arrive on the GUI thread."""

    done = Signal(object)
    failed = Signal(object)
    cancelled = Signal()

    def __init__(self, job: Job, *, title: str, session: Session | None = None,
                 writes: Collection[str] = (), parent: QWidget | None = None,
                 show_after_ms: int = SHOW_PROGRESS_AFTER_MS):
        super().__init__()  # not the widget's child: the task outlives a widget closed early
        self.title = title
        self.flag = CancelFlag()
        self.dialog: QProgressDialog | None = None
        self.running = False
        self._parent_widget = parent
        self._show_after_ms = show_after_ms
        self._last: tuple[float, str, dict | None] = (-1.0, "", None)
        self.number = next(_numbers)
        self._job, self._session, self._writes = job, session, _known(writes)
        self._orphaned = False
        if parent is not None:
            parent.destroyed.connect(self._orphan)

    @Slot()
    def _orphan(self) -> None:
        """The widget that asked is gone: its callbacks are dropped (the job still finishes,
        and a write it made is still announced)."""
        self._parent_widget, self.dialog = None, None  # the dialog went with its parent
        self._orphaned = True

    def start(self) -> BackgroundTask:
        self.running = True
        _running[self.number] = self
        QTimer.singleShot(self._show_after_ms, self._show_progress)
        _worker.start(_Runnable(self.number, self._job, self._session, self.flag))
        return self

    def cancel(self) -> None:
        self.flag.set()
        if self.dialog is not None:
            self.dialog.setLabelText(_("Cancelling…"))
            self.dialog.setCancelButton(None)

    @Slot()
    def _show_progress(self) -> None:
        if not self.running or self.dialog is not None:
            return
        dialog = QProgressDialog(self.title, _("Cancel"), 0, _STEPS, self._parent_widget)
        dialog.setWindowTitle(_("Futasato"))
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(420)
        dialog.canceled.connect(self.cancel)
        self.dialog = dialog
        self._on_progress(*self._last)
        dialog.show()

    def _on_progress(self, fraction: float, message: str, params: dict | None) -> None:
        self._last = (fraction, message, params)
        if self.dialog is None or self.flag.is_set():
            return
        if fraction < 0:
            self.dialog.setRange(0, 0)  # busy indicator: the job cannot say how far it is
        else:
            self.dialog.setRange(0, _STEPS)
            self.dialog.setValue(round(min(fraction, 1.0) * _STEPS))
        line = progress_text(message, params)
        self.dialog.setLabelText(f"{self.title}\n{line}" if line else self.title)

    def _finish(self) -> None:
        self.running = False
        _running.pop(self.number, None)
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    def _on_succeeded(self, result: object) -> None:
        self._finish()
        if self._writes:  # views refresh first, so whatever `done` opens sees the new state
            changes.changed.emit(self._writes)
        if not self._orphaned:
            self.done.emit(result)

    def _on_failed(self, error: object) -> None:
        self._finish()
        if not self._orphaned:
            self.failed.emit(error)

    def _on_cancelled(self) -> None:
        self._finish()
        if not self._orphaned:
            self.cancelled.emit()


def idle() -> bool:
    """No job is running or waiting (what a test waits for after a click)."""
    return not _running


@atexit.register
def shut_down(wait_ms: int = 10_000) -> bool:
    """Ask every running job to stop, wait for the worker, and close its connection; True when
    it has finished.

    Runs at exit too: a job still emitting while Python finalises would crash the process.
    """
    for task in list(_running.values()):
        task.flag.set()
    # Queued behind any job, so it runs on the thread that opened the connection. Waiting first
    # would not do: waitForDone retires the pool's thread, the close would then run on a new
    # thread that holds nothing, and the old connection would keep the file open.
    _worker.start(_CloseWorkerFile())
    return _worker.waitForDone(wait_ms)


def run_in_background(job: Job, *, title: str, session: Session | None,
                      writes: Collection[str] = (), parent: QWidget | None = None,
                      on_done: Callable[[object], None] | None = None,
                      on_error: Callable[[Exception], None] | None = None,
                      on_cancel: Callable[[], None] | None = None) -> BackgroundTask:
    """Start `job` on the worker with `session` rebuilt on the worker's connection; the callbacks
    run on the GUI thread, after `changes` has announced `writes`."""
    task = BackgroundTask(job, title=title, session=session, writes=writes, parent=parent)
    for signal, slot in ((task.done, on_done), (task.failed, on_error),
                         (task.cancelled, on_cancel)):
        if slot is not None:
            signal.connect(slot)
    return task.start()
