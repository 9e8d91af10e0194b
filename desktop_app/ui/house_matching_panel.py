"""The people a house suits, ranked (the houses a person's wishes suit are on their own tab)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from desktop_app.domain.errors import FutasatoError
from desktop_app.i18n import N_, _
from desktop_app.services import house_matching
from desktop_app.services.session import Session

PEOPLE_COLUMNS = (N_("Score"), N_("Registrant number"), N_("Name"), N_("Phone"))


class HouseMatchingPanel(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.table = QTableWidget(0, 0)
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
        self._shown = self.clear
        self.title.setText(_("Select a house to see the people it suits."))
        self._fill((), [])

    def show_people(self, house_id: int | None) -> None:
        """People for a house (物件に合う登録者), best first."""
        if house_id is None:
            self.clear()
            return
        self._shown = lambda: self.show_people(house_id)
        try:
            people = house_matching.people_for_house(self.session.db, house_id)
        except FutasatoError as refused:
            self.title.setText(refused.message)
            self._fill((), [])
            return
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
