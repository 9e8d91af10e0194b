"""The background helper: results on the GUI thread, progress after a delay, cancelling, the
worker's own connection, and the change announcements that views follow."""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from desktop_app.ui.background import (
    BackgroundTask,
    changes,
    follow_changes,
    run_in_background,
    shut_down,
)
from desktop_app.ui.error_label import error_text

ROOT = Path(__file__).resolve().parents[1]


def test_a_quick_job_delivers_its_result_on_the_gui_thread_without_a_dialog(qtbot):
    seen = {}

    def job(session, progress, cancel):
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


def test_a_job_gets_the_clerks_session_on_the_workers_own_connection_opened_once(
        qtbot, admin, clerk):
    seen = []

    def look(session, progress, cancel):
        seen.append((session.db, session.db.clerks.count(), session.clerk, session.role,
                     session.terminal, threading.current_thread() is threading.main_thread()))

    for who in (admin, clerk):
        with qtbot.waitSignal(BackgroundTask(look, title="look", session=who).start().done,
                              timeout=3000):
            pass
    (first_db, *first), (second_db, *second) = seen
    assert first_db is not admin.db and first_db is second_db  # one connection, kept
    assert first == [1, "admin", admin.role, admin.terminal, False]
    assert second == [1, "clerk1", clerk.role, clerk.terminal, False]
    assert shut_down()
    assert first_db.connection is not None
    with pytest.raises(sqlite3.ProgrammingError):  # closed at shut-down, on its own thread
        first_db.connection.execute("SELECT 1")


def test_a_job_without_a_session_gets_none(qtbot):
    task = BackgroundTask(lambda session, progress, cancel: session, title="none")
    with qtbot.waitSignal(task.done, timeout=3000) as delivered:
        task.start()
    assert delivered.args == [None]


def test_a_write_job_announces_what_it_changed_and_only_following_views_refresh(
        qtbot, admin):
    registry, calendar = QWidget(), QWidget()
    qtbot.addWidget(registry)
    qtbot.addWidget(calendar)
    refreshed = []
    follow_changes(registry, ("registrant",), lambda: refreshed.append("registry"))
    follow_changes(calendar, ("booking",), lambda: refreshed.append("calendar"))
    order = []
    changes.changed.connect(lambda kinds: order.append(set(kinds)))
    task = run_in_background(lambda session, progress, cancel: None, title="write",
                             session=admin, writes=("registrant",),
                             on_done=lambda _r: order.append("done"))
    qtbot.waitUntil(lambda: not task.running, timeout=3000)
    assert refreshed == ["registry"] and order == [{"registrant"}, "done"]
    failing = run_in_background(lambda session, progress, cancel: 1 / 0, title="fails",
                                session=admin, writes=("booking",))
    qtbot.waitUntil(lambda: not failing.running, timeout=3000)
    assert refreshed == ["registry"]  # a failed write announces nothing
    with pytest.raises(ValueError):
        follow_changes(calendar, ("bookings",), lambda: None)  # a misspelt kind is refused


def test_a_long_job_shows_progress_and_can_be_cancelled(qtbot):
    stopped = threading.Event()

    def job(session, progress, cancel):
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
    def job(session, progress, cancel):
        raise ValueError("bad row 7")

    errors = []
    task = run_in_background(job, title="fails", session=None, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    assert isinstance(errors[0], ValueError) and str(errors[0]) == "bad row 7"
    assert not task.running


def test_a_full_stick_is_told_in_the_clerks_words_naming_the_folder(qtbot):
    def job(session, progress, cancel):  # what the OS raises when a USB stick fills up
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/media/usb/台帳.csv")

    errors = []
    run_in_background(job, title="fails", session=None, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    shown = error_text(errors[0])
    assert "/media/usb" in shown and "台帳.csv" in shown
    assert "No space left" not in shown and "空き" in shown


def test_jobs_run_one_at_a_time(qtbot):
    running, overlaps = [0], []

    def job(session, progress, cancel):
        running[0] += 1
        overlaps.append(running[0])
        time.sleep(0.05)
        running[0] -= 1

    tasks = [BackgroundTask(job, title=str(n)) for n in range(3)]
    with qtbot.waitSignals([task.done for task in tasks], timeout=5000):
        for task in tasks:
            task.start()
    assert overlaps == [1, 1, 1]


def test_a_view_closed_while_its_write_runs_gets_no_callback_but_the_write_is_announced(
        qtbot, admin):
    view, other = QWidget(), QWidget()
    qtbot.addWidget(other)
    release = threading.Event()
    announced, called = [], []
    follow_changes(other, ("registrant",), lambda: announced.append(True))
    task = run_in_background(lambda session, progress, cancel: release.wait(5), title="slow",
                             session=admin, writes=("registrant",), parent=view,
                             on_done=called.append)
    view.deleteLater()
    qtbot.waitUntil(lambda: task._orphaned, timeout=3000)
    release.set()
    qtbot.waitUntil(lambda: not task.running, timeout=3000)
    assert announced == [True] and called == []


# Thousands of short jobs, each dropped by its own callback and swept by a full collection
# while the worker is still letting go of the last one: the way a list reloaded over and over
# at the counter ends its tasks. In a small process of its own, so a crash is this test's.
_MANY_JOBS = """
import gc, sys
from PySide6.QtWidgets import QApplication, QWidget
from desktop_app.ui.background import run_in_background, shut_down

app = QApplication([])
owner = QWidget()
state = {"done": 0, "task": None}

def job(session, progress, cancel):
    progress(0.5, "", None)
    return state["done"]

def done(result):
    state["task"] = None  # the last reference to the finished task goes here
    state["done"] += 1
    gc.collect()
    if state["done"] == JOBS:
        app.quit()
    else:
        state["task"] = run_in_background(job, title="job", session=None, parent=owner,
                                          on_done=done)

state["task"] = run_in_background(job, title="job", session=None, parent=owner, on_done=done)
app.exec()
print("finished", state["done"], flush=True)
sys.exit(0 if shut_down() else 1)
"""


def test_thousands_of_jobs_freed_in_their_own_callbacks_never_crash_the_window():
    jobs = 3000
    ran = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-c", _MANY_JOBS.replace("JOBS", str(jobs))],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, cwd=ROOT)
    assert ran.returncode == 0, ran.stderr[-2000:]
    assert ran.stdout.split() == ["finished", str(jobs)]
