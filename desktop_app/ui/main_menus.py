"""The main window's menus, with the platform's standard shortcuts."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from desktop_app.i18n import _


class MainMenus:
    """ファイル / 編集 / 表示 / ヘルプ. The window connects the actions; this only builds them."""

    def __init__(self, window: QMainWindow, page_titles: list[str]):
        bar = window.menuBar()
        self.file_menu = QMenu(window)
        self.edit_menu = QMenu(window)
        self.view_menu = QMenu(window)
        self.help_menu = QMenu(window)
        for menu in (self.file_menu, self.edit_menu, self.view_menu, self.help_menu):
            bar.addMenu(menu)
        self.settings = self._action(window, self.file_menu, QKeySequence.StandardKey.Preferences)
        self.settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.file_menu.addSeparator()
        self.quit = self._action(window, self.file_menu, QKeySequence.StandardKey.Quit)
        if self.quit.shortcut().isEmpty():  # Windows has no standard Quit key; Ctrl+Q is common
            self.quit.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.find = self._action(window, self.edit_menu, QKeySequence.StandardKey.Find)
        self.refresh = self._action(window, self.view_menu, QKeySequence.StandardKey.Refresh)
        self.view_menu.addSeparator()
        self.page_titles = page_titles
        self.pages = [
            self._action(window, self.view_menu, QKeySequence(f"Ctrl+{number}"))
            for number in range(1, len(page_titles) + 1)
        ]
        self.manual = self._action(window, self.help_menu, QKeySequence.StandardKey.HelpContents)
        self.about = self._action(window, self.help_menu, None)
        self.about.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_qt = self._action(window, self.help_menu, None)
        self.about_qt.setMenuRole(QAction.MenuRole.AboutQtRole)
        self.retranslate()

    @staticmethod
    def _action(window: QMainWindow, menu: QMenu, keys) -> QAction:
        action = QAction(window)
        if isinstance(keys, QKeySequence.StandardKey):
            action.setShortcuts(keys)  # every binding the platform defines, e.g. Find and Ctrl+F
        elif keys is not None:
            action.setShortcut(keys)
        menu.addAction(action)
        return action

    def retranslate(self) -> None:
        self.file_menu.setTitle(_("&File"))
        self.edit_menu.setTitle(_("&Edit"))
        self.view_menu.setTitle(_("&View"))
        self.help_menu.setTitle(_("&Help"))
        self.settings.setText(_("&Settings…"))
        self.quit.setText(_("&Quit"))
        self.find.setText(_("&Find registrant"))
        self.refresh.setText(_("&Reload list"))
        for action, title in zip(self.pages, self.page_titles, strict=True):
            action.setText(_(title))
        self.manual.setText(_("Operating &manual"))
        self.about.setText(_("&About Futasato"))
        self.about_qt.setText(_("About &Qt"))
