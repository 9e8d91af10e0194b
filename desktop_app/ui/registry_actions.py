"""The registry's dialogs hooked onto the registrant list: 新規登録, the candidates list, the
follow-ups due, and Enter (or double-click) to open a person's file. The list follows what they
save. The 登録者 menu's actions on a person act on the one selected in the list.

Each dialog's module is imported when the dialog is first opened, not when the window starts:
together they bring in registration, duplicates, printing and QtPdf (about 0.15 s).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, Slot
from PySide6.QtWidgets import QPushButton

from desktop_app.i18n import _
from desktop_app.services.session import Session
from desktop_app.ui.freeing import freed_after

Say = Callable[[str], None]  # a line in the window's status bar


class RegistryActions(QObject):
    def __init__(self, view, session: Session, say: Say = lambda _text: None):
        super().__init__(view)
        self.view, self.session, self.say = view, session, say
        self.printing = None  # PersonPrinting, made when the first document is printed
        self.new_button = QPushButton()
        self.candidates_button = QPushButton()
        self.follow_ups_button = QPushButton()
        for button in (self.new_button, self.candidates_button, self.follow_ups_button):
            view.tools.addWidget(button)
        self.retranslate()
        self.new_button.clicked.connect(self.new_registration)
        self.candidates_button.clicked.connect(self.show_candidates)
        self.follow_ups_button.clicked.connect(self.show_follow_ups)
        view.table.activated.connect(self.open_row)  # Enter, and double-click

    def retranslate(self) -> None:
        self.new_button.setText(_("New registration"))
        self.candidates_button.setText(_("Candidates…"))
        self.follow_ups_button.setText(_("Follow-ups due…"))

    @Slot()
    def new_registration(self) -> int | None:
        """The form; once saved, the new person selected in the list, the save confirmed in
        the status bar, and the next step offered (the application form, or a stay)."""
        from desktop_app.ui.next_step_dialog import NextStepDialog
        from desktop_app.ui.registrant_entry_dialog import RegistrantEntryDialog

        with freed_after(RegistrantEntryDialog(self.session, parent=self.view)) as dialog:
            if not dialog.exec():
                return None
            saved_id, name, kana = dialog.saved_id, dialog.saved_name, dialog.saved_kana
        self.view.show_person(saved_id, kana)
        self.say(_("Saved: {name} was registered as an application (申請中).").format(
            name=name))
        step = NextStepDialog.ask(self.view, name)
        if step == "form":
            self.print_form(saved_id)
        elif step == "stay":
            self.book_stay()
        return saved_id

    @Slot()
    def show_candidates(self) -> None:
        from desktop_app.ui.candidates_dialog import CandidatesDialog

        with freed_after(CandidatesDialog(self.session, self.view)) as dialog:
            dialog.exec()

    @Slot()
    def show_follow_ups(self) -> None:
        from desktop_app.ui.follow_ups_dialog import FollowUpsDialog

        with freed_after(FollowUpsDialog(self.session, self.view)) as dialog:
            dialog.exec()

    @Slot(QModelIndex)
    def open_row(self, index: QModelIndex) -> None:
        row = self.view.model.row_at(index.row())
        if row is not None:
            self.open_person(row["id"])

    def open_person(self, registrant_id: int) -> None:
        from desktop_app.ui.registrant_detail_dialog import RegistrantDetailDialog

        with freed_after(RegistrantDetailDialog(self.session, registrant_id,
                                                self.view)) as dialog:
            dialog.exec()

    def _selected(self) -> int | None:
        person = self.view.selected_id()
        if person is None:
            self.say(_("Select a person in the registry first."))
        return person

    @Slot()
    def open_selected(self) -> None:
        person = self._selected()
        if person is not None:
            self.open_person(person)

    @Slot()
    def approve_selected(self) -> None:
        """承認 of the selected application: by the signed-in supervisor, or at a clerk's
        counter by a supervisor who gives their own login and password."""
        from desktop_app.ui.approval_dialog import approve_registrant

        person = self._selected()
        if person is not None:
            approve_registrant(self.session, person, self.view.selected_name(), self.view,
                               self.say)

    def _printing(self):
        from desktop_app.ui.person_printing import PersonPrinting  # QtPdf: not at start-up

        if self.printing is None:
            self.printing = PersonPrinting(self.view, self.session,
                                           lambda text, error=False: self.say(text))
        return self.printing

    @Slot()
    def print_form(self, registrant_id: int | None = None) -> None:
        person = registrant_id or self._selected()
        if person is not None:
            self._printing().application_form(person)

    @Slot()
    def print_card(self) -> None:
        """The selected person's card; with nobody selected in the list, the certificates area,
        which finds people and prints the one picked there."""
        window = self.view.window()
        if self.view.selected_id() is None and hasattr(window, "show_area"):
            window.show_area("certificates")
            window.page("certificates").print_card()
            return
        person = self._selected()
        if person is not None:
            self._printing().card(person)

    @Slot()
    def book_stay(self) -> None:
        """The stay calendar, where the clerk picks the nights (the booking asks the person)."""
        window = self.view.window()
        if hasattr(window, "show_area"):
            window.show_area("stays")
            page = window.page("stays")
            page.tabs.setCurrentWidget(page.calendar)
            page.calendar.grid.setFocus()
            self.say(_("Pick the nights on the calendar, then press Enter to book them."))
