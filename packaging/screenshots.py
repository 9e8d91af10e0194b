"""`make screenshots`: every picture the manual uses, taken from the running app on demo data.

The app is driven through its own widgets and services: pages are found by their navigation
entry, buttons by their text, so the pictures follow the screens as they change. A screen that
is not there (yet) is skipped with a warning, not a failure.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QWidget

from desktop_app import i18n
from desktop_app.services.demo import create_demo_database
from desktop_app.services.demo_accounts import DEMO_ADMIN_LOGIN, DEMO_ADMIN_PASSWORD
from desktop_app.services.office_file import open_office_file
from desktop_app.services.sign_in import sign_in
from desktop_app.ui.app_setup import switch_language
from desktop_app.ui.application import make_application
from desktop_app.ui.main_window import AREA_KEYS, MainWindow

IMG = Path(__file__).resolve().parent.parent / "docs" / "manual" / "img"
SIZE = (1366, 768)

# (picture, words one of which the page's navigation entry contains, in Japanese)
# (picture, area key of the main window's navigation, tab of that page to show or None)
PAGES = (
    ("home", "home", None),
    ("registry", "registry", None),
    ("stays", "stays", None),
    ("vouchers", "vouchers", None),
    ("certificates", "certificates", None),
    ("return", "exchange", None),
    ("sync", "exchange", "sync"),
    ("emergency", "emergency", None),
    ("settings", "settings", None),
)


def save(widget: QWidget, name: str) -> None:
    """The widget as a small PNG: a 64-colour palette keeps text sharp and files a few dozen KB."""
    QApplication.processEvents()
    path = IMG / f"{name}.png"
    widget.grab().save(str(path))
    with Image.open(path) as picture:
        small = picture.convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)
    print(f"{path.relative_to(IMG.parent.parent.parent)}  {path.stat().st_size // 1024} KB")


def button(widget: QWidget, words: tuple[str, ...]) -> QAbstractButton | None:
    for candidate in widget.findChildren(QAbstractButton):
        if any(word in candidate.text().replace("&", "") for word in words):
            return candidate
    return None


def wait(ready: Callable[[], bool], seconds: float = 20) -> None:
    """Let work the screen hands to its worker thread finish before the picture is taken."""
    deadline = time.monotonic() + seconds
    while not ready() and time.monotonic() < deadline:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def dialog_shot(make: Callable[[], QDialog], name: str,
                ready: Callable[[QDialog], bool] = lambda _dialog: True) -> QDialog | None:
    try:
        dialog = make()
    except Exception as error:  # a screen being rebuilt must not stop the other pictures
        warnings.warn(f"{name}: skipped ({error})", stacklevel=2)
        return None
    dialog.resize(*SIZE)
    dialog.show()
    wait(lambda: ready(dialog))
    save(dialog, name)
    return dialog


def shoot(window: MainWindow, session) -> None:
    for name, key, tab in PAGES:
        if key not in AREA_KEYS:
            warnings.warn(f"{name}: no area {key!r} in the navigation, skipped", stacklevel=2)
            continue
        window.show_area(key)
        if tab is not None:
            page = window.page(key)
            page.tabs.setCurrentWidget(getattr(page, tab))
        wait(lambda: False, seconds=0.5)  # a page's figures come from its worker
        save(window, name)
    window.show_area("registry")
    from desktop_app.ui.candidates_dialog import CandidatesDialog
    from desktop_app.ui.registrant_detail_dialog import RegistrantDetailDialog
    from desktop_app.ui.registrant_entry_dialog import RegistrantEntryDialog

    dialog_shot(lambda: RegistrantEntryDialog(session, parent=window), "register")
    dialog_shot(lambda: CandidatesDialog(session, window), "duplicates")
    first = window.registry.model.row_at(0)
    person = dialog_shot(lambda: RegistrantDetailDialog(session, first["id"], window), "person",
                         ready=lambda dialog: dialog.tabs.count() > 0)
    if person is not None:
        person.close()
    phone_card(window, session)


def phone_card(window: MainWindow, session) -> None:
    """The phone card as the person receives it (1080 × 1920), shown at a third of its size."""
    from desktop_app.services.printing.phone_card import print_phone_card

    model = window.registry.model
    registered = next((row for row in (model.row_at(i) for i in range(model.rowCount()))
                       if row and row["status"] in ("registered", "renewed")), None)
    if registered is None:
        warnings.warn("phone-card: no registered person in the list, skipped", stacklevel=2)
        return
    path = IMG / "phone-card.png"
    path.write_bytes(print_phone_card(session, registered["id"], "png"))
    with Image.open(path) as picture:
        small = picture.convert("RGB").resize((360, 640), Image.Resampling.LANCZOS)
    small.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    print(f"docs/manual/img/phone-card.png  {path.stat().st_size // 1024} KB")


def main() -> int:
    IMG.mkdir(parents=True, exist_ok=True)
    i18n.set_language("ja")
    app = make_application()
    switch_language("ja")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.sqlite"
        create_demo_database(path, registrants=300, seed=1)
        db = open_office_file(path)
        session = sign_in(db, DEMO_ADMIN_LOGIN, DEMO_ADMIN_PASSWORD)
        window = MainWindow(session)
        window.resize(*SIZE)
        window.show()
        app.processEvents()
        shoot(window, session)
        window.close()
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
