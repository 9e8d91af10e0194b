"""Monitor tours and exchange events (モニターツアー・交流会): sign people up, tick who came."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.code_labels import EVENT_KIND_LABELS
from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import FutasatoError
from desktop_app.i18n import N_, _
from desktop_app.services import events, preferences
from desktop_app.services.session import Session
from desktop_app.ui.date_picker import DatePicker
from desktop_app.ui.table_columns import row_table

EVENT_HEADERS = (N_("Date"), N_("Event"), N_("Kind"), N_("Capacity"), N_("Participants"))
PARTICIPANT_HEADERS = (N_("Registrant"), N_("Name"), N_("Attended"))



class EventsView(QWidget):
    def __init__(self, session: Session, parent=None, today: date | None = None):
        super().__init__(parent)
        self.session = session
        self.today = today or date.today()
        self.events, self.participants = row_table(5), row_table(3)
        self.name, self.kind = QLineEdit(), QComboBox()
        for kind in events.KINDS:
            self.kind.addItem("", kind)
        self.held_on = DatePicker(session.db, self.today)
        self.capacity = QSpinBox()
        self.capacity.setRange(0, 9999)
        self.add_button, self.sign_up_button = QPushButton(), QPushButton()
        self.registrant = QLineEdit()
        self.message = QLabel()
        self.form = QFormLayout()
        self.labels = [QLabel() for _field in range(4)]
        for label, widget in zip(self.labels, (self.name, self.kind, self.held_on, self.capacity),
                                 strict=True):
            label.setBuddy(widget)
            self.form.addRow(label, widget)
        self.form.addRow(self.add_button)
        sign_up = QHBoxLayout()
        sign_up.addWidget(self.registrant, 1)
        sign_up.addWidget(self.sign_up_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.events, 2)
        layout.addLayout(self.form)
        layout.addWidget(self.participants, 1)
        layout.addLayout(sign_up)
        layout.addWidget(self.message)
        self.add_button.clicked.connect(self.add_event)
        self.sign_up_button.clicked.connect(self.add_participant)
        self.noted_event: int | None = None  # the event whose participants were last noted
        self.events.itemSelectionChanged.connect(self.show_participants)
        self.participants.itemChanged.connect(self._attendance_ticked)
        self.retranslate()
        self.refresh()

    def selected_event(self) -> int | None:
        item = self.events.item(self.events.currentRow(), 0)
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def refresh(self, select: int | None = None) -> None:
        """Events from a year back onward; keeps (or moves to) the chosen event."""
        select = select if select is not None else self.selected_event()
        rows = events.events_between(self.session.db, self.today - timedelta(days=365),
                                     date(9999, 12, 31))
        style = preferences.date_style(self.session.db)
        self.events.setRowCount(len(rows))
        for row, event in enumerate(rows):
            kind_label = EVENT_KIND_LABELS[event["kind"]]
            values = (format_date(event["held_on"], style), event["name"], _(kind_label),
                      event["capacity"] or _("No limit"), event["participants"])
            for column, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                item.setData(Qt.ItemDataRole.UserRole, event["id"])
                self.events.setItem(row, column, item)
            if event["id"] == select:
                self.events.setCurrentCell(row, 0)
        self.show_participants()

    def show_participants(self) -> None:
        event_id = self.selected_event()
        try:  # opening another event is a look; the same one redrawn after a tick is not
            rows = [] if event_id is None else events.participants(
                self.session, event_id, audited=event_id != self.noted_event)
        except FutasatoError as refused:
            self.message.setText(refused.message)
            rows = []
        else:
            self.noted_event = event_id
        self.participants.blockSignals(True)
        self.participants.setRowCount(len(rows))
        for row, person in enumerate(rows):
            name = f"{person['family_name']} {person['given_name']}".strip()
            number = person["registrant_no"] or person["registrant_id"]
            for column, value in enumerate((number, name)):
                self.participants.setItem(row, column, QTableWidgetItem(str(value)))
            tick = QTableWidgetItem()
            tick.setData(Qt.ItemDataRole.UserRole, person["registrant_id"])
            came = person["attended"]
            tick.setCheckState(Qt.CheckState.Checked if came else Qt.CheckState.Unchecked)
            if came is None:
                tick.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            else:  # recorded once, as the service allows
                tick.setFlags(Qt.ItemFlag.NoItemFlags)
                tick.setText(_("Yes") if came else _("No"))
            self.participants.setItem(row, 2, tick)
        self.participants.blockSignals(False)

    def add_event(self) -> None:
        try:
            event_id = events.add_event(
                self.session, name=self.name.text(), kind=self.kind.currentData(),
                held_on=self.held_on.day(),
                capacity=self.capacity.value())
        except FutasatoError as refused:
            self.message.setText(refused.message)
            return
        self.name.clear()
        self.message.setText(_("Event {id} added.").format(id=event_id))
        self.refresh(select=event_id)

    def add_participant(self) -> None:
        event_id = self.selected_event()
        if event_id is None:
            self.message.setText(_("Choose an event in the list first."))
            return
        try:
            events.add_participant(self.session, event_id, self.registrant.text().strip())
        except FutasatoError as refused:
            self.message.setText(refused.message)
            return
        self.registrant.clear()
        self.message.setText(_("Participant added."))
        self.refresh(select=event_id)

    def _attendance_ticked(self, item: QTableWidgetItem) -> None:
        if item.column() != 2 or item.checkState() != Qt.CheckState.Checked:
            return
        event_id = self.selected_event()
        try:
            events.record_attendance(self.session, event_id,
                                     str(item.data(Qt.ItemDataRole.UserRole)), True)
        except FutasatoError as refused:
            self.message.setText(refused.message)
        else:
            self.message.setText(_("Attendance recorded."))
        self.refresh(select=event_id)

    def retranslate(self) -> None:
        self.events.setHorizontalHeaderLabels([_(text) for text in EVENT_HEADERS])
        self.participants.setHorizontalHeaderLabels([_(text) for text in PARTICIPANT_HEADERS])
        for index, kind in enumerate(events.KINDS):
            self.kind.setItemText(index, _(EVENT_KIND_LABELS[kind]))
        for label, text in zip(self.labels, (N_("Event name"), N_("Kind"), N_("Date"),
                                             N_("Capacity")), strict=True):
            label.setText(_(text))
        self.capacity.setSpecialValueText(_("No limit"))
        self.add_button.setText(_("Add event"))
        self.registrant.setPlaceholderText(_("Registrant number or ID"))
        self.registrant.setAccessibleName(_("Registrant number or ID"))
        self.sign_up_button.setText(_("Add participant"))
