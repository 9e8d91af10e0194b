"""One facility's month: a grid coloured by status; select free days and press Enter to book,
or close them (休館日) from the buttons or the context menu. The month redraws itself whenever a
booking, a closed day or a facility changes, wherever the change was made."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.dates import format_date, format_month
from desktop_app.domain.errors import FutasatoError
from desktop_app.domain.stays import BOOKING_STATUS_LABELS
from desktop_app.i18n import _, ngettext
from desktop_app.services import preferences, stays
from desktop_app.services.session import Session
from desktop_app.ui.background import follow_changes, run_in_background
from desktop_app.ui.booking_dialog import BookingDialog
from desktop_app.ui.calendar_model import CLOSED_COLOUR, STATUS_COLOURS, CalendarModel, DateRole
from desktop_app.ui.closed_days_actions import ClosedDaysActions
from desktop_app.ui.error_label import error_text, show_status
from desktop_app.ui.facility_dialog import FacilityDialog


class CalendarGrid(QTableView):
    """Arrow keys move by day and week; Page Up / Page Down change the month; Enter books."""

    month_step = Signal(int)
    book_requested = Signal()

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self.month_step.emit(-1 if key == Qt.Key.Key_PageUp else 1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.book_requested.emit()
        else:
            super().keyPressEvent(event)


class StayCalendarView(QWidget):
    booked = Signal(int)

    def __init__(self, session: Session, parent=None, today: date | None = None):
        super().__init__(parent)
        self.session = session
        today = today or date.today()
        self.year, self.month = today.year, today.month
        self.facility = QComboBox()
        self.previous, self.next = QPushButton("◀"), QPushButton("▶")
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.book_button = QPushButton()
        self.add_facility_button = QPushButton()
        self.edit_facility_button = QPushButton()
        # A fresh file has no facility yet: say what to do first instead of an empty grid.
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.model = CalendarModel(self)
        self.grid = CalendarGrid()
        self.grid.setModel(self.model)
        self.grid.setTabKeyNavigation(False)  # Tab leaves the calendar; arrows move inside
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().hide()
        self.grid.setWordWrap(True)
        self.legend = QLabel()
        self.occupancy = QLabel()
        self.closed_days = ClosedDaysActions(self)
        top = QHBoxLayout()
        for widget in (self.facility, self.previous, self.title, self.next):
            top.addWidget(widget)
        top.addStretch(1)
        self.closed_buttons = []
        for action in (self.closed_days.close_action, self.closed_days.reopen_action):
            button = QToolButton()
            button.setDefaultAction(action)
            top.addWidget(button)
            self.closed_buttons.append(button)
        top.addWidget(self.book_button)
        top.addWidget(self.add_facility_button)
        top.addWidget(self.edit_facility_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.occupancy)
        layout.addWidget(self.legend)
        layout.addWidget(self.message)
        self.previous.clicked.connect(lambda: self.step_month(-1))
        self.next.clicked.connect(lambda: self.step_month(1))
        self.grid.month_step.connect(self.step_month)
        self.grid.book_requested.connect(self.book_selection)
        self.book_button.clicked.connect(self.book_selection)
        self.add_facility_button.clicked.connect(self.add_facility)
        self.edit_facility_button.clicked.connect(self.edit_facility)
        # A new look (the first showing, another month or facility) is audited; a redraw is not.
        self.new_look = True
        self.facility.currentIndexChanged.connect(lambda _i: self.look())
        follow_changes(self, ("booking",), self.render)
        follow_changes(self, ("facility",), self.reload_facilities)
        self.reload_facilities()
        self.retranslate()

    def reload_facilities(self) -> None:
        chosen = self.facility.currentData()
        self.facility.blockSignals(True)
        self.facility.clear()
        for row in stays.facilities(self.session.db):
            self.facility.addItem(row["name"], row["id"])
        self.facility.setCurrentIndex(max(0, self.facility.findData(chosen)))
        self.facility.blockSignals(False)
        has_one = self.facility.count() > 0
        for widget in (self.grid, self.occupancy, self.legend, self.facility, self.previous,
                       self.next, self.title, self.book_button, self.edit_facility_button,
                       *self.closed_buttons):
            widget.setVisible(has_one)
        self.empty.setVisible(not has_one)
        may_manage = stays.may_manage_facilities(self.session)
        self.add_facility_button.setEnabled(may_manage)
        self.edit_facility_button.setEnabled(may_manage)
        self.render()

    def add_facility(self) -> None:
        facility = FacilityDialog.ask(self)
        if facility is not None:
            self._save_facility(lambda worker: stays.add_facility(worker, facility),
                                _("Facility added: {name}.").format(name=facility.name.strip()))

    def edit_facility(self) -> None:
        facility_id = self.facility.currentData()
        if facility_id is None:
            return
        facility = FacilityDialog.ask(self, stays.facility_input(self.session.db, facility_id))
        if facility is not None:
            self._save_facility(
                lambda worker: stays.update_facility(worker, facility_id, facility),
                _("Facility changed: {name}.").format(name=facility.name.strip()))

    def _save_facility(self, save, done: str) -> None:
        """Saved on the worker; every view of facilities follows the change."""
        self.task = run_in_background(
            lambda worker, _progress, _cancel: save(worker),
            title=_("Saving the facility…"), session=self.session, writes=("facility",),
            parent=self, on_done=lambda _result: self.show_message(done),
            on_error=lambda error: self.show_message(error_text(error),
                                                     error=True))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.new_look:
            self.render(audited=True)  # the clerk sees this month for the first time
        elif self.model.date_style != preferences.date_style(self.session.db):
            self.render()  # how dates are shown was changed in 設定 while this page was away

    def step_month(self, step: int) -> None:
        month = self.month - 1 + step
        self.year, self.month = self.year + month // 12, month % 12 + 1
        self.look()

    def look(self) -> None:
        """Another month or facility, asked for by the clerk: shown now if on screen."""
        self.new_look = True
        self.render(audited=self.isVisible())

    def render(self, *, audited: bool = False) -> None:
        facility_id = self.facility.currentData()
        if facility_id is None:
            self.model.set_month(None)
            self.occupancy.setText("")
            return
        style = preferences.date_style(self.session.db)
        try:
            month = stays.shown_month(self.session, facility_id, self.year, self.month,
                                      audited=audited)
        except FutasatoError as refused:  # a role that may not see guests: no names at all
            self.model.set_month(None)
            self.show_message(refused.message, error=True)
            return
        if audited:
            self.new_look = False
        self.model.set_month(month, style)
        self.title.setText(format_month(self.year, self.month, style))
        self.show_occupancy(facility_id)

    def show_occupancy(self, facility_id: int) -> None:
        """稼働率 of the month on show: nights booked (live bookings) out of nights in the month."""
        year = stays.monthly_occupancy(self.session.db, facility_id, self.year)
        _month, taken, nights = year[self.month - 1]
        self.occupancy.setText(_("Occupancy {percent}% ({taken} of {nights} nights)").format(
            percent=round(100 * taken / nights), taken=taken, nights=nights))

    def selected_days(self) -> list[date]:
        return sorted(self.model.data(i, DateRole) for i in self.grid.selectedIndexes())

    def select_days(self, first: date, last: date) -> None:
        """Select a run of days (what a drag with the mouse does)."""
        self.grid.clearSelection()
        model = self.grid.selectionModel()
        day = first
        while day <= last:
            model.select(self.model.index_of(day), model.SelectionFlag.Select)
            day += timedelta(days=1)

    def book_selection(self) -> None:
        days = self.selected_days()
        facility_id = self.facility.currentData()
        if not days or facility_id is None:
            self.show_message(_("Select the nights of the stay first."), error=True)
            return
        check_in, check_out = days[0], days[-1] + timedelta(days=1)
        style = preferences.date_style(self.session.db)
        summary = ngettext("{facility}: {check_in} – {check_out} ({nights} night)",
                           "{facility}: {check_in} – {check_out} ({nights} nights)",
                           len(days)).format(
            facility=self.facility.currentText(), check_in=format_date(check_in, style),
            check_out=format_date(check_out, style), nights=len(days))
        capacity = self.model.month.facility["capacity"]
        request = BookingDialog.ask(self, summary, capacity, self.session)
        if request is None:
            return
        self.task = run_in_background(
            lambda worker, _progress, _cancel: stays.book(
                worker, facility_id=facility_id, registrant=request.registrant,
                check_in=check_in, check_out=check_out, guests=request.guests),
            title=_("Booking…"), session=self.session, writes=("booking",), parent=self,
            on_done=self._booked, on_error=lambda error: self.show_message(
                error_text(error), error=True))

    def _booked(self, booking_id: int) -> None:
        self.show_message(_("Booked: booking {id}.").format(id=booking_id))
        self.booked.emit(booking_id)

    def show_message(self, text: str, *, error: bool = False) -> None:
        show_status(self.message, text, error=error)

    def retranslate(self) -> None:
        self.book_button.setText(_("Book selected nights…"))
        self.add_facility_button.setText(_("Add a facility…"))
        self.edit_facility_button.setText(_("Edit the facility…"))
        self.empty.setText(_("No trial-stay facility is on file yet. Start with “Add a "
                             "facility…” above: its name, address, guests and nightly fee; "
                             "the calendar, bookings and closed days follow."))
        self.facility.setAccessibleName(_("Facility"))
        self.closed_days.retranslate()
        self.previous.setToolTip(_("Previous month (Page Up)"))
        self.next.setToolTip(_("Next month (Page Down)"))
        swatches = [(STATUS_COLOURS[s], _(BOOKING_STATUS_LABELS[s])) for s in STATUS_COLOURS]
        swatches.append((CLOSED_COLOUR, _("Closed")))
        self.legend.setText("  ".join(
            f'<span style="background:{colour}">&nbsp;&nbsp;&nbsp;&nbsp;</span> {label}'
            for colour, label in swatches))
        self.render()
