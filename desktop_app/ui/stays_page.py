"""The trial-stay area: the facility calendar and today's arrivals and departures, as tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop_app.i18n import _
from desktop_app.services.session import Session
from desktop_app.ui.stay_calendar import StayCalendarView
from desktop_app.ui.stays_today import StaysTodayView


class StaysPage(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.calendar = StayCalendarView(session)
        self.today = StaysTodayView(session)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.calendar, "")
        self.tabs.addTab(self.today, "")
        QVBoxLayout(self).addWidget(self.tabs)
        self.calendar.booked.connect(lambda _id: self.today.refresh())
        self.tabs.currentChanged.connect(lambda _i: self.today.refresh())
        self.retranslate()

    def retranslate(self) -> None:
        self.tabs.setTabText(0, _("Calendar"))
        self.tabs.setTabText(1, _("Today"))
        self.calendar.retranslate()
        self.today.retranslate()
