"""The registry's dialogs hooked onto the registrant list: 新規登録, the candidates list, the
follow-ups due, and double-click to open a person's file. The list follows what they save.

Each dialog's module is imported when the dialog is first opened, not when the window starts:
together they bring in registration, duplicates, printing and QtPdf (about 0.15 s).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, Slot
from PySide6.QtWidgets import QPushButton

from desktop_app.i18n import _
from desktop_app.services.session import Session
from desktop_app.ui.freeing import freed_after


class RegistryActions(QObject):
    def __init__(self, view, session: Session):
        super().__init__(view)
        self.view, self.session = view, session
        self.new_button = QPushButton()
        self.candidates_button = QPushButton()
        self.follow_ups_button = QPushButton()
        for button in (self.new_button, self.candidates_button, self.follow_ups_button):
            view.tools.addWidget(button)
        self.retranslate()
        self.new_button.clicked.connect(self.new_registration)
        self.candidates_button.clicked.connect(self.show_candidates)
        self.follow_ups_button.clicked.connect(self.show_follow_ups)
        view.table.doubleClicked.connect(self.open_row)

    def retranslate(self) -> None:
        self.new_button.setText(_("New registration"))
        self.candidates_button.setText(_("Candidates…"))
        self.follow_ups_button.setText(_("Follow-ups due…"))

    @Slot()
    def new_registration(self) -> int | None:
        from desktop_app.ui.registrant_entry_dialog import RegistrantEntryDialog

        with freed_after(RegistrantEntryDialog(self.session, parent=self.view)) as dialog:
            return dialog.saved_id if dialog.exec() else None

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
            from desktop_app.ui.registrant_detail_dialog import RegistrantDetailDialog

            with freed_after(RegistrantDetailDialog(self.session, row["id"], self.view)) as dialog:
                dialog.exec()
