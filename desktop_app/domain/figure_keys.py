"""The figure keys of a quarterly return, in order, with their labels.

Every key is present in every return (zero when nothing happened), and every value is an integer
that adds up across towns: the prefecture's total row is the sum of its towns' rows, key by key.
Rates (occupancy) are worked out from such sums, never sent. A key, once released, keeps its name
and meaning; a new figure takes a new key.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.consultations import TOPIC_LABELS, Topic
from desktop_app.domain.registrant import (
    KIND_LABELS,
    STATUS_LABELS,
    TIER_LABELS,
    Kind,
    Status,
    Tier,
)
from desktop_app.domain.registry_search import PREFECTURES
from desktop_app.domain.text import N_, render

# Live registrations at the period's end, by kind and tier (二地域居住者 have no tier).
KIND_TIERS: tuple[tuple[Kind, Tier | None], ...] = (
    (Kind.FURUSATO, Tier.BASIC), (Kind.FURUSATO, Tier.PREMIUM), (Kind.DUAL, None))
AGE_BANDS = ("under_20", "20_29", "30_39", "40_49", "50_59", "60_69", "70_79", "80_over")
# 00: no home municipality on file; 01–47 the JIS prefecture codes (01 北海道 … 47 沖縄県).
PREFECTURE_CODES = tuple(f"{number:02d}" for number in range(48))


def kind_tier_key(kind: str, tier: str | None) -> str:
    return f"registrants_end_{kind}" + (f"_{tier}" if tier else "")


def prefecture_name(code: str) -> str:
    return PREFECTURES[int(code) - 1] if code != "00" else render(N_("Not known"))


@dataclass(frozen=True)
class Figure:
    key: str
    label: str  # a msgid
    params: dict

    def text(self) -> str:
        """The label in the current language."""
        return render(self.label, self.params)


@dataclass(frozen=True)
class Section:
    title: str  # a msgid
    figures: tuple[Figure, ...]

    def text(self) -> str:
        return render(self.title)


def _f(key: str, label: str, **params) -> Figure:
    return Figure(key, label, params)


def _age_label(band: str) -> Figure:
    if band == "under_20":
        return _f("age_under_20", N_("Under 20"))
    if band == "80_over":
        return _f("age_80_over", N_("80 and over"))
    low, high = band.split("_")
    return _f(f"age_{band}", N_("{low}–{high}"), low=low, high=high)


SECTIONS: tuple[Section, ...] = (
    Section(N_("Registrants at period end"), (
        _f("registrants_end", N_("On the register (registered or renewed)")),
        *(_f(kind_tier_key(kind, tier), N_("{kind} {tier}") if tier else N_("{kind}"),
             kind=KIND_LABELS[kind], tier=TIER_LABELS[tier] if tier else "")
          for kind, tier in KIND_TIERS),
        *(_f(f"registrants_end_status_{status.value}", N_("On file as {status}"),
             status=STATUS_LABELS[status]) for status in Status),
    )),
    Section(N_("Changes in the period"), (
        _f("applications", N_("Applications")),
        _f("new_registrations", N_("New registrations")),
        _f("renewals", N_("Renewals")),
        _f("revocations", N_("Revocations")),
        _f("erasures", N_("Erasures")),
        _f("merges", N_("Duplicate records merged")),
    )),
    Section(N_("Age at period end"), tuple(_age_label(band) for band in AGE_BANDS)),
    Section(N_("Home prefecture (住民票)"), tuple(
        # A prefecture's name is the same in every language: no msgid.
        _f(f"home_pref_{code}", N_("Not known") if code == "00" else PREFECTURES[int(code) - 1])
        for code in PREFECTURE_CODES)),
    Section(N_("Certificates"), (
        _f("certificates_issued", N_("Certificates issued")),
        _f("certificates_voided", N_("Certificates voided")),
    )),
    Section(N_("Consultations"), (
        _f("consultations", N_("Consultations")),
        *(_f(f"consultation_topic_{topic.value}", N_("About {topic}"),
             topic=TOPIC_LABELS[topic]) for topic in Topic),
    )),
    Section(N_("Trial stays"), (
        _f("bookings", N_("Bookings arriving in the period")),
        _f("booking_persons", N_("Guests of those bookings")),
        _f("booking_nights", N_("Nights stayed in the period")),
        _f("booking_person_nights", N_("Guest nights in the period")),
        _f("bookings_cancelled", N_("Bookings cancelled")),
        _f("bookings_no_show", N_("Bookings not taken up (no-show)")),
        _f("facility_nights_open", N_("Nights the facilities were open")),
    )),
    Section(N_("Stay vouchers"), (
        _f("voucher_issued", N_("Vouchers issued")),
        _f("voucher_issued_yen", N_("Issued, in yen")),
        _f("voucher_issued_nights", N_("Issued, in nights")),
        _f("voucher_redeemed", N_("Vouchers redeemed")),
        _f("voucher_redeemed_yen", N_("Redeemed, in yen")),
        _f("voucher_redeemed_nights", N_("Redeemed, in nights")),
    )),
    Section(N_("Vacant houses"), (
        _f("houses_listed", N_("Houses listed")),
        _f("houses_published", N_("Houses published")),
        _f("houses_contracted", N_("Houses contracted")),
    )),
    Section(N_("Involvement"), (
        _f("donations", N_("Donations")),
        _f("donation_yen", N_("Donations, in yen")),
        _f("volunteer_hours", N_("Volunteering hours")),
        _f("events_attended", N_("Events attended")),
        _f("stay_nights_logged", N_("Nights stayed (involvement log)")),
        _f("side_job_days", N_("Side-job days")),
        _f("community_roles", N_("Community roles taken on")),
    )),
)
FIGURE_KEYS: tuple[str, ...] = tuple(f.key for s in SECTIONS for f in s.figures)
# Each figure by its key, for a label wherever a figure is shown or printed.
FIGURES: dict[str, Figure] = {f.key: f for s in SECTIONS for f in s.figures}
