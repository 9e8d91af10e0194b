"""A fiscal quarter's figures for the return to the prefecture, and its pseudonymous rows.

The figures are computed from the register's own dated records (see store/figures.py for how a
past status is reconstructed); `flat` holds every key of domain/figure_keys.py, `tables` the same
figures as the named tables that become the package's CSV files.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from desktop_app.domain.consultations import Topic
from desktop_app.domain.figure_keys import (
    AGE_BANDS,
    FIGURE_KEYS,
    KIND_TIERS,
    PREFECTURE_CODES,
    kind_tier_key,
    prefecture_name,
)
from desktop_app.domain.quarters import FiscalQuarter
from desktop_app.domain.registrant import Status
from desktop_app.domain.roles import Permission
from desktop_app.services.session import Session
from desktop_app.store.database import Database
from desktop_app.store.figures import Period

_LIVE = (Status.REGISTERED.value, Status.RENEWED.value)
_INVOLVEMENT = {  # involvement kind → (key of its lines, key of its quantity or yen)
    "donation": ("donations", "donation_yen"),
    "volunteer": (None, "volunteer_hours"),
    "event": (None, "events_attended"),
    "stay": (None, "stay_nights_logged"),
    "side_job": (None, "side_job_days"),
    "ninaite": (None, "community_roles"),
}


@dataclass(frozen=True)
class FigureTable:
    name: str  # the CSV file's stem
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]


@dataclass(frozen=True)
class QuarterFigures:
    quarter: FiscalQuarter
    flat: dict[str, int]  # every key of FIGURE_KEYS, in that order
    tables: list[FigureTable]

    def table(self, name: str) -> FigureTable:
        return next(table for table in self.tables if table.name == name)


def period_of(quarter: FiscalQuarter) -> Period:
    return Period(quarter.start, quarter.end)


def compute_figures(db: Database, quarter: FiscalQuarter) -> QuarterFigures:
    """Every figure of the quarter: one grouped pass over the register, small queries for the
    rest."""
    period = period_of(quarter)
    figures = db.figures
    flat = dict.fromkeys(FIGURE_KEYS, 0)
    groups = figures.register_at_end(period)
    by_status: dict[tuple, int] = defaultdict(int)
    for group in groups:
        people = group["people"]
        by_status[(group["kind"], group["tier"], group["status"])] += people
        flat[f"registrants_end_status_{group['status']}"] += people
        flat["applications"] += group["applied"]
        flat["new_registrations"] += group["approved"]
        if group["status"] in _LIVE:
            flat["registrants_end"] += people
            key = kind_tier_key(group["kind"], group["tier"])
            if key in flat:
                flat[key] += people
            flat[f"age_{AGE_BANDS[group['age_band'] - 1]}"] += people
            flat[f"home_pref_{_prefecture(group['pref'])}"] += people
    flat.update(figures.register_events(period))
    flat.update(figures.certificates(period))
    topics = tuple(topic.value for topic in Topic)
    flat.update(figures.consultations(period, topics))
    stays = figures.stays(period)
    for facility in stays:
        for column, key in (("bookings", "bookings"), ("persons", "booking_persons"),
                            ("nights", "booking_nights"), ("person_nights",
                                                           "booking_person_nights"),
                            ("cancelled", "bookings_cancelled"), ("no_show", "bookings_no_show"),
                            ("nights_open", "facility_nights_open")):
            flat[key] += facility[column]
    flat.update(figures.vouchers(period))
    flat.update(figures.houses(period))
    involvement = figures.involvement(period)
    for kind, (lines, quantity, yen) in involvement.items():
        lines_key, amount_key = _INVOLVEMENT.get(kind, (None, None))
        if lines_key:
            flat[lines_key] += lines
        if amount_key:
            flat[amount_key] += yen if kind == "donation" else quantity
    flat = {key: int(value) for key, value in flat.items()}
    return QuarterFigures(quarter, flat, _tables(flat, by_status, stays, involvement))


def _prefecture(code: str | None) -> str:
    """The JIS prefecture code of a home municipality, 00 when none (or none valid) is on file."""
    return code if code in PREFECTURE_CODES else "00"


def _tables(flat: dict[str, int], by_status: dict[tuple, int], stays: list[dict],
            involvement: dict[str, tuple[int, int, int]]) -> list[FigureTable]:
    def keyed(name: str, column: str, prefix: str) -> FigureTable:
        return FigureTable(name, ("figure", column), tuple(
            (key, value) for key, value in flat.items() if key.startswith(prefix)))

    return [
        FigureTable("registrants", ("kind", "tier", "status", "people"), tuple(
            (kind, tier or "", status, people)
            for (kind, tier, status), people in sorted(
                by_status.items(), key=lambda item: tuple(v or "" for v in item[0])))),
        FigureTable("registrants_by_kind", ("kind", "tier", "people"), tuple(
            (kind.value, tier.value if tier else "", flat[kind_tier_key(kind, tier)])
            for kind, tier in KIND_TIERS)),
        FigureTable("register_changes", ("figure", "count"), tuple(
            (key, flat[key]) for key in ("applications", "new_registrations", "renewals",
                                         "revocations", "erasures", "merges"))),
        FigureTable("age_bands", ("age_band", "people"), tuple(
            (band, flat[f"age_{band}"]) for band in AGE_BANDS)),
        FigureTable("home_prefectures", ("prefecture_code", "prefecture", "people"), tuple(
            (code, prefecture_name(code), flat[f"home_pref_{code}"])
            for code in PREFECTURE_CODES)),
        keyed("certificates", "count", "certificates_"),
        FigureTable("consultations", ("topic", "consultations"), (
            ("all", flat["consultations"]), *(
                (topic.value, flat[f"consultation_topic_{topic.value}"]) for topic in Topic))),
        FigureTable("trial_stays", (
            "facility_id", "facility", "bookings", "persons", "nights", "person_nights",
            "cancelled", "no_show", "nights_open", "occupancy_percent"), tuple(
            (s["facility_id"], s["name"], s["bookings"], s["persons"], s["nights"],
             s["person_nights"], s["cancelled"], s["no_show"], s["nights_open"],
             round(100 * s["nights"] / s["nights_open"], 1) if s["nights_open"] else 0.0)
            for s in stays)),
        keyed("vouchers", "value", "voucher_"),
        keyed("houses", "count", "houses_"),
        FigureTable("involvement", ("kind", "lines", "quantity", "yen"), tuple(
            (kind, *involvement.get(kind, (0, 0, 0))) for kind in _INVOLVEMENT)),
    ]


# The columns of a record-level row: nothing that names or locates a person.
ROW_COLUMNS = ("pseudonym", "kind", "tier", "status", "age_band", "home_pref", "stay_nights",
               "donation_yen", "volunteer_hours", "events_attended", "community_roles")


def pseudonym(pseudonym_key: bytes, name_key: str, birth_date: str) -> str:
    """HMAC-SHA256 of the person's identity in comparison form (the normalised name, as
    domain.normalize.name_key makes it, and the birth date): the same person gets the same id
    in every town of the prefecture and every quarter, and nobody without the key can test a
    guess of who it is."""
    return _keyed(pseudonym_key)(name_key, birth_date)


def _keyed(pseudonym_key: bytes):
    """`pseudonym` with the key's HMAC state made once (a copy per person is cheaper than a
    new HMAC: a million rows are made in one go)."""
    base = hmac.new(pseudonym_key, digestmod=hashlib.sha256)

    def of(name_key: str, birth_date: str) -> str:
        keyed = base.copy()
        keyed.update(f"{name_key}\x1f{birth_date}".encode())
        return keyed.hexdigest()
    return of


def return_rows(db: Database, quarter: FiscalQuarter, pseudonym_key: bytes) -> Iterator[dict]:
    """One row per person on the register at the quarter's end (登録 or 更新 then), with a
    pseudonymous id and their involvement in the quarter; never a name, kana, birth date,
    phone or address. An iterator: a million rows are never all in memory."""
    if not pseudonym_key:
        raise ValueError("a pseudonym key is needed")
    keyed = _keyed(pseudonym_key)
    for row in db.figures.live_at_end(period_of(quarter)):
        yield {"pseudonym": keyed(row["name_key"], row["birth_date"]),
               "kind": row["kind"], "tier": row["tier"] or "", "status": row["status"],
               "age_band": AGE_BANDS[row["age_band"] - 1], "home_pref": _prefecture(row["pref"]),
               **{column: int(row[column]) for column in ROW_COLUMNS[6:]}}


def quarter_figures(session: Session, quarter: FiscalQuarter) -> QuarterFigures:
    """The figures as a supervisor reviews them before signing off: they name nobody, but they
    are the town's own numbers until then, so they need the right to export."""
    session.require(Permission.EXPORT)
    return compute_figures(session.db, quarter)
