"""操作: the counter's frequent tasks from the menu and the keyboard, wherever the clerk is.

Each opens the page that does the task and starts it there: a new registration, the card of
the registrant selected in the list (or the certificates area to pick one), a booking of the
nights selected on the stay calendar, the voucher number field ready for the next voucher.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot


class TaskActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.printing = None  # PersonPrinting, made at the first card printed from the list
        menus = window.menus
        menus.new_registration.triggered.connect(self.new_registration)
        menus.print_card.triggered.connect(self.print_card)
        menus.new_booking.triggered.connect(self.new_booking)
        menus.redeem_voucher.triggered.connect(self.redeem_voucher)
        menus.shortcuts.triggered.connect(self.show_shortcuts)

    @Slot()
    def new_registration(self) -> None:
        self.window.show_area("registry")
        self.window.registry_actions.new_registration()

    @Slot()
    def print_card(self) -> None:
        window = self.window
        row = None
        if window.current_area() == "registry":
            index = window.registry.table.currentIndex()
            row = window.registry.model.row_at(index.row()) if index.isValid() else None
        if row is None:  # the certificates area finds people and prints the one picked there
            window.show_area("certificates")
            window.page("certificates").print_card()
            return
        if self.printing is None:
            # Printing brings in ReportLab: imported at the first card, not at start.
            from desktop_app.ui.person_printing import PersonPrinting

            self.printing = PersonPrinting(window.registry, window.session, self._say)
        self.printing.card(row["id"])

    def _say(self, text: str, error: bool = False) -> None:
        self.window.statusBar().showMessage(text, 0 if error else 8000)

    @Slot()
    def new_booking(self) -> None:
        self.window.show_area("stays")
        page = self.window.page("stays")
        page.tabs.setCurrentWidget(page.calendar)
        page.calendar.book_selection()

    @Slot()
    def redeem_voucher(self) -> None:
        self.window.show_area("vouchers")
        serial = self.window.page("vouchers").serial
        serial.setFocus()
        serial.selectAll()

    @Slot()
    def show_shortcuts(self) -> None:
        from desktop_app.ui.shortcuts_dialog import ShortcutsDialog

        ShortcutsDialog.show_for(self.window)
