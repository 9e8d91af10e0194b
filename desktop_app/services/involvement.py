"""The involvement log, its score, and the candidate lists drawn from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.involvement import (
    InvolvementKind,
    InvolvementTotals,
    check_involvement,
    is_dual_candidate,
    qualifies_for_premium,
    score,
)
from desktop_app.domain.registrant import Kind, Status, Tier
from desktop_app.domain.registry_rules import RegistryRules
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.services.registry_settings import registry_rules
from desktop_app.services.session import Session
from desktop_app.store.database import Database


def log_involvement(session: Session, registrant_id: int, kind: str, occurred_on: str,
                    quantity: int = 0, amount_yen: int = 0, reference: str = "",
                    note: str = "", *, today: date | None = None) -> int:
    """One line of the log: nights, a donation (yen and receipt number), hours, days…"""
    session.require(Permission.REGISTER)
    record = session.db.registrants.get(registrant_id)
    if record is None:
        raise RuleRefused(N_("There is no registrant {id}."), {"id": registrant_id})
    if record["status"] == Status.ERASED.value:
        raise RuleRefused(N_("An erased record cannot be changed."))
    entry = check_involvement(kind, occurred_on, quantity, amount_yen, reference, note,
                              today=today or date.today())
    with session.write("involvement.add", "involvement") as change:
        change.entity_id = record_involvement(
            session, registrant_id, entry.kind, entry.occurred_on.isoformat(), entry.quantity,
            entry.amount_yen, entry.reference, entry.note)
        change.after = session.db.involvement.get(change.entity_id)
    return change.entity_id


def record_involvement(session: Session, registrant_id: int, kind: InvolvementKind,
                       occurred_on: str, quantity: int, amount_yen: int = 0,
                       reference: str = "", note: str = "") -> int:
    """Write one line of the log inside the caller's `session.write`, under its audit row.

    For involvement another record already proves (a completed stay, an attended event), so
    nothing is checked again here; what a clerk types goes through `log_involvement`.
    """
    return session.db.involvement.add({
        "registrant_id": registrant_id, "kind": kind.value, "occurred_on": occurred_on,
        "quantity": quantity, "amount_yen": amount_yen, "reference": reference, "note": note,
        **session.new_record()})


@dataclass(frozen=True)
class InvolvementSummary:
    score: int
    nights: int
    ninaite: int
    donated_yen: int
    dual_candidate: bool
    premium_qualified: bool


def _summary(rules: RegistryRules, record: dict,
             totals: InvolvementTotals) -> InvolvementSummary:
    points = score(totals, rules.score_weights)
    kind = Kind(record["kind"])
    tier = Tier(record["tier"]) if record["tier"] else None
    nights = totals.quantity(InvolvementKind.STAY)
    ninaite = totals.quantity(InvolvementKind.NINAITE)
    return InvolvementSummary(
        points, nights, ninaite, totals.donated_yen,
        is_dual_candidate(kind, points, nights, rules.dual_candidate_score,
                          rules.dual_candidate_nights),
        qualifies_for_premium(kind, tier, ninaite, rules.premium_activities_per_year))


def involvement_summary(db: Database, registrant_id: int, *,
                        today: date | None = None) -> InvolvementSummary:
    """Score and flags over the town's scoring window (a year by default)."""
    record = db.registrants.get(registrant_id)
    if record is None:
        raise RuleRefused(N_("There is no registrant {id}."), {"id": registrant_id})
    rules = registry_rules(db)
    since = (today or date.today()) - timedelta(days=rules.score_window_days)
    quantities, yen = db.involvement.totals(registrant_id, since.isoformat())
    return _summary(rules, record, InvolvementTotals(quantities, yen))


def candidates(db: Database, which: str, *, today: date | None = None) -> list[dict]:
    """Live ふるさと住民 who qualify as 二地域居住者 candidates (`which='dual'`) or for プレミアム
    (`which='premium'`), highest score first."""
    if which not in ("dual", "premium"):
        raise RuleRefused(N_("Candidates are 'dual' or 'premium'."))
    rules = registry_rules(db)
    since = (today or date.today()) - timedelta(days=rules.score_window_days)
    # Nobody qualifies without these (nights for 二地域居住者, 担い手 roles for プレミアム): at
    # 1,000,000 registrants, score only the few who have them.
    kind, least = ((InvolvementKind.STAY, rules.dual_candidate_nights) if which == "dual"
                   else (InvolvementKind.NINAITE, rules.premium_activities_per_year))
    result = []
    for quantities, yen, person in db.involvement.totals_by_registrant(
            since.isoformat(), reaching=(kind.value, least) if least > 0 else None,
            not_tier=Tier.PREMIUM.value if which == "premium" else None).values():
        summary = _summary(rules, person, InvolvementTotals(quantities, yen))
        if summary.dual_candidate if which == "dual" else summary.premium_qualified:
            result.append({**person, "score": summary.score, "nights": summary.nights,
                           "ninaite": summary.ninaite, "donated_yen": summary.donated_yen})
    return sorted(result, key=lambda r: (-r["score"], r["id"]))
