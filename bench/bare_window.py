"""Child process: the baseline for `bench.first_rows`, a bare PySide6 window over the same file.

    python -m bench.bare_window DB SPAWNED_AT

A QTableView over a plain QAbstractTableModel that runs the same count and reads the same
first window (200 rows in kana order) through `sqlite3` with its defaults, and nothing of
Futasato. Prints one JSON line with the keys of `bench.first_rows` it can measure:
`first_rows_s` (SPAWNED_AT to the first row painted), `first_rows_cpu_s` and `rss_mb` (peak
resident memory).
What Futasato takes beyond these figures is ours.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

from bench.first_rows import peak_rss_mb, wait_until

COLUMNS = ("registrant_no", "family_name", "given_name", "family_kana", "given_kana",
           "birth_date", "kind", "tier", "status", "prefecture", "city", "phone")
WINDOW = 200


class FirstWindowModel(QAbstractTableModel):
    """The register's row count and its first window; `asked` records the rows painted."""

    def __init__(self, connection: sqlite3.Connection):
        super().__init__()
        self.count = connection.execute("SELECT count(*) FROM registrants").fetchone()[0]
        self.rows = connection.execute(
            f"SELECT {', '.join(COLUMNS)} FROM registrants ORDER BY kana_key, id LIMIT ?",
            (WINDOW,)).fetchall()
        self.asked: set[int] = set()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 (Qt's own signature)
        return 0 if parent.isValid() else self.count

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        self.asked.add(index.row())
        if index.row() >= len(self.rows):
            return ""
        return self.rows[index.row()][index.column()] or ""

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        # None for other roles, never super().headerData (PySide6 6.12 aborts at exit).
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None


def measure(path: str, spawned_at: float) -> dict:
    app = QApplication([])
    connection = sqlite3.connect(path)
    window = QMainWindow()
    table = QTableView()
    model = FirstWindowModel(connection)
    table.setModel(model)
    window.setCentralWidget(table)
    window.resize(1280, 800)
    window.show()
    wait_until(app, lambda: 0 in model.asked)
    first_rows, cpu = time.time() - spawned_at, time.process_time()
    result = {"mode": "bare", "rows": model.count, "first_rows_s": first_rows,
              "first_rows_cpu_s": cpu, "rss_mb": peak_rss_mb()}
    window.close()
    connection.close()
    return result


def main() -> None:
    print(json.dumps(measure(sys.argv[1], float(sys.argv[2]))))


if __name__ == "__main__":
    main()
