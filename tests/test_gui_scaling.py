"""Windows display scaling: at 150 % (QT_SCALE_FACTOR=1.5, in a fresh process as a scaled
screen would start it) the window at 1280 × 720 logical pixels (a 1920 × 1080 screen) opens on
ホーム with nothing squeezed: it needs no more room than that, every tile shows all its lines
and every visible button and label has at least the width its text needs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from PIL import Image

from tests.conftest import ADMIN_PASSWORD
from tests.gui_fixtures import ROOT

SCALED = """
import json, sys
from PySide6.QtWidgets import QAbstractButton, QLabel
from desktop_app.services.sign_in import sign_in
from desktop_app.store.database import Database
from desktop_app.ui import background
from desktop_app.ui.application import make_application
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.security_menu import install_security
app = make_application()
session = sign_in(Database(sys.argv[1]), "admin", sys.argv[2])
window = MainWindow(session)
security = install_security(window, session)
window.resize(1280, 720)
window.show()
while window.home.figures is None or not background.idle():
    app.processEvents()
app.processEvents()
window.grab().save(sys.argv[3])
squeezed = [f"{type(w).__name__} {w.text()!r} {w.width()} < {w.minimumSizeHint().width()}"
            for w in window.findChildren(QAbstractButton) + window.findChildren(QLabel)
            if w.isVisible() and not (isinstance(w, QLabel) and w.wordWrap())
            and w.width() < w.minimumSizeHint().width()]
tiles = [key for key, tile in window.home.tiles.items()
         if tile.heightForWidth(tile.width()) > tile.height() + 1]
hint = window.minimumSizeHint()
print(json.dumps({"ratio": window.devicePixelRatio(), "size": [window.width(), window.height()],
                  "minimum": [hint.width(), hint.height()], "squeezed": squeezed,
                  "tiles": tiles}))
background.shut_down()
"""


def test_the_window_at_150_percent_fits_and_cuts_nothing(tmp_path, admin, people):
    shot = tmp_path / "home-150.png"
    done = subprocess.run(
        [sys.executable, "-c", SCALED, str(admin.db.path), ADMIN_PASSWORD, str(shot)],
        capture_output=True, text=True, timeout=120, cwd=ROOT, check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "1.5"})
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["ratio"] == 1.5
    assert seen["size"] == [1280, 720]
    assert seen["minimum"][0] <= 1280 and seen["minimum"][1] <= 720
    assert seen["squeezed"] == []
    assert seen["tiles"] == []
    assert Image.open(shot).size == (1920, 1080)  # drawn at the screen's own pixels
