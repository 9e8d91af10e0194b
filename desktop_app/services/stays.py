"""Trial stays (お試し住宅): facilities, bookings and their statuses, the calendar and occupancy."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.involvement import InvolvementKind
from desktop_app.domain.policy import POLICY, STAY_NIGHTS_PER_YEAR
from desktop_app.domain.roles import GRANTS, Permission
from desktop_app.domain.stays import (
    LIVE,
    BookingStatus,
    FacilityRules,
    check_stay,
    check_transition,
    check_yearly_limit,
    month_grid,
    nights,
    occupancy,
)
from desktop_app.domain.text import N_
from desktop_app.services.audit_trail import record_list_view
from desktop_app.services.involvement import record_involvement
from desktop_app.services.registrant_lookup import find_taking_part
from desktop_app.services.session import Session
from desktop_app.store.bookings import OverlappingBooking
from desktop_app.store.database import Database


@dataclass
class FacilityInput:
    name: str
    address: str = ""
    capacity: int = 1
    nightly_fee_yen: int = 0
    min_nights: int = 1
    max_nights: int = 30
    house_rules: str = ""


def _check_facility(facility: FacilityInput) -> None:
    if not facility.name.strip():
        raise RuleRefused(N_("The facility needs a name."), field=N_("Name"))
    if facility.capacity < 1:
        raise RuleRefused(N_("A facility sleeps at least 1 guest."), field=N_("Capacity"))
    if facility.nightly_fee_yen < 0:
        raise RuleRefused(N_("This cannot be negative."), field=N_("Nightly fee"))
    if not 1 <= facility.min_nights <= facility.max_nights:
        raise RuleRefused(N_("Minimum nights must be at least 1 and no more than the maximum."),
                          field=N_("Minimum nights"))


def _facility_values(facility: FacilityInput) -> dict:
    _check_facility(facility)
    return {"name": facility.name.strip(), "address": facility.address.strip(),
            "capacity": facility.capacity, "nightly_fee_yen": facility.nightly_fee_yen,
            "min_nights": facility.min_nights, "max_nights": facility.max_nights,
            "house_rules": facility.house_rules.strip()}


def add_facility(session: Session, facility: FacilityInput) -> int:
    session.require(Permission.APPROVE)
    record = {**_facility_values(facility), **session.new_record()}
    with session.write("facility.add", "facility") as change:
        change.entity_id = session.db.facilities.insert(record)
        change.after = record
    return change.entity_id


def may_manage_facilities(session: Session) -> bool:
    """Supervisors and up add, change and close facilities; a clerk books them."""
    return Permission.APPROVE in GRANTS[session.role]


def update_facility(session: Session, facility_id: int, facility: FacilityInput) -> None:
    """Change a facility's details; bookings already made keep their dates and guests."""
    session.require(Permission.APPROVE)
    values = _facility_values(facility)
    with session.write("facility.update", "facility") as change:
        before = _facility(session.db, facility_id)
        changed = {k: v for k, v in values.items() if before[k] != v}
        if not changed:
            raise RuleRefused(N_("Nothing was changed."))
        session.db.facilities.update(facility_id, {**changed, **session.changed_record()})
        change.entity_id = facility_id
        change.before = {k: before[k] for k in changed}
        change.after = changed


def facility_input(db: Database, facility_id: int) -> FacilityInput:
    """A facility's details as the edit form starts from them."""
    row = _facility(db, facility_id)
    return FacilityInput(**{k: row[k] for k in ("name", "address", "capacity", "nightly_fee_yen",
                                                "min_nights", "max_nights", "house_rules")})


# The longest run of days closed in one go: a year, as for a winter closure.
LONGEST_CLOSURE_DAYS = 366


def close_days(session: Session, facility_id: int, first: date, last: date,
               reason: str) -> list[date]:
    """Close a facility from `first` to `last` inclusive (清掃日・休館日); returns the days newly
    closed. Refused as a whole, nothing written, when a live booking has a night in the range."""
    session.require(Permission.APPROVE)
    db = session.db
    _facility(db, facility_id)
    if last < first:
        raise RuleRefused(N_("The last closed day comes before the first."), field=N_("Until"))
    if (last - first).days >= LONGEST_CLOSURE_DAYS:
        raise RuleRefused(N_("Close at most {days} days at once."),
                          {"days": LONGEST_CLOSURE_DAYS}, field=N_("Until"))
    if not reason.strip():
        raise RuleRefused(N_("Give the reason the facility is closed."), field=N_("Reason"))
    end = last + timedelta(days=1)
    with session.write("facility.close_days", "facility") as change:
        clash = db.bookings.clashing(facility_id, first.isoformat(), end.isoformat())
        if clash:
            raise _closure_clash(db, clash)
        already = db.facilities.blackouts(facility_id, first.isoformat(), end.isoformat())
        days = [first + timedelta(days=n) for n in range((end - first).days)]
        new = [day for day in days if day.isoformat() not in already]
        if not new:
            raise RuleRefused(N_("These days are closed already."), field=N_("From"))
        for day in new:
            db.facilities.add_blackout({"facility_id": facility_id, "day": day.isoformat(),
                                        "reason": reason.strip(), **session.new_record()})
        change.entity_id = facility_id
        change.after = {"days": [day.isoformat() for day in new], "reason": reason.strip()}
    return new


def add_blackout(session: Session, facility_id: int, day: date, reason: str) -> None:
    """Close a facility for one day; refused when a live booking has that night."""
    close_days(session, facility_id, day, day, reason)


def remove_blackout(session: Session, facility_id: int, day: date) -> None:
    """Open a closed day again (休館を解除); the audit row keeps what the closure said."""
    session.require(Permission.APPROVE)
    db = session.db
    _facility(db, facility_id)
    with session.write("facility.reopen_day", "facility") as change:
        reason = db.facilities.blackouts(facility_id, day.isoformat(),
                                         (day + timedelta(days=1)).isoformat()).get(day.isoformat())
        if reason is None:
            raise RuleRefused(N_("The facility is not closed on {day}."),
                              {"day": format_date(day, _date_style(db))}, field=N_("Date"))
        db.facilities.remove_blackout(facility_id, day.isoformat())
        change.entity_id = facility_id
        change.before = {"day": day.isoformat(), "reason": reason}


def _date_style(db: Database) -> str:
    return db.settings.get("date_style", "wareki")


def _closure_clash(db: Database, clash: dict) -> RuleRefused:
    style = _date_style(db)
    return RuleRefused(
        N_("Booking {id} ({name}, {check_in} – {check_out}) has a night on these days: "
           "move or cancel it first."),
        {"id": clash["id"], "name": f"{clash['family_name']} {clash['given_name']}".strip(),
         "check_in": format_date(clash["check_in"], style),
         "check_out": format_date(clash["check_out"], style)},
        field=N_("From"),
    )


def _facility(db: Database, facility_id: int) -> dict:
    facility = db.facilities.get(facility_id)
    if facility is None or not facility["active"]:
        raise RuleRefused(N_("There is no facility {id}."), {"id": facility_id},
                          field=N_("Facility"))
    return facility


def _clash_error(db: Database, clash: dict) -> RuleRefused:
    style = _date_style(db)
    return RuleRefused(
        N_("The dates overlap booking {id} ({name}, {check_in} – {check_out})."),
        {"id": clash["id"], "name": f"{clash['family_name']} {clash['given_name']}".strip(),
         "check_in": format_date(clash["check_in"], style),
         "check_out": format_date(clash["check_out"], style)},
        field=N_("Check-in"),
    )


def nights_per_year(db: Database) -> int:
    return db.settings.get(STAY_NIGHTS_PER_YEAR, POLICY[STAY_NIGHTS_PER_YEAR].default)


def book(session: Session, *, facility_id: int, registrant: str | int, check_in: date,
         check_out: date, guests: int = 1, note: str = "",
         status: BookingStatus = BookingStatus.PROVISIONAL) -> int:
    """Book a stay; returns the booking id. Refuses overlaps, closed days and the yearly limit."""
    session.require(Permission.REGISTER)
    db = session.db
    facility = _facility(db, facility_id)
    person = find_taking_part(db, registrant)
    closed = db.facilities.blackouts(facility_id, check_in.isoformat(), check_out.isoformat())
    rules = FacilityRules(facility["min_nights"], facility["max_nights"], facility["capacity"],
                          frozenset(date.fromisoformat(day) for day in closed))
    check_stay(check_in, check_out, guests, rules)
    record = {"facility_id": facility_id, "registrant_id": person["id"],
              "check_in": check_in.isoformat(), "check_out": check_out.isoformat(),
              "guests": guests, "status": status.value, "note": note.strip(),
              "fee_yen": nights(check_in, check_out) * facility["nightly_fee_yen"],
              **session.new_record()}
    with session.write("booking.add", "booking") as change:
        # Checked inside the write lock, so a second counter cannot slip a stay in between.
        _check_person_limit(db, person["id"], check_in, check_out)
        clash = db.bookings.clashing(facility_id, record["check_in"], record["check_out"])
        if clash:
            raise _clash_error(db, clash)
        try:
            change.entity_id = db.bookings.insert(record)
        except OverlappingBooking:  # the trigger is the last word on overlaps
            clash = db.bookings.clashing(facility_id, record["check_in"], record["check_out"])
            if clash:
                raise _clash_error(db, clash) from None
            raise
        change.after = record
    return change.entity_id


def _check_person_limit(db: Database, registrant_id: int, check_in: date, check_out: date,
                        exclude_id: int | None = None) -> None:
    span_start = date(check_in.year - 1, 4, 1).isoformat()
    span_end = date(check_out.year + 1, 4, 1).isoformat()
    booked = [(date.fromisoformat(a), date.fromisoformat(b))
              for a, b in db.bookings.live_stays_of(registrant_id, span_start, span_end,
                                                    exclude_id)]
    check_yearly_limit(check_in, check_out, booked, nights_per_year(db))


def change_status(session: Session, booking_id: int, target: BookingStatus, *,
                  reason: str = "") -> None:
    """Move a booking on (確定, 滞在中, 完了, 取消, 無断不泊); completing logs the nights."""
    session.require(Permission.REGISTER)
    db = session.db
    with session.write(f"booking.{target.value}", "booking") as change:
        booking = db.bookings.get(booking_id)
        if booking is None:
            raise RuleRefused(N_("There is no booking {id}."), {"id": booking_id},
                              field=N_("Booking"))
        check_transition(BookingStatus(booking["status"]), target)
        if target is BookingStatus.CANCELLED and not reason.strip():
            raise RuleRefused(N_("Give the reason for the cancellation."), field=N_("Reason"))
        changes = {"status": target.value, "status_reason": reason.strip(),
                   **session.changed_record()}
        db.bookings.update(booking_id, changes)
        if target is BookingStatus.COMPLETED:
            stayed = nights(date.fromisoformat(booking["check_in"]),
                            date.fromisoformat(booking["check_out"]))
            record_involvement(session, booking["registrant_id"], InvolvementKind.STAY,
                               booking["check_in"], stayed, booking["fee_yen"],
                               f"booking:{booking_id}")
        change.entity_id = booking_id
        change.before = {"status": booking["status"]}
        change.after = {"status": target.value, "reason": reason.strip()}


def cancel(session: Session, booking_id: int, reason: str) -> None:
    """取消: the dates are free again at once."""
    change_status(session, booking_id, BookingStatus.CANCELLED, reason=reason)


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    booking: dict | None = None  # the live booking that has this night
    departing: dict | None = None  # a live booking whose check-out day this is
    closed: str | None = None  # the reason the facility is closed, when it is


@dataclass
class CalendarMonth:
    facility: dict
    year: int
    month: int
    days: list[CalendarDay] = field(default_factory=list)


def calendar_month(db: Database, facility_id: int, year: int, month: int) -> CalendarMonth:
    """The 6×7 grid of one facility's month with the booking of each night."""
    facility = _facility(db, facility_id)
    grid = month_grid(year, month)
    start, end = grid[0].isoformat(), (grid[-1] + timedelta(days=1)).isoformat()
    by_night: dict[str, dict] = {}
    by_departure: dict[str, dict] = {}
    for booking in db.bookings.in_range(facility_id, start, end, live_only=True):
        day = date.fromisoformat(booking["check_in"])
        out = date.fromisoformat(booking["check_out"])
        by_departure[booking["check_out"]] = booking
        while day < out:
            by_night[day.isoformat()] = booking
            day += timedelta(days=1)
    closed = db.facilities.blackouts(facility_id, start, end)
    view = CalendarMonth(facility, year, month)
    for day in grid:
        key = day.isoformat()
        view.days.append(CalendarDay(day, day.month == month, by_night.get(key),
                                     by_departure.get(key), closed.get(key)))
    return view


def shown_month(session: Session, facility_id: int, year: int, month: int, *,
                audited: bool) -> CalendarMonth:
    """The month as the calendar shows it, each night with its guest's name: refused to a role
    that may not see personal data. `audited` notes the bookings shown (`booking.list`,
    "calendar") for a clerk's new look (the first showing, another month or facility), not for
    a redraw after a change (the clerk is looking at the month they asked for)."""
    session.require(Permission.VIEW_PERSONAL_DATA)
    view = calendar_month(session.db, facility_id, year, month)
    if audited:
        shown = sorted({b["id"] for day in view.days for b in (day.booking, day.departing) if b})
        record_list_view(session, "booking", "calendar", shown,
                         detail={"facility_id": facility_id, "month": f"{year:04d}-{month:02d}"})
    return view


def list_bookings(session: Session, first: date, last: date, *, facility_id: int | None = None,
                  limit: int = 200) -> list[dict]:
    """The bookings with a night from `first` to `last` (both included), noted as a list of
    personal data shown (`booking.list`), like today's arrivals."""
    session.require(Permission.VIEW_PERSONAL_DATA)
    if last < first:
        raise RuleRefused(N_("The end date is before the start date."), field=N_("Date"))
    rows = session.db.bookings.listing(first.isoformat(), (last + timedelta(days=1)).isoformat(),
                                       facility_id, limit)
    record_list_view(session, "booking", "period", [b["id"] for b in rows],
                     detail={"from": first.isoformat(), "to": last.isoformat(),
                             "facility_id": facility_id})
    return rows


def movements(db: Database, day: date) -> tuple[list[dict], list[dict]]:
    """Today's arrivals and departures (本日の到着・出発) across all facilities."""
    return db.bookings.arriving(day.isoformat()), db.bookings.departing(day.isoformat())


def monthly_occupancy(db: Database, facility_id: int, year: int) -> list[tuple[int, int, int]]:
    """(month, nights occupied, nights in month) for each month of calendar year `year`."""
    stays = [(date.fromisoformat(b["check_in"]), date.fromisoformat(b["check_out"]))
             for b in db.bookings.in_range(facility_id, f"{year}-01-01", f"{year + 1}-01-01",
                                           live_only=True)
             if b["status"] in LIVE]
    return [(month, *occupancy(stays, year, month)) for month in range(1, 13)]


def facilities(db: Database) -> list[dict]:
    """The facilities in use, for pickers and lists."""
    return db.facilities.all()
