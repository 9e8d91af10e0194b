"""`make screenshots`: every picture the manual uses, taken from the running app on demo data.

The app is driven through its own widgets and services: pages are found by their navigation
entry, buttons by their text, so the pictures follow the screens as they change. A screen that
is not there (yet) is skipped with a warning, not a failure.
"""

from __future__ import annotations

import os
import sys
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image  # noqa: E402
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QWidget  # noqa: E402

from desktop_app import i18n  # noqa: E402
from desktop_app.services.demo import create_demo_database  # noqa: E402
from desktop_app.services.demo_accounts import DEMO_ADMIN_LOGIN, DEMO_ADMIN_PASSWORD  # noqa: E402
from desktop_app.services.office_file import open_office_file  # noqa: E402
from desktop_app.services.sign_in import sign_in  # noqa: E402
from desktop_app.ui.app_setup import switch_language  # noqa: E402
from desktop_app.ui.application import make_application  # noqa: E402
from desktop_app.ui.main_window import MainWindow  # noqa: E402

IMG = Path(__file__).resolve().parent.parent / "docs" / "manual" / "img"
SIZE = (1366, 768)

# (picture, words one of which the page's navigation entry contains, in Japanese)
PAGES = (
    ("home", ("ホーム",)),
    ("registry", ("登録簿", "名簿")),
    ("stays", ("お試し",)),
    ("vouchers", ("利用券",)),
    ("certificates", ("証明書",)),
    ("return", ("報告",)),
    ("sync", ("同期",)),
    ("emergency", ("緊急", "災害")),
    ("settings", ("設定",)),
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


def nav_row(window: MainWindow, words: tuple[str, ...]) -> int | None:
    for row in range(window.navigation.count()):
        if any(word in window.navigation.item(row).text() for word in words):
            return row
    return None


def button(widget: QWidget, words: tuple[str, ...]) -> QAbstractButton | None:
    for candidate in widget.findChildren(QAbstractButton):
        if any(word in candidate.text().replace("&", "") for word in words):
            return candidate
    return None


def dialog_shot(make: Callable[[], QDialog], name: str) -> QDialog | None:
    try:
        dialog = make()
    except Exception as error:  # a screen being rebuilt must not stop the other pictures
        warnings.warn(f"{name}: skipped ({error})", stacklevel=2)
        return None
    dialog.resize(*SIZE)
    dialog.show()
    save(dialog, name)
    return dialog


def shoot(window: MainWindow, session) -> None:
    for name, words in PAGES:
        row = nav_row(window, words)
        if row is None:
            warnings.warn(f"{name}: no page {words} in the navigation, skipped", stacklevel=2)
            continue
        window.navigation.setCurrentRow(row)
        save(window, name)
    window.navigation.setCurrentRow(nav_row(window, PAGES[1][1]) or 0)
    from desktop_app.ui.candidates_dialog import CandidatesDialog
    from desktop_app.ui.registrant_detail_dialog import RegistrantDetailDialog
    from desktop_app.ui.registrant_entry_dialog import RegistrantEntryDialog

    dialog_shot(lambda: RegistrantEntryDialog(session, parent=window), "register")
    dialog_shot(lambda: CandidatesDialog(session, window), "duplicates")
    first = window.registry.model.row_at(0)
    person = dialog_shot(lambda: RegistrantDetailDialog(session, first["id"], window), "person")
    if person is not None:
        if button(person, ("電話",)) is None:
            warnings.warn("phone-card: no phone card button in the person's file, skipped",
                          stacklevel=2)
        else:
            save(person, "phone-card")
        person.close()


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
