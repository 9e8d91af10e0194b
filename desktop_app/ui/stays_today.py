"""Today's arrivals and departures (本日の到着・出発), with check-in and check-out at a click;
the lists follow every booking change."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.stays import BOOKING_STATUS_LABELS, BookingStatus
from desktop_app.i18n import N_, _
from desktop_app.services import stays
from desktop_app.services.audit_trail import record_list_view
from desktop_app.services.session import Session
from desktop_app.ui.background import follow_changes, run_in_background
from desktop_app.ui.error_label import error_text
from desktop_app.ui.table_columns import row_table

HEADERS = (N_("Booking"), N_("Facility"), N_("Guest"), N_("Guests"), N_("Status"))



class StaysTodayView(QWidget):
    def __init__(self, session: Session, parent=None, today: date | None = None):
        super().__init__(parent)
        self.session = session
        self.day = today or date.today()
        self.arrivals_label, self.departures_label = QLabel(), QLabel()
        self.arrivals, self.departures = row_table(len(HEADERS)), row_table(len(HEADERS))
        self.check_in_button, self.check_out_button = QPushButton(), QPushButton()
        self.refresh_button = QPushButton()
        self.message = QLabel()
        buttons = QHBoxLayout()
        for button in (self.check_in_button, self.check_out_button, self.refresh_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        for widget in (self.arrivals_label, self.arrivals, self.departures_label,
                       self.departures):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.check_in_button.clicked.connect(lambda: self._advance(self.arrivals, "in"))
        self.check_out_button.clicked.connect(lambda: self._advance(self.departures, "out"))
        self.refresh_button.clicked.connect(lambda: self.refresh())
        follow_changes(self, ("booking",), lambda: self.refresh(audited=False))
        self.lists: tuple[list[dict], list[dict]] | None = None
        self.seen = False  # read, and audited, when first shown: a tab behind another is not
        self.retranslate()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.seen:
            self.seen = True
            self.refresh()

    def refresh(self, *, audited: bool = True) -> None:
        """Read the day's lists on the worker. Showing them (the tab's first showing, the
        clerk's Refresh) is audited like `booking today`; following a booking change is not:
        a check-in would otherwise add a list row beside its own."""
        day = self.day

        def job(worker: Session, _progress, _cancel) -> tuple[list[dict], list[dict]]:
            arriving, departing = stays.movements(worker.db, day)
            if audited:
                record_list_view(worker, "booking", "today",
                                 [b["id"] for b in arriving + departing],
                                 detail={"date": day.isoformat()})
            return arriving, departing

        self.reading = run_in_background(
            job, title=_("Reading today's stays…"), session=self.session, parent=self,
            on_done=self._show,
            on_error=lambda error: self.message.setText(error_text(error)))

    def _show(self, lists: tuple[list[dict], list[dict]]) -> None:
        self.lists = lists
        for table, rows in zip((self.arrivals, self.departures), lists, strict=True):
            table.setRowCount(len(rows))
            for row, booking in enumerate(rows):
                values = (booking["id"], booking["facility_name"],
                          f"{booking['family_name']} {booking['given_name']}".strip(),
                          booking["guests"],
                          _(BOOKING_STATUS_LABELS[BookingStatus(booking["status"])]))
                for column, value in enumerate(values):
                    item = QTableWidgetItem(str(value))
                    item.setData(Qt.ItemDataRole.UserRole, booking)
                    table.setItem(row, column, item)

    def _advance(self, table: QTableWidget, direction: str) -> None:
        item = table.item(table.currentRow(), 0)
        if item is None:
            self.message.setText(_("Choose a booking in the list first."))
            return
        booking = item.data(Qt.ItemDataRole.UserRole)
        current = BookingStatus(booking["status"])

        def job(worker: Session, _progress, _cancel) -> None:
            if direction == "in":
                if current is BookingStatus.PROVISIONAL:
                    stays.change_status(worker, booking["id"], BookingStatus.CONFIRMED)
                stays.change_status(worker, booking["id"], BookingStatus.STAYING)
            else:
                stays.change_status(worker, booking["id"], BookingStatus.COMPLETED)

        self.task = run_in_background(
            job, title=_("Saving…"), session=self.session, writes=("booking",), parent=self,
            on_done=lambda _r: self.message.setText(
                _("Booking {id} updated.").format(id=booking["id"])),
            on_error=lambda error: self.message.setText(error_text(error)))

    def retranslate(self) -> None:
        self.arrivals_label.setText(_("Arriving today"))
        self.departures_label.setText(_("Leaving today"))
        for table in (self.arrivals, self.departures):
            table.setHorizontalHeaderLabels([_(h) for h in HEADERS])
        self.check_in_button.setText(_("Check in"))
        self.check_out_button.setText(_("Check out"))
        self.refresh_button.setText(_("Refresh"))
        if self.lists is not None:  # the statuses in the new language, without reading again
            self._show(self.lists)
