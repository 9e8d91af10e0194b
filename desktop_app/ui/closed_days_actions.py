"""休館日を設定 / 休館を解除 for the days selected on a facility's calendar (buttons and menu);
the calendar redraws itself when the change is announced."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.domain.errors import FutasatoError
from desktop_app.domain.roles import Permission
from desktop_app.i18n import _, ngettext
from desktop_app.services import stays
from desktop_app.ui.background import run_in_background
from desktop_app.ui.close_days_dialog import CloseDaysDialog

if TYPE_CHECKING:
    from desktop_app.ui.stay_calendar import StayCalendarView


class ClosedDaysActions(QObject):
    def __init__(self, view: StayCalendarView):
        super().__init__(view)
        self.view = view
        self.close_action = QAction(view)
        self.reopen_action = QAction(view)
        self.close_action.triggered.connect(self.close_selection)
        self.reopen_action.triggered.connect(self.reopen_selection)
        view.grid.addActions([self.close_action, self.reopen_action])
        view.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        view.grid.selectionModel().selectionChanged.connect(self.update_enabled)
        view.model.modelReset.connect(self.update_enabled)
        self.update_enabled()

    # Replaceable in tests (pytest-qt's advice for modal questions).
    @classmethod
    def confirm(cls, parent: QWidget, text: str) -> bool:
        answer = QMessageBox.question(parent, _("Please confirm"), text)
        return answer == QMessageBox.StandardButton.Yes

    def retranslate(self) -> None:
        self.close_action.setText(_("Close days…"))
        self.close_action.setToolTip(_("Close the selected days (cleaning, closed days)"))
        self.reopen_action.setText(_("Reopen"))
        self.reopen_action.setToolTip(_("Open the selected closed days again"))

    def closed_selected(self) -> list:
        """The selected days on which the facility is closed."""
        month = self.view.model.month
        chosen = set(self.view.selected_days())
        return [cell.day for cell in (month.days if month else [])
                if cell.day in chosen and cell.closed is not None]

    @Slot()
    def update_enabled(self) -> None:
        self.close_action.setEnabled(bool(self.view.selected_days()))
        self.reopen_action.setEnabled(bool(self.closed_selected()))

    def _may(self) -> bool:
        try:
            self.view.session.require(Permission.APPROVE)
        except FutasatoError as refused:
            self.view.show_message(refused.message, error=True)
            return False
        return True

    @Slot()
    def close_selection(self) -> None:
        days = self.view.selected_days()
        facility_id = self.view.facility.currentData()
        if not days or facility_id is None or not self._may():
            return
        closed = CloseDaysDialog.ask(self.view, self.view.session,
                                     (facility_id, self.view.facility.currentText()),
                                     days[0], days[-1])
        if closed is None:
            return
        self.view.show_message(_("Days closed: {count}").format(count=len(closed)))

    @Slot()
    def reopen_selection(self) -> None:
        days = self.closed_selected()
        facility_id = self.view.facility.currentData()
        if not days or not self._may() or not self.confirm(
                self.view, ngettext("Open {count} closed day again?",
                                     "Open {count} closed days again?",
                                     len(days)).format(count=len(days))):
            return

        def job(worker, _progress, _cancel) -> FutasatoError | None:
            """Each day is its own write: a refusal keeps the days opened before it."""
            try:
                for day in days:
                    stays.remove_blackout(worker, facility_id, day)
            except FutasatoError as refused:
                return refused
            return None

        run_in_background(job, title=_("Saving…"), session=self.view.session,
                          writes=("facility",), parent=self.view,
                          on_done=lambda refused: self._reopened(days, refused),
                          on_error=lambda error: self.view.show_message(str(error), error=True))

    def _reopened(self, days: list, refused: FutasatoError | None) -> None:
        if refused is not None:
            self.view.show_message(refused.message, error=True)
        else:
            self.view.show_message(_("Days opened again: {count}").format(count=len(days)))
