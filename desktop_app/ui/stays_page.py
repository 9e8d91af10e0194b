"""The trial-stay area: the facility calendar and today's arrivals and departures, as tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from desktop_app.i18n import _
from desktop_app.services.session import Session
from desktop_app.ui.background import BackgroundTask
from desktop_app.ui.error_label import error_text
from desktop_app.ui.events_view import EventsView
from desktop_app.ui.freeing import held_while_open
from desktop_app.ui.page_title import page_title
from desktop_app.ui.stay_calendar import StayCalendarView
from desktop_app.ui.stays_today import StaysTodayView


class StaysPage(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.calendar = StayCalendarView(session)
        self.today = StaysTodayView(session)
        self.events = EventsView(session)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.calendar, "")
        self.tabs.addTab(self.today, "")
        self.tabs.addTab(self.events, "")
        self.session = session
        self.confirmation_button = QPushButton()
        self.message = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.confirmation_button)
        self.title = page_title()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs)
        layout.addLayout(row)
        self.confirmation_button.clicked.connect(self.print_confirmation)
        self.retranslate()

    def selected_booking(self) -> int | None:
        """The booking picked on the calendar (a night of it) or in today's lists."""
        if self.tabs.currentWidget() is self.calendar:
            days = self.calendar.selected_days()
            month = self.calendar.model.month
            if days and month is not None:
                for cell in month.days:
                    if cell.day == days[0] and cell.booking:
                        return cell.booking["id"]
            return None
        for table in (self.today.arrivals, self.today.departures):
            selected = table.selectedItems()
            if selected:
                return selected[0].data(Qt.ItemDataRole.UserRole)["id"]
        return None

    def print_confirmation(self) -> BackgroundTask | None:
        """Drawn on the worker; the preview opens when it arrives."""
        from desktop_app.services.stay_house_printing import print_booking_confirmation
        from desktop_app.ui.print_preview import open_when_drawn  # QtPdf: not at start-up

        booking_id = self.selected_booking()
        if booking_id is None:
            self.message.setText(_("Select a booking first."))
            return None
        self.message.setText("")
        self.task = open_when_drawn(
            self, self.session,
            lambda worker: print_booking_confirmation(worker, booking_id, preview=True),
            title=_("Booking confirmation"), file_name=f"booking-{booking_id}.pdf",
            on_print=lambda worker, copies: print_booking_confirmation(worker, booking_id,
                                                                       copies=copies),
            on_open=lambda preview: held_while_open(self, "preview", preview),
            on_error=lambda error: self.message.setText(error_text(error)))
        return self.task

    def retranslate(self) -> None:
        self.title.setText(_("Trial stays"))
        self.confirmation_button.setText(_("Booking confirmation…"))
        self.tabs.setTabText(0, _("Calendar"))
        self.tabs.setTabText(1, _("Today"))
        self.tabs.setTabText(2, _("Events"))
        self.calendar.retranslate()
        self.today.retranslate()
        self.events.retranslate()
