"""A page whose figures are costly to read: redrawn after a change only while it is on screen,
and once when it is shown again after a change it missed (or for the first time)."""

from __future__ import annotations

from collections.abc import Callable, Collection

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from desktop_app.ui.background import follow_changes


class ShownRefresh(QObject):
    """Calls `refresh` when a write changes any of `kinds` and the page is on screen, else when
    it is next shown. A child of the page, so it ends with it."""

    def __init__(self, page: QWidget, kinds: Collection[str], refresh: Callable[[], object]):
        super().__init__(page)
        self.page, self.refresh = page, refresh
        self.stale = True  # nothing read yet: the first showing reads
        page.installEventFilter(self)
        follow_changes(page, kinds, self.changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self.stale:
            self._read()
        return False  # the page handles its Show event as ever

    def changed(self) -> None:
        self.stale = True
        if self.page.isVisible():
            self._read()

    def _read(self) -> None:
        self.stale = False
        self.refresh()

