"""The main window's menus, with the platform's standard shortcuts and keys for the counter's
frequent tasks. ヘルプ → ショートカット lists whatever keys the menus' actions carry."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from desktop_app.i18n import _


class MainMenus:
    """ファイル / 編集 / 登録者 / 表示 / ヘルプ. The window connects the actions; this only builds
    them. Every shortcut of the window sits on one of these actions, so the menus show it."""

    def __init__(self, window: QMainWindow, page_titles: list[str]):
        bar = window.menuBar()
        self.file_menu = QMenu(window)
        self.edit_menu = QMenu(window)
        self.person_menu = QMenu(window)
        self.view_menu = QMenu(window)
        self.help_menu = QMenu(window)
        for menu in (self.file_menu, self.edit_menu, self.person_menu, self.view_menu,
                     self.help_menu):
            bar.addMenu(menu)
        self.settings = self._action(window, self.file_menu, QKeySequence.StandardKey.Preferences)
        self.settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.file_menu.addSeparator()
        self.switch_clerk = self._action(window, self.file_menu, QKeySequence("Ctrl+Shift+U"))
        self.sign_out = self._action(window, self.file_menu, None)
        self.file_menu.addSeparator()
        self.quit = self._action(window, self.file_menu, QKeySequence.StandardKey.Quit)
        if self.quit.shortcut().isEmpty():  # Windows has no standard Quit key; Ctrl+Q is common
            self.quit.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.find = self._action(window, self.edit_menu, QKeySequence.StandardKey.Find)
        # The counter's frequent tasks; those on a person act on the one selected in the list.
        person = self.person_menu
        self.new_registration = self._action(window, person, QKeySequence.StandardKey.New)
        self.pending = self._action(window, person, QKeySequence("Ctrl+Shift+W"))
        person.addSeparator()
        self.open_person = self._action(window, person, QKeySequence("Ctrl+O"))
        self.approve = self._action(window, person, QKeySequence("Ctrl+Shift+A"))
        self.print_form = self._action(window, person, QKeySequence("Ctrl+Shift+E"))
        self.print_card = self._action(window, person, QKeySequence("Ctrl+Shift+P"))
        person.addSeparator()
        self.book_stay = self._action(window, person, QKeySequence("Ctrl+Shift+B"))
        self.redeem_voucher = self._action(window, person, QKeySequence("Ctrl+Shift+V"))
        self.refresh = self._action(window, self.view_menu, QKeySequence.StandardKey.Refresh)
        self.view_menu.addSeparator()
        self.page_titles = page_titles
        self.pages = [
            self._action(window, self.view_menu, QKeySequence(f"Ctrl+{number}"))
            for number in range(1, len(page_titles) + 1)
        ]
        self.manual = self._action(window, self.help_menu, QKeySequence.StandardKey.HelpContents)
        self.shortcuts = self._action(window, self.help_menu, QKeySequence("Ctrl+/"))
        self.help_menu.addSeparator()
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
        self.person_menu.setTitle(_("&Registrant"))
        self.view_menu.setTitle(_("&View"))
        self.help_menu.setTitle(_("&Help"))
        self.shortcuts.setText(_("&Keyboard shortcuts"))
        self.settings.setText(_("&Settings…"))
        self.switch_clerk.setText(_("S&witch clerk…"))
        self.sign_out.setText(_("Sign &out"))
        self.quit.setText(_("&Quit"))
        self.find.setText(_("&Find registrant"))
        self.new_registration.setText(_("&New registration…"))
        self.pending.setText(_("Awaiting &approval"))
        self.open_person.setText(_("&Open the person's file"))
        self.approve.setText(_("A&pprove…"))
        self.print_form.setText(_("Print the application &form…"))
        self.print_card.setText(_("Print the &card…"))
        self.book_stay.setText(_("&Book a stay…"))
        self.redeem_voucher.setText(_("Redeem a &voucher…"))
        self.refresh.setText(_("&Reload list"))
        for action, title in zip(self.pages, self.page_titles, strict=True):
            action.setText(_(title))
        self.manual.setText(_("Operating &manual"))
        self.about.setText(_("&About Futasato"))
        self.about_qt.setText(_("About &Qt"))
