"""ヘルプ → ショートカット: every key the window's menus answer to, read from their actions.

The menus are the one source: a key set on any menu action (the platform's standard ones, the
counter's tasks, a page's Ctrl+number, the administration menu's) shows here, and a key taken
off an action disappears from here with it.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.i18n import _
from desktop_app.ui.freeing import freed_after

_MNEMONIC = re.compile(r"\(&\w\)")  # a Japanese menu's "(&F)"


def _plain(text: str) -> str:
    """A menu text as read aloud: no & marks (nor a Japanese "(&F)"), no trailing ellipsis."""
    text = _MNEMONIC.sub("", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def menu_shortcuts(window: QWidget) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every action with a key, in the menus' order; submenus are
    named "menu › submenu"."""
    found: list[tuple[str, str, str]] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{path} › {_plain(action.menu().title())}")
            elif not action.isSeparator() and action.shortcuts():
                keys = ", ".join(key.toString(QKeySequence.SequenceFormat.NativeText)
                                 for key in action.shortcuts())
                found.append((path, _plain(action.text()), keys))

    for action in window.menuBar().actions():
        if action.menu() is not None:
            walk(action.menu(), _plain(action.menu().title()))
    return found


class ShortcutsDialog(QDialog):
    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setWindowTitle(_("Keyboard shortcuts"))
        rows = menu_shortcuts(window)
        self.table = QTableWidget(len(rows), 3)
        self.table.setAccessibleName(_("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([_("Menu"), _("Command"), _("Keys")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(620, 520)

    def shown(self) -> list[tuple[str, str, str]]:
        return [tuple(self.table.item(row, column).text() for column in range(3))
                for row in range(self.table.rowCount())]

    @classmethod
    def show_for(cls, window: QWidget) -> None:
        with freed_after(cls(window)) as dialog:
            dialog.exec()


