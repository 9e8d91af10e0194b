"""Trial stays (お試し住宅): booking statuses, the rules a stay must keep, nights and occupancy."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from desktop_app.domain.dates import fiscal_year, fiscal_year_range, format_wareki
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.text import N_, Count, Msg, Nn_


class BookingStatus(StrEnum):
    PROVISIONAL = "provisional"  # 仮予約
    CONFIRMED = "confirmed"  # 確定
    STAYING = "staying"  # 滞在中
    COMPLETED = "completed"  # 完了
    CANCELLED = "cancelled"  # 取消
    NO_SHOW = "no_show"  # 無断不泊


BOOKING_STATUS_LABELS = {
    BookingStatus.PROVISIONAL: Msg(N_("Provisional")),
    BookingStatus.CONFIRMED: Msg(N_("Confirmed")),
    BookingStatus.STAYING: Msg(N_("Staying")),
    BookingStatus.COMPLETED: Msg(N_("Completed")),
    BookingStatus.CANCELLED: Msg(N_("Cancelled")),
    BookingStatus.NO_SHOW: Msg(N_("No-show")),
}

# Bookings that hold their dates (the database triggers of schema 2 use the same set).
LIVE = frozenset({BookingStatus.PROVISIONAL, BookingStatus.CONFIRMED, BookingStatus.STAYING,
                  BookingStatus.COMPLETED})

_ALLOWED = {
    BookingStatus.PROVISIONAL: {BookingStatus.CONFIRMED, BookingStatus.CANCELLED,
                                BookingStatus.NO_SHOW},
    BookingStatus.CONFIRMED: {BookingStatus.STAYING, BookingStatus.CANCELLED,
                              BookingStatus.NO_SHOW},
    BookingStatus.STAYING: {BookingStatus.COMPLETED},
    BookingStatus.COMPLETED: set(),
    BookingStatus.CANCELLED: set(),
    BookingStatus.NO_SHOW: set(),
}


def check_transition(current: BookingStatus, target: BookingStatus) -> None:
    if target not in _ALLOWED[current]:
        raise RuleRefused(
            N_("A booking cannot go from {current} to {target}."),
            {"current": BOOKING_STATUS_LABELS[current], "target": BOOKING_STATUS_LABELS[target]},
            field=N_("Status"),
        )


@dataclass(frozen=True)
class FacilityRules:
    """What a facility allows: nights per stay, guests, and days it is closed (清掃日・休館日)."""

    min_nights: int = 1
    max_nights: int = 30
    capacity: int = 1
    blackouts: frozenset[date] = frozenset()


def nights(check_in: date, check_out: date) -> int:
    return (check_out - check_in).days


def stay_days(check_in: date, check_out: date) -> list[date]:
    """The nights of a stay, each named by its day of arrival; the check-out day is not one."""
    return [check_in + timedelta(days=i) for i in range(nights(check_in, check_out))]


def _nights(n: int) -> Count:
    return Count(n, Nn_("{n} night", "{n} nights"))


def check_stay(check_in: date, check_out: date, guests: int, rules: FacilityRules) -> None:
    """Refuse a stay the facility does not allow. Overlaps are the database's to refuse."""
    if check_out <= check_in:
        raise RuleRefused(N_("The check-out date must be after the check-in date."),
                          field=N_("Check-out"))
    count = nights(check_in, check_out)
    if count < rules.min_nights:
        raise RuleRefused(N_("This facility takes stays of at least {min}; this one is "
                             "{nights}."), {"min": _nights(rules.min_nights),
                                            "nights": _nights(count)},
                          field=N_("Check-out"))
    if count > rules.max_nights:
        raise RuleRefused(N_("This facility takes stays of at most {max}; this one is "
                             "{nights}."), {"max": _nights(rules.max_nights),
                                            "nights": _nights(count)},
                          field=N_("Check-out"))
    if guests < 1 or guests > rules.capacity:
        raise RuleRefused(N_("This facility sleeps 1 to {capacity} guests."),
                          {"capacity": rules.capacity}, field=N_("Guests"))
    closed = sorted(set(stay_days(check_in, check_out)) & rules.blackouts)
    if closed:
        raise RuleRefused(N_("The facility is closed on {day}."),
                          {"day": format_wareki(closed[0])}, field=N_("Check-in"))


def nights_in_fiscal_year(check_in: date, check_out: date, year: int) -> int:
    """How many nights of a stay fall in 年度 `year` (a night belongs to its arrival day)."""
    start, end = fiscal_year_range(year)
    first = max(check_in, start)
    last = min(check_out, end + timedelta(days=1))
    return max(0, (last - first).days)


def check_yearly_limit(check_in: date, check_out: date, booked: Iterable[tuple[date, date]],
                       limit: int | None) -> None:
    """Refuse a stay that would take a person past the yearly nights limit in any 年度 it touches.

    `booked` are the person's other live stays; a limit of None or 0 means no limit.
    """
    if not limit:
        return
    booked = list(booked)
    for year in range(fiscal_year(check_in), fiscal_year(check_out - timedelta(days=1)) + 1):
        already = sum(nights_in_fiscal_year(a, b, year) for a, b in booked)
        wanted = nights_in_fiscal_year(check_in, check_out, year)
        if already + wanted > limit:
            raise RuleRefused(
                N_("A person may stay {limit} a year; in {year}年度 this person already "
                   "has {already} and this stay adds {wanted}."),
                {"limit": _nights(limit), "year": year, "already": already, "wanted": wanted},
                field=N_("Check-out"),
            )


def month_days(year: int, month: int) -> tuple[date, date]:
    """First day of the month and first day of the next."""
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return first, following


def occupancy(stays: Iterable[tuple[date, date]], year: int, month: int) -> tuple[int, int]:
    """(nights occupied, nights in the month) for one facility's live stays."""
    first, following = month_days(year, month)
    taken = 0
    for check_in, check_out in stays:
        taken += max(0, (min(check_out, following) - max(check_in, first)).days)
    return taken, (following - first).days


def month_grid(year: int, month: int) -> list[date]:
    """42 days, Sunday first (as Japanese calendars print), covering the month."""
    first, _following = month_days(year, month)
    start = first - timedelta(days=(first.weekday() + 1) % 7)
    return [start + timedelta(days=i) for i in range(42)]
