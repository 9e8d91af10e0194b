"""The background helper: results on the GUI thread, progress after a delay, cancelling."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QPushButton

from desktop_app.store.database import Database
from desktop_app.ui.background import BackgroundTask, run_in_background


def test_a_quick_job_delivers_its_result_on_the_gui_thread_without_a_dialog(qtbot):
    seen = {}

    def job(progress, cancel):
        seen["worker"] = threading.current_thread() is threading.main_thread()
        return 41 + 1

    def done(result):
        seen["result"] = result
        seen["gui thread"] = QThread.currentThread() is QApplication.instance().thread()

    task = BackgroundTask(job, title="quick")
    task.done.connect(done)
    with qtbot.waitSignal(task.done, timeout=3000):
        task.start()
    assert seen == {"worker": False, "result": 42, "gui thread": True}
    qtbot.wait(600)  # past the delay: a finished job never shows its progress dialog
    assert task.dialog is None and not task.running


def test_a_job_opens_its_own_database(qtbot, db_path, admin):
    def count_clerks(progress, cancel):
        own = Database(db_path)
        try:
            return own.clerks.count()
        finally:
            own.close()

    task = BackgroundTask(count_clerks, title="count")
    with qtbot.waitSignal(task.done, timeout=3000) as delivered:
        task.start()
    assert delivered.args == [1]


def test_a_long_job_shows_progress_and_can_be_cancelled(qtbot):
    stopped = threading.Event()

    def job(progress, cancel):
        step = 0
        while True:
            progress(step / 1000, f"step {step}")
            cancel.check()
            step += 1
            time.sleep(0.01)
            if step > 3000:  # a safety net, so a broken cancel fails the test rather than hangs
                stopped.set()
                return "ran to the end"

    task = BackgroundTask(job, title="slow")
    task.start()
    assert task.dialog is None  # not before half a second
    qtbot.waitUntil(lambda: task.dialog is not None and task.dialog.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: task.dialog.value() > 0, timeout=3000)
    assert "step" in task.dialog.labelText()
    with qtbot.waitSignal(task.cancelled, timeout=3000):
        task.dialog.findChild(QPushButton).click()
    assert not stopped.is_set()
    assert task.dialog is None and not task.running


def test_a_failing_job_delivers_its_error(qtbot):
    def job(progress, cancel):
        raise ValueError("bad row 7")

    errors = []
    task = run_in_background(job, title="fails", on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    assert isinstance(errors[0], ValueError) and str(errors[0]) == "bad row 7"
    assert not task.running


def test_jobs_run_one_at_a_time(qtbot):
    running, overlaps = [0], []

    def job(progress, cancel):
        running[0] += 1
        overlaps.append(running[0])
        time.sleep(0.05)
        running[0] -= 1

    tasks = [BackgroundTask(job, title=str(n)) for n in range(3)]
    with qtbot.waitSignals([task.done for task in tasks], timeout=5000):
        for task in tasks:
            task.start()
    assert overlaps == [1, 1, 1]
