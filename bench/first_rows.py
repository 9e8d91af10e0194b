"""Child process: open the main window on a database and time what a clerk waits for.

    python -m bench.first_rows DB SPAWNED_AT

Prints one JSON line: seconds from SPAWNED_AT (the parent's clock just before it started this
process) to the first rows painted and the CPU seconds this process had used by then (every
thread; steadier than the wall clock on a busy machine), then the jump to the last row, sorting
by kana, and the peak resident memory. Falls back to the services' RegistrantList when the GUI
cannot be imported.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PAGE = 50


def peak_rss_mb() -> float:
    """This process's own peak resident memory. Not `ru_maxrss`: on Linux a child started by
    `subprocess` (vfork + exec) inherits the parent's peak there, so a benchmark run after
    `futasato check` on a large file reported the checker's 292 MB as the window's."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    import resource  # not on Windows; kilobytes on Linux

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def wait_until(app, done, limit: float = 5.0) -> None:
    """Let Qt work until `done()`. Polls every millisecond rather than spinning: PySide6 6.12 on
    Python 3.11 loses a reference to None on every call of a method that returns nothing, and a
    tight processEvents loop would exhaust it (Fatal Python error: none_dealloc)."""
    deadline = time.perf_counter() + limit
    while not done():
        app.processEvents()
        if time.perf_counter() > deadline:
            raise TimeoutError("the view did not show the rows")
        time.sleep(0.001)


def measure_gui(path: str, spawned_at: float) -> dict:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from desktop_app.services.demo_accounts import DEMO_ADMIN_LOGIN, DEMO_ADMIN_PASSWORD
    from desktop_app.services.sign_in import sign_in
    from desktop_app.store.database import Database
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.registrant_table_model import COLUMNS, KANA_COLUMN

    app = QApplication([])
    db = Database(path)
    window = MainWindow(sign_in(db, DEMO_ADMIN_LOGIN, DEMO_ADMIN_PASSWORD))
    window.resize(1280, 800)
    window.show()
    table, model = window.registry.table, window.registry.model
    asked: set[int] = set()  # rows the view asked the model for while painting
    fetch = model.row_at

    def row_at(position: int):
        asked.add(position)
        return fetch(position)

    model.row_at = row_at
    wait_until(app, lambda: 0 in asked)
    first_rows, cpu = time.time() - spawned_at, time.process_time()
    rows = model.rowCount()

    started = time.perf_counter()
    table.scrollToBottom()
    wait_until(app, lambda: rows - 1 in asked)
    last_row = time.perf_counter() - started

    table.scrollToTop()
    number_column = next(i for i, c in enumerate(COLUMNS) if c.sort == "number")
    asked.clear()
    table.sortByColumn(number_column, Qt.SortOrder.AscendingOrder)
    wait_until(app, lambda: 0 in asked)
    timings = []
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        asked.clear()
        started = time.perf_counter()
        table.sortByColumn(KANA_COLUMN, order)  # as a click on the reading's header does
        wait_until(app, lambda: 0 in asked)
        timings.append(time.perf_counter() - started)
    sort_kana, sort_kana_desc = timings
    result = {"mode": "gui", "rows": rows, "first_rows_s": first_rows, "first_rows_cpu_s": cpu,
              "last_row_s": last_row,
              "sort_kana_s": sort_kana, "sort_kana_desc_s": sort_kana_desc, "rss_mb": peak_rss_mb()}
    window.close()
    db.close()
    return result


def measure_services(path: str, spawned_at: float) -> dict:
    from desktop_app.services.registrant_list import ListQuery, RegistrantList
    from desktop_app.store.database import Database

    db = Database(path)
    registrants = RegistrantList(db)
    query = ListQuery()
    rows = registrants.count(query)
    registrants.window(query, 0, PAGE)
    first_rows, cpu = time.time() - spawned_at, time.process_time()
    started = time.perf_counter()
    registrants.window(query, max(0, rows - PAGE), PAGE)
    last_row = time.perf_counter() - started
    started = time.perf_counter()
    kana = ListQuery(sort="kana")
    registrants.count(kana)
    registrants.window(kana, 0, PAGE)
    sort_kana = time.perf_counter() - started
    started = time.perf_counter()
    kana_desc = ListQuery(sort="kana", descending=True)
    registrants.count(kana_desc)
    registrants.window(kana_desc, 0, PAGE)
    sort_kana_desc = time.perf_counter() - started
    db.close()
    return {"mode": "services", "rows": rows, "first_rows_s": first_rows,
            "first_rows_cpu_s": cpu, "last_row_s": last_row,
            "sort_kana_s": sort_kana, "sort_kana_desc_s": sort_kana_desc, "rss_mb": peak_rss_mb()}


def main() -> None:
    path, spawned_at = sys.argv[1], float(sys.argv[2])
    try:
        import desktop_app.ui.main_window  # noqa: F401
    except ImportError:
        result = measure_services(path, spawned_at)
    else:
        result = measure_gui(path, spawned_at)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
