"""How a person is involved with the town, and the score that ranks it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from desktop_app.domain.dates import date_field
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.registrant import Kind, Tier
from desktop_app.domain.text import N_, Msg


class InvolvementKind(StrEnum):
    STAY = "stay"  # nights
    DONATION = "donation"  # ふるさと納税: yen and receipt number
    VOLUNTEER = "volunteer"  # hours
    SIDE_JOB = "side_job"  # 副業: days
    EVENT = "event"  # events and monitor tours: attendances
    NINAITE = "ninaite"  # 担い手 activity (a designated community role)


INVOLVEMENT_LABELS = {
    InvolvementKind.STAY: Msg(N_("Stay")),
    InvolvementKind.DONATION: Msg(N_("Donation")),
    InvolvementKind.VOLUNTEER: Msg(N_("Volunteering")),
    InvolvementKind.SIDE_JOB: Msg(N_("Side job")),
    InvolvementKind.EVENT: Msg(N_("Event or monitor tour")),
    InvolvementKind.NINAITE: Msg(N_("Community role")),
}
UNIT_LABELS = {
    InvolvementKind.STAY: Msg(N_("nights")),
    InvolvementKind.DONATION: Msg(N_("yen")),
    InvolvementKind.VOLUNTEER: Msg(N_("hours")),
    InvolvementKind.SIDE_JOB: Msg(N_("days")),
    InvolvementKind.EVENT: Msg(N_("times")),
    InvolvementKind.NINAITE: Msg(N_("times")),
}
# Donations score per this many yen, so one large gift does not outweigh years of visits.
DONATION_SCORE_UNIT_YEN = 10_000


@dataclass(frozen=True)
class InvolvementEntry:
    kind: InvolvementKind
    occurred_on: date
    quantity: int
    amount_yen: int
    reference: str
    note: str


def check_involvement(kind: str, occurred_on: str, quantity: int = 0, amount_yen: int = 0,
                      reference: str = "", note: str = "", *, today: date) -> InvolvementEntry:
    """One line of the involvement log, checked; donations need yen, the others a quantity."""
    try:
        entry_kind = InvolvementKind(kind)
    except ValueError:
        raise RuleRefused(N_("Unknown kind of involvement."), field=N_("Kind")) from None
    day = date_field(occurred_on, N_("Date"))
    if day > today:
        raise RuleRefused(N_("Involvement cannot be logged for a future date."), field=N_("Date"))
    if quantity < 0 or amount_yen < 0:
        raise RuleRefused(N_("Amounts cannot be negative."), field=N_("Quantity"))
    if entry_kind is InvolvementKind.DONATION:
        if amount_yen <= 0:
            raise RuleRefused(N_("A donation needs its amount in yen."), field=N_("Amount (yen)"))
        quantity = quantity or 1
    elif quantity <= 0:
        if entry_kind in (InvolvementKind.EVENT, InvolvementKind.NINAITE):
            quantity = 1
        else:
            raise RuleRefused(N_("Give the number of nights, hours or days."),
                              field=N_("Quantity"))
    return InvolvementEntry(entry_kind, day, int(quantity), int(amount_yen),
                            (reference or "").strip(), (note or "").strip())


@dataclass(frozen=True)
class InvolvementTotals:
    """Sums over the scoring window, per kind: quantity, and yen for donations."""

    quantities: dict[str, int]
    donated_yen: int = 0

    def quantity(self, kind: InvolvementKind) -> int:
        return self.quantities.get(kind.value, 0)


def score(totals: InvolvementTotals, weights: dict[str, int]) -> int:
    """Points: each kind's quantity times its weight; donations per 10,000 yen."""
    points = 0
    for kind in InvolvementKind:
        weight = weights.get(kind.value, 0)
        if kind is InvolvementKind.DONATION:
            points += weight * (totals.donated_yen // DONATION_SCORE_UNIT_YEN)
        else:
            points += weight * totals.quantity(kind)
    return points


def is_dual_candidate(kind: Kind, points: int, nights: int, min_score: int,
                      min_nights: int) -> bool:
    """A ふるさと住民 whose stays and score suggest a second base in town (二地域居住者)."""
    return kind is Kind.FURUSATO and points >= min_score and nights >= min_nights


def qualifies_for_premium(kind: Kind, tier: Tier | None, ninaite: int, required: int) -> bool:
    """A ベーシック ふるさと住民 with enough 担い手 activities for プレミアム."""
    return kind is Kind.FURUSATO and tier is not Tier.PREMIUM and ninaite >= required
