"""The one way a page shows its title: a large label above its contents (QLabel#pageTitle)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def page_title() -> QLabel:
    """An empty title label; the page sets its text in `retranslate`."""
    title = QLabel()
    title.setObjectName("pageTitle")
    return title
