"""非常時: the emergency list on screen, for a supervisor. In town on a day (trial-stay guests,
people at events, dual residents with a base in town), or a disaster elsewhere (people living in
the hit area, and those who would help rebuild); printed as an A4 list in large type.

Nothing is read until the supervisor asks (Show, Print…): each showing is a view of personal
data, audited by the service, and a clerk is refused there before any row is read.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.emergency import PRESENCE_LABELS
from desktop_app.i18n import N_, _, translate_label
from desktop_app.services.emergency import EmergencyList, EmergencyQuery, emergency_list
from desktop_app.services.printing.emergency import print_emergency_list
from desktop_app.services.session import Session
from desktop_app.ui.background import BackgroundTask, run_in_background
from desktop_app.ui.date_picker import DatePicker
from desktop_app.ui.error_label import error_label, error_text
from desktop_app.ui.print_preview import open_when_drawn

COLUMNS = (N_("District"), N_("Name"), N_("Where"), N_("Facility or event"), N_("Address"),
           N_("Phone"), N_("Emergency contact"))
IN_TOWN, ELSEWHERE = "in_town", "elsewhere"
WIDEST_COLUMN = 180  # pixels


class EmergencyPage(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 18px; font-weight: bold; color: #b3171c;")
        self.mode = QComboBox()
        self.day = DatePicker(session.db)
        self.area = QLineEdit()
        self.hit_prefecture, self.hit_city = QLineEdit(), QLineEdit()
        self.show_button, self.print_button = QPushButton(), QPushButton()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.summary = QLabel()
        self.error = error_label()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.task: BackgroundTask | None = None
        self.shown: EmergencyList | None = None
        self._lay_out()
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.show_button.clicked.connect(self.show_list)
        self.print_button.clicked.connect(self.print_list)
        self.retranslate()

    def _lay_out(self) -> None:
        self.form = QFormLayout()
        self.labels = {widget: QLabel() for widget in (
            self.mode, self.day, self.area, self.hit_prefecture, self.hit_city)}
        for widget, label in self.labels.items():
            label.setBuddy(widget)  # names the field for screen readers too
            self.form.addRow(label, widget)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        top = QHBoxLayout()
        top.addLayout(self.form, 2)
        side = QVBoxLayout()
        side.addWidget(self.note)
        side.addStretch(1)
        side.addLayout(buttons)
        top.addLayout(side, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def retranslate(self) -> None:
        self.title.setText(_("Emergency (防災・二次避難)"))
        current = self.mode.currentData() or IN_TOWN
        self.mode.blockSignals(True)
        self.mode.clear()
        self.mode.addItem(_("Who is in town on a day"), IN_TOWN)
        self.mode.addItem(_("A disaster elsewhere: whom to shelter, who will help"), ELSEWHERE)
        self.mode.setCurrentIndex(self.mode.findData(current))
        self.mode.blockSignals(False)
        for widget, msgid in ((self.mode, N_("List")), (self.day, N_("Day")),
                              (self.area, N_("District")),
                              (self.hit_prefecture, N_("Hit prefecture")),
                              (self.hit_city, N_("Hit city, town or village"))):
            self.labels[widget].setText(_(msgid))
        self.area.setPlaceholderText(_("all districts"))
        self.hit_city.setPlaceholderText(_("the whole prefecture"))
        self.show_button.setText(_("Show"))
        self.print_button.setText(_("Print…"))
        self.note.setText(_("For supervisors. Each showing and each printing of this list is "
                            "recorded in the audit trail as a view of personal data. The printed "
                            "list needs no network: keep a copy with the disaster desk."))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self._mode_changed()
        if self.shown is not None:
            self._fill(self.shown)

    @Slot()
    def _mode_changed(self) -> None:
        elsewhere = self.mode.currentData() == ELSEWHERE
        for widget, visible in ((self.area, not elsewhere), (self.hit_prefecture, elsewhere),
                                (self.hit_city, elsewhere)):
            widget.setVisible(visible)
            self.labels[widget].setVisible(visible)

    def query(self) -> EmergencyQuery:
        elsewhere = self.mode.currentData() == ELSEWHERE
        return EmergencyQuery(
            day=self.day.date().toPython(), area="" if elsewhere else self.area.text().strip(),
            hit_prefecture=self.hit_prefecture.text().strip() if elsewhere else "",
            hit_city=self.hit_city.text().strip() if elsewhere else "")

    def _asked(self) -> EmergencyQuery | None:
        query = self.query()
        if self.mode.currentData() == ELSEWHERE and not query.hit_prefecture:
            self._say(_("Name the prefecture hit by the disaster."))
            return None
        self._say("")
        return query

    @Slot()
    def show_list(self) -> BackgroundTask | None:
        query = self._asked()
        if query is None:
            return None
        self.task = run_in_background(
            lambda worker, _p, _c: emergency_list(worker, query, purpose="view"),
            title=_("Gathering the list…"), session=self.session, parent=self,
            on_done=self._fill, on_error=self._refused)
        return self.task

    @Slot()
    def print_list(self) -> BackgroundTask | None:
        query = self._asked()
        if query is None:
            return None
        self.task = open_when_drawn(
            self, self.session, lambda worker: print_emergency_list(worker, query),
            title=_("Emergency list"), file_name=f"emergency-{query.day.isoformat()}.pdf",
            on_print=None, on_error=self._refused)
        return self.task

    def _fill(self, found: EmergencyList) -> None:
        self.shown = found
        rows = [(district, entry) for district, entries in found.groups for entry in entries]
        self.table.setRowCount(len(rows))
        for r, (district, e) in enumerate(rows):
            for c, value in enumerate((district, e.name, translate_label(
                    PRESENCE_LABELS[e.presence]), e.place, e.address, e.phone, e.contact)):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        for c in range(len(COLUMNS) - 1):  # long event names must not push the contact away
            self.table.setColumnWidth(c, min(self.table.columnWidth(c), WIDEST_COLUMN))
        kinds = Counter(entry.presence for _district, entry in rows)
        counts = "　".join(f"{translate_label(PRESENCE_LABELS[presence])} {n}"
                          for presence, n in kinds.items())
        self.summary.setText(_("People on the list: {people}; groups: {groups}").format(
            people=len(rows), groups=len(found.groups)) + (f"（{counts}）" if counts else ""))

    def _refused(self, error: Exception) -> None:
        self._say(error_text(error))

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
