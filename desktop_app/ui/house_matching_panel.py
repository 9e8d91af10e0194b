"""The people a house suits, ranked (the houses a person's wishes suit are on their own tab).

Ranking reads every wish on file (some 45 ms at 1,000,000 registrants), so it runs on the worker.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from desktop_app.i18n import N_, _
from desktop_app.services import house_matching
from desktop_app.services.session import Session
from desktop_app.ui.background import BackgroundTask, run_in_background
from desktop_app.ui.error_label import error_text

PEOPLE_COLUMNS = (N_("Score"), N_("Registrant number"), N_("Name"), N_("Phone"))


class HouseMatchingPanel(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.task: BackgroundTask | None = None
        self.noted_house: int | None = None  # whose suited people were last noted
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.table = QTableWidget(0, 0)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        self.clear()

    def retranslate(self) -> None:
        self._shown()  # what is on show, again, in the new language

    def clear(self) -> None:
        self._stop()
        self._shown = self.clear
        self.title.setText(_("Select a house to see the people it suits."))
        self._fill((), [])

    def show_people(self, house_id: int | None) -> None:
        """People for a house (物件に合う登録者), best first."""
        if house_id is None:
            self.clear()
            return
        self._shown = lambda: self.show_people(house_id)
        self._stop()
        audited = house_id != self.noted_house  # the same house again is a redraw
        self.noted_house = house_id
        self.task = run_in_background(
            lambda worker, _progress, _cancel: house_matching.people_shown_for_house(
                worker, house_id, audited=audited),
            title=_("Finding the people it suits…"), session=self.session, parent=self,
            on_done=self._show, on_error=self._refused)

    def _stop(self) -> None:
        """The clerk moved on: an answer for the house selected before is not wanted."""
        if self.task is not None and self.task.running:
            self.task.cancel()

    def _refused(self, error: Exception) -> None:
        self.title.setText(error_text(error))
        self._fill((), [])

    def _show(self, people: list[dict]) -> None:
        self.title.setText(_("People this house suits: {count}").format(count=len(people)))
        self._fill(PEOPLE_COLUMNS, [
            (p["score"], p["registrant_no"] or "", f"{p['family_name']} {p['given_name']}",
             p["phone"] or "") for p in people])

    def _fill(self, columns: tuple[str, ...], rows: list[tuple]) -> None:
        self.table.clear()
        self.table.setColumnCount(len(columns))
        self.table.setHorizontalHeaderLabels([_(c) for c in columns])
        self.table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            for column, value in enumerate(row):
                self.table.setItem(number, column, QTableWidgetItem(str(value)))
