"""Freeing what a window opens: a dialog is deleted once it is closed, a rebuilt view's old
widgets once they are replaced.

A dialog made with a parent lives as long as that parent unless it is deleted, and a page taken
out of a QTabWidget is only hidden. Whether PySide drops a dialog with its last Python reference
depends on how it was shown, so the app says it outright, in these ways only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QTabWidget

D = TypeVar("D", bound=QDialog)


@contextmanager
def freed_after(dialog: D) -> Iterator[D]:
    """A dialog run with exec(): read its answers inside the block; it is deleted after."""
    try:
        yield dialog
    finally:
        dialog.deleteLater()


def delete_on_close(dialog: D) -> D:
    """A dialog shown with open() or show(): deleted when the clerk closes it."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return dialog


def clear_tabs(tabs: QTabWidget) -> None:
    """Empty a tab widget before it is built again (QTabWidget.clear() keeps the old pages)."""
    while tabs.count():
        page = tabs.widget(0)
        tabs.removeTab(0)
        page.deleteLater()


def held_while_open(owner: object, attribute: str, dialog: D) -> D:
    """`owner.attribute` refers to `dialog` until the dialog is deleted, then to None, so no
    reference outlives the widget it names."""
    setattr(owner, attribute, dialog)

    def forget() -> None:
        if getattr(owner, attribute, None) is dialog:
            setattr(owner, attribute, None)

    dialog.destroyed.connect(forget)
    return dialog
