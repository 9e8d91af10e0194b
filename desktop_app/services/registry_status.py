"""Moving a registration through its life: approve, renew, expire, revoke, erase."""

from __future__ import annotations

from datetime import date, timedelta

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.involvement import InvolvementKind
from desktop_app.domain.registrant import Status, Tier, check_transition
from desktop_app.domain.registry_rules import (
    check_approver,
    check_premium_activities,
    number_series,
    registrant_number,
    renewed_until,
    valid_until,
)
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.services.registrant_lookup import find_registrant
from desktop_app.services.registry_settings import registry_rules
from desktop_app.services.session import Session
from desktop_app.services.sign_in import countersigner

_SNAPSHOT = ("status", "registrant_no", "registered_on", "renewed_on", "valid_until",
             "status_reason", "approved_by", "tier")


def _change(session: Session, action: str, record: dict, changes: dict) -> None:
    with session.write(action, "registrant") as change:
        session.db.registrants.update(record["id"], changes, session.changed_record())
        change.entity_id = record["id"]
        change.before = {k: record[k] for k in changes if k in _SNAPSHOT}
        change.after = {k: v for k, v in changes.items() if k in _SNAPSHOT}


def approve(session: Session, registrant_id: int, *, today: date | None = None) -> str:
    """申請中 → 登録, by a supervisor other than the clerk who entered it; returns the number."""
    session.require(Permission.APPROVE)
    day = today or date.today()
    record = find_registrant(session.db, registrant_id)
    check_transition(Status(record["status"]), Status.REGISTERED)
    check_approver(record["created_by"], session.clerk)
    if record["tier"] == Tier.PREMIUM.value and not record["identity_document"]:
        raise RuleRefused(N_("A premium registration needs an identity check with photo ID."),
                          field=N_("Identity document"))
    rules = registry_rules(session.db)
    with session.write("registrant.approve", "registrant") as change:
        counter = session.db.office.counter()
        number = registrant_number(
            day, session.db.registrants.next_number(number_series(day, counter)), counter)
        changes = {"status": Status.REGISTERED.value, "registrant_no": number,
                   "registered_on": day.isoformat(), "approved_by": session.clerk,
                   "valid_until": valid_until(day, rules.renewal_months).isoformat()}
        session.db.registrants.update(record["id"], changes, session.changed_record())
        change.entity_id = record["id"]
        change.before = {k: record[k] for k in changes}
        change.after = changes
    return number


def approve_countersigned(session: Session, login: str, password: str, registrant_id: int, *,
                          today: date | None = None) -> str:
    """Approval by a supervisor at a counter where another clerk is signed in: the supervisor's
    own login and password, and the approval audited under the supervisor's name."""
    return approve(countersigner(session, login, password, Permission.APPROVE), registrant_id,
                   today=today)


def ninaite_in_last_year(session: Session, registrant_id: int, today: date) -> int:
    since = (today - timedelta(days=365)).isoformat()
    quantities, _yen = session.db.involvement.totals(registrant_id, since)
    return quantities.get(InvolvementKind.NINAITE.value, 0)


def renew(session: Session, registrant_id: int, *, tier: str | None = None,
          today: date | None = None) -> str:
    """登録/更新/失効 → 更新: the validity runs one more period; returns the new end date.

    A プレミアム registrant keeps the tier only with enough 担い手 roles in the last year;
    `tier='basic'` renews as ベーシック instead.
    """
    session.require(Permission.REGISTER)
    day = today or date.today()
    record = find_registrant(session.db, registrant_id)
    check_transition(Status(record["status"]), Status.RENEWED)
    rules = registry_rules(session.db)
    new_tier = tier or record["tier"]
    if record["kind"] != "furusato":
        new_tier = None
    elif new_tier not in (Tier.BASIC.value, Tier.PREMIUM.value):
        raise RuleRefused(N_("Unknown tier."), field=N_("Tier"))
    if new_tier == Tier.PREMIUM.value:
        check_premium_activities(Tier.PREMIUM, ninaite_in_last_year(session, record["id"], day),
                                 rules.premium_activities_per_year)
        if not record["identity_document"]:
            raise RuleRefused(N_("A premium registration needs an identity check with photo "
                                 "ID."), field=N_("Identity document"))
    current = date.fromisoformat(record["valid_until"]) if record["valid_until"] else None
    until = renewed_until(current, day, rules.renewal_months)
    _change(session, "registrant.renew", record, {
        "status": Status.RENEWED.value, "renewed_on": day.isoformat(),
        "valid_until": until.isoformat(), "tier": new_tier})
    return until.isoformat()


def revoke(session: Session, registrant_id: int, reason: str) -> None:
    """→ 取消, with the reason on file."""
    session.require(Permission.APPROVE)
    if not reason.strip():
        raise RuleRefused(N_("Give the reason for revoking."), field=N_("Reason"))
    record = find_registrant(session.db, registrant_id)
    check_transition(Status(record["status"]), Status.REVOKED)
    _change(session, "registrant.revoke", record,
            {"status": Status.REVOKED.value, "status_reason": reason.strip()})


def erase(session: Session, registrant_id: int, reason: str = "") -> None:
    """→ 抹消 on the person's request. The record stays on file; its number is never reused."""
    session.require(Permission.APPROVE)
    record = find_registrant(session.db, registrant_id)
    check_transition(Status(record["status"]), Status.ERASED)
    _change(session, "registrant.erase", record,
            {"status": Status.ERASED.value, "status_reason": reason.strip()})


def expire_due(session: Session, *, today: date | None = None) -> int:
    """登録/更新 whose validity has ended → 失効, in one transaction; returns how many."""
    session.require(Permission.REGISTER)
    day = (today or date.today()).isoformat()
    due = session.db.registrants.due_to_expire(day)
    if not due:
        return 0
    with session.write("registrant.expire", "registrant") as change:
        stamp = session.changed_record()
        for record in due:
            session.db.registrants.update(record["id"], {"status": Status.EXPIRED.value}, stamp)
        change.after = {"expired": [record["id"] for record in due], "on": day}
    return len(due)
