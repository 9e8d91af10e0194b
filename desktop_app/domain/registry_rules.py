"""Rules of the register beyond the status machine: approval, numbering, validity, tiers, 住所地."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from desktop_app.domain.counters import MAIN_OFFICE, counter_mark
from desktop_app.domain.dates import parse_date, short_era_year
from desktop_app.domain.errors import PermissionDenied, RuleRefused
from desktop_app.domain.registrant import Kind, Tier
from desktop_app.domain.text import N_, Count, Msg, Nn_


class IdentityDocument(StrEnum):
    """The photo ID a clerk saw for a プレミアム registrant. Its number is never recorded."""

    MY_NUMBER_CARD = "my_number_card"  # マイナンバーカード
    DRIVING_LICENCE = "driving_licence"  # 運転免許証
    PASSPORT = "passport"  # 旅券
    RESIDENCE_CARD = "residence_card"  # 在留カード
    OTHER_PHOTO_ID = "other_photo_id"  # その他の顔写真付き証明書


IDENTITY_DOCUMENT_LABELS = {
    IdentityDocument.MY_NUMBER_CARD: Msg(N_("My Number Card")),
    IdentityDocument.DRIVING_LICENCE: Msg(N_("Driving licence")),
    IdentityDocument.PASSPORT: Msg(N_("Passport")),
    IdentityDocument.RESIDENCE_CARD: Msg(N_("Residence card")),
    IdentityDocument.OTHER_PHOTO_ID: Msg(N_("Other photo ID")),
}


@dataclass(frozen=True)
class RegistryRules:
    """The numbers a town sets (see domain.policy for their defaults)."""

    renewal_months: int = 12
    premium_activities_per_year: int = 3
    score_window_days: int = 365
    dual_candidate_score: int = 30
    dual_candidate_nights: int = 14
    score_weights: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class IdentityCheck:
    document: IdentityDocument
    checked_by: str
    checked_on: date


def check_identity(document: str, checked_by: str, checked_on: str | date | None,
                   today: date) -> IdentityCheck:
    """A recorded identity check: which document, which clerk, which day (never a number)."""
    try:
        kind = IdentityDocument(document)
    except ValueError:
        raise RuleRefused(N_("Choose the kind of photo ID that was shown."),
                          field=N_("Identity document")) from None
    if not (checked_by or "").strip():
        raise RuleRefused(N_("Record which clerk checked the photo ID."),
                          field=N_("Identity checked by"))
    if checked_on in (None, ""):
        raise RuleRefused(N_("Record the day the photo ID was checked."),
                          field=N_("Identity checked on"))
    if isinstance(checked_on, date):
        day = checked_on
    else:  # typed at the counter or on the command line: 和暦 as well as ISO
        try:
            day = parse_date(str(checked_on))
        except RuleRefused as refused:
            refused.field = N_("Identity checked on")
            raise
    if day > today:
        raise RuleRefused(N_("The identity check cannot be in the future."),
                          field=N_("Identity checked on"))
    return IdentityCheck(kind, checked_by.strip(), day)


def check_premium_identity(tier: Tier | None, identity: IdentityCheck | None) -> None:
    """A プレミアム registration needs a recorded photo-ID check."""
    if tier is Tier.PREMIUM and identity is None:
        raise RuleRefused(N_("A premium registration needs an identity check with photo ID."),
                          field=N_("Identity document"))


def check_not_home_town(kind: Kind, home_code: str, home_name: str, office_code: str,
                        office_name: str) -> None:
    """ふるさと住民 register with a town other than their 住所地 (a ward counts as its city)."""
    if kind is not Kind.FURUSATO or not home_code:
        return
    same = home_code == office_code or (
        bool(home_name) and bool(office_name) and home_name.startswith(office_name))
    if same:
        raise RuleRefused(
            N_("A furusato resident cannot register with the town they live in ({town})."),
            {"town": office_name or office_code}, field=N_("Postal code"))


def check_approver(entered_by: str, approver: str) -> None:
    """The clerk who entered an application may not approve it."""
    if entered_by.casefold() == approver.casefold():
        raise PermissionDenied(N_("You entered this application; another supervisor must "
                                  "approve it."))


def number_series(approved_on: date, counter: int = MAIN_OFFICE) -> str:
    """The numbering series of a registrant approved on that day at that counter: one per era
    year and counter."""
    return f"registrant:{short_era_year(approved_on)}{counter_mark(counter)}"


def registrant_number(approved_on: date, sequence: int, counter: int = MAIN_OFFICE) -> str:
    """`R7-000123`: era letter and year of approval, then the sequence; at counter 3,
    `R7-3-000123` (domain/counters.py)."""
    return f"{short_era_year(approved_on)}{counter_mark(counter)}-{sequence:06d}"


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def valid_until(start: date, months: int) -> date:
    """The last day of a registration that starts on `start` and runs `months` months."""
    return add_months(start, months) - timedelta(days=1)


def renewed_until(current_until: date | None, today: date, months: int) -> date:
    """A renewal continues from the old end when renewed early, from today when late."""
    start = today if current_until is None or current_until < today else (
        current_until + timedelta(days=1))
    return valid_until(start, months)


def check_premium_activities(tier: Tier | None, activities: int, required: int) -> None:
    """プレミアム continues only with at least `required` 担い手 activities in the last year."""
    if tier is Tier.PREMIUM and activities < required:
        raise RuleRefused(
            N_("Premium needs at least {required} a year; this person has {count}. Renew as "
               "basic instead."),
            {"required": Count(required, Nn_("{n} community role", "{n} community roles")),
             "count": activities}, field=N_("Tier"))
