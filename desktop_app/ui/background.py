"""Long work off the GUI thread: one worker, the result delivered on the GUI thread.

A job is a plain function `job(progress, cancel)`: it reports with `progress(fraction, message)`
(fraction from 0 to 1, or a negative number when it cannot tell), looks at `cancel.is_set()` or
calls `cancel.check()` between steps, and opens its own `Database(path)` (SQLite connections
belong to the thread that made them). It must never touch a widget.
"""

from __future__ import annotations

import atexit
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop_app.domain.progress import CancelFlag, Cancelled, Progress, progress_text
from desktop_app.i18n import _

SHOW_PROGRESS_AFTER_MS = 500
_STEPS = 1000


Job = Callable[[Progress, CancelFlag], object]

_worker = QThreadPool()
_worker.setMaxThreadCount(1)  # one worker: jobs on the same file never race each other
_running: set[BackgroundTask] = set()


class _Relay(QObject):
    """Lives on the GUI thread; signals emitted from the worker arrive there queued."""

    progressed = Signal(float, str, object)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class _Runnable(QRunnable):
    def __init__(self, job: Job, relay: _Relay, flag: CancelFlag):
        super().__init__()
        self.job, self.relay, self.flag = job, relay, flag

    def _progress(self, fraction: float, message: str = "", params: dict | None = None) -> None:
        self.flag.check()  # every progress report is also a chance to stop
        self.relay.progressed.emit(fraction, message, params)

    def run(self) -> None:
        try:
            result = self.job(self._progress, self.flag)
        except Exception as error:
            if isinstance(error, Cancelled) or self.flag.is_set():  # however the job stopped
                self.relay.cancelled.emit()
            else:  # delivered to the GUI thread, which shows it
                self.relay.failed.emit(error)
        else:
            if self.flag.is_set():
                self.relay.cancelled.emit()
            else:
                self.relay.succeeded.emit(result)


class BackgroundTask(QObject):
    """One job on the worker. `done`, `failed` and `cancelled` arrive on the GUI thread."""

    done = Signal(object)
    failed = Signal(object)
    cancelled = Signal()

    def __init__(self, job: Job, *, title: str, parent: QWidget | None = None,
                 show_after_ms: int = SHOW_PROGRESS_AFTER_MS):
        super().__init__(parent)
        self.title = title
        self.flag = CancelFlag()
        self.dialog: QProgressDialog | None = None
        self.running = False
        self._parent_widget = parent
        self._show_after_ms = show_after_ms
        self._last: tuple[float, str, dict | None] = (-1.0, "", None)
        self._relay = _Relay()
        self._relay.progressed.connect(self._on_progress)
        self._relay.succeeded.connect(self._on_succeeded)
        self._relay.failed.connect(self._on_failed)
        self._relay.cancelled.connect(self._on_cancelled)
        self._job = job

    def start(self) -> BackgroundTask:
        self.running = True
        _running.add(self)
        QTimer.singleShot(self._show_after_ms, self._show_progress)
        _worker.start(_Runnable(self._job, self._relay, self.flag))
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

    @Slot(float, str, object)
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
        _running.discard(self)
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    @Slot(object)
    def _on_succeeded(self, result: object) -> None:
        self._finish()
        self.done.emit(result)

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        self._finish()
        self.failed.emit(error)

    @Slot()
    def _on_cancelled(self) -> None:
        self._finish()
        self.cancelled.emit()


@atexit.register
def shut_down(wait_ms: int = 10_000) -> bool:
    """Ask every running job to stop and wait for the worker; True when it has finished.

    Runs at exit too: a job still emitting while Python finalises would crash the process.
    """
    for task in list(_running):
        task.flag.set()
    return _worker.waitForDone(wait_ms)


def run_in_background(job: Job, *, title: str, parent: QWidget | None = None,
                      on_done: Callable[[object], None] | None = None,
                      on_error: Callable[[Exception], None] | None = None,
                      on_cancel: Callable[[], None] | None = None) -> BackgroundTask:
    """Start `job` on the worker; the callbacks run on the GUI thread."""
    task = BackgroundTask(job, title=title, parent=parent)
    for signal, slot in ((task.done, on_done), (task.failed, on_error),
                         (task.cancelled, on_cancel)):
        if slot is not None:
            signal.connect(slot)
    return task.start()
