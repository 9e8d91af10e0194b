"""ホーム: what a supervisor asks every morning, composed from the queries the quarterly return
and the lists already use (store/figures.py, the registry's count, the follow-ups, the return's
state, the counters' sync record).

Every figure is an aggregate that names nobody; the lists behind the two that concern people
(follow-ups due, registrations running out) are read and audited where they are opened.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from desktop_app.domain.quarters import FiscalQuarter
from desktop_app.services.quarter_returns import ReturnVersion, current_version
from desktop_app.services.registrant_list import expiring_within
from desktop_app.store.database import Database
from desktop_app.store.figures import Period
from desktop_app.store.registrants import ListQuery

MONTHS = 12
EXPIRING_DAYS = 30
_LIVE = ("registered", "renewed")
BACKUP_ACTIONS = ("backup.create", "backup.automatic")


@dataclass(frozen=True)
class Month:
    start: date
    end: date

    @property
    def key(self) -> str:
        return self.start.isoformat()[:7]

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)


@dataclass(frozen=True)
class FacilityMonth:
    facility_id: int
    name: str
    month: str  # 'YYYY-MM'
    bookings: int
    nights: int
    nights_open: int

    @property
    def occupancy_percent(self) -> float:
        return round(100 * self.nights / self.nights_open, 1) if self.nights_open else 0.0


@dataclass(frozen=True)
class HomeFigures:
    today: date
    months: tuple[str, ...]  # 'YYYY-MM', oldest first, the current month last
    on_register: dict[tuple[str, str | None], int]  # live (登録・更新) people by (kind, tier)
    registered_by_month: dict[tuple[str, str | None], tuple[int, ...]]  # per month, as months
    applications_waiting: int
    expiring: int  # live registrations running out within EXPIRING_DAYS
    expiring_range: tuple[str, str]  # the registry filter's ListQuery.expiring for them
    stays: tuple[FacilityMonth, ...]
    vouchers_issued: tuple[int, ...]  # per month
    vouchers_redeemed: tuple[int, ...]
    houses: dict[str, int]  # by status
    follow_ups_due: int
    return_quarter: FiscalQuarter  # the return due next: the last quarter that has ended
    return_version: ReturnVersion | None  # its signed-off (or re-opened) version, if any
    last_backup: dict | None  # {"action", "entity_id" (the file's name), "at"}
    counters: tuple[dict, ...]  # per paired counter: office, counter, last export and import


def months_until(today: date, count: int = MONTHS) -> list[Month]:
    """The `count` calendar months ending with today's, oldest first."""
    months = []
    first = today.replace(day=1)
    for _ in range(count):
        following = (first + timedelta(days=32)).replace(day=1)
        months.append(Month(first, following - timedelta(days=1)))
        first = (first - timedelta(days=1)).replace(day=1)
    return months[::-1]


def compute_home(db: Database, *, today: date | None = None) -> HomeFigures:
    today = today or date.today()
    months = months_until(today)
    keys = tuple(month.key for month in months)
    figures = db.figures
    on_register: dict[tuple[str, str | None], int] = defaultdict(int)
    waiting = 0
    for group in figures.register_now():
        if group["status"] in _LIVE:
            on_register[(group["kind"], group["tier"])] += group["people"]
        elif group["status"] == "applied":
            waiting += group["people"]
    by_month: dict[tuple[str, str | None], list[int]] = defaultdict(lambda: [0] * len(keys))
    for row in figures.registrations_by_month(Period(months[0].start, months[-1].end)):
        by_month[(row["kind"], row["tier"])][keys.index(row["month"])] += row["people"]
    stays, issued, redeemed = [], [], []
    for month in months:
        for facility in figures.stays(month.period):
            stays.append(FacilityMonth(facility["facility_id"], facility["name"], month.key,
                                       facility["bookings"], facility["nights"],
                                       facility["nights_open"]))
        vouchers = figures.vouchers(month.period)
        issued.append(vouchers["voucher_issued"])
        redeemed.append(vouchers["voucher_redeemed"])
    expiring = expiring_within(EXPIRING_DAYS, today=today)
    quarter = FiscalQuarter.of(today).previous()
    return HomeFigures(
        today=today, months=keys, on_register=dict(on_register),
        registered_by_month={group: tuple(counts) for group, counts in by_month.items()},
        applications_waiting=waiting,
        expiring=db.registrants.count(ListQuery(expiring=expiring)), expiring_range=expiring,
        stays=tuple(stays), vouchers_issued=tuple(issued), vouchers_redeemed=tuple(redeemed),
        houses=figures.houses_by_status(),
        follow_ups_due=len(db.consultations.follow_ups_due(today.isoformat())),
        return_quarter=quarter, return_version=current_version(db, str(quarter)),
        last_backup=figures.last_written(BACKUP_ACTIONS),
        counters=tuple({key: peer[key] for key in ("office", "counter", "terminal",
                                                   "last_export_at", "last_import_at")}
                       for peer in db.sync_peers.all()))
