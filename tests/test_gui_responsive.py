"""The window never waits: printing 1,000 vouchers from the certificates page keeps the GUI
thread out of the database (no call over 50 ms) and its event loop turning (drawing the sheet
takes seconds: done on the GUI thread, it would stall the loop that long)."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from datetime import date

from PySide6.QtCore import QTimer

from desktop_app.services.vouchers import BatchInput, issue_batch
from desktop_app.store.database import Database
from desktop_app.ui.certificates_view import CertificatesView
from tests.gui_fixtures import gui_catalogs, settle  # noqa: F401 (fixture)

VOUCHERS = 1_000
DATABASE_LIMIT_S = 0.050
# A stall allowed for the GUI's own work (building the progress dialog) and for waiting on the
# interpreter lock while the worker draws, on a busy machine; far below the seconds of drawing.
STALL_LIMIT_S = 0.300


class GuiThreadDatabaseCalls:
    """The longest time the GUI thread spent inside one database call: every transaction and
    `Database.execute` entered on it, and every statement its connection ran (SQLite's trace
    marks where a statement starts, the progress handler looks at the clock while it runs)."""

    def __init__(self, monkeypatch, connection):
        self.longest, self.calls, self._statement = 0.0, 0, None
        connection.set_trace_callback(self._statement_started)
        connection.set_progress_handler(self._statement_running, 200)
        self._connection = connection
        execute, transaction = Database.execute, Database.transaction

        def timed_execute(db, sql, parameters=()):
            with self._timed():
                return execute(db, sql, parameters)

        @contextmanager
        def timed_transaction(db):
            with self._timed(), transaction(db):
                yield

        monkeypatch.setattr(Database, "execute", timed_execute)
        monkeypatch.setattr(Database, "transaction", timed_transaction)

    @staticmethod
    def _on_gui_thread() -> bool:
        return threading.current_thread() is threading.main_thread()

    @contextmanager
    def _timed(self):
        started = time.perf_counter()
        try:
            yield
        finally:
            if self._on_gui_thread():
                self._note(time.perf_counter() - started)

    def _note(self, seconds: float) -> None:
        self.calls += 1
        self.longest = max(self.longest, seconds)

    def _statement_started(self, _sql: str) -> None:
        if self._on_gui_thread():
            self._statement = time.perf_counter()
            self._note(0.0)

    def _statement_running(self) -> int:
        if self._on_gui_thread() and self._statement is not None:
            self.longest = max(self.longest, time.perf_counter() - self._statement)
        return 0  # never interrupt

    def stop(self) -> None:
        self._connection.set_trace_callback(None)
        self._connection.set_progress_handler(None, 0)


class EventLoopStalls:
    """The longest gap between ticks of a 10 ms timer on the GUI thread."""

    def __init__(self):
        self.longest, self._last = 0.0, time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest, self._last = max(self.longest, now - self._last), now

    def stop(self) -> None:
        self.timer.stop()


def test_printing_a_thousand_vouchers_never_holds_the_gui_thread(qtbot, admin, monkeypatch,
                                                                 gui_catalogs):  # noqa: F811
    batch, _serials = issue_batch(admin, BatchInput(count=VOUCHERS, value=1,
                                                   expires_on=date(2030, 3, 31)))
    page = CertificatesView(admin)
    qtbot.addWidget(page)
    page.show()
    page.batch.setValue(batch)
    database = GuiThreadDatabaseCalls(monkeypatch, admin.db.connection)
    stalls = EventLoopStalls()
    try:
        page.buttons["vouchers"].click()
        settle(qtbot, timeout=120_000)
    finally:
        stalls.stop()
        database.stop()
    print(f"GUI thread: longest database call {database.longest * 1000:.1f} ms of "
          f"{database.calls}; longest event-loop stall {stalls.longest * 1000:.1f} ms")
    assert database.longest < DATABASE_LIMIT_S
    assert stalls.longest < STALL_LIMIT_S
    qtbot.addWidget(page.preview)
    assert page.preview.document.pageCount() == VOUCHERS // 4  # drawn once, four to a page
    assert [r["action"] for r in admin.db.audit.recent(1)] == ["print.vouchers"]
