"""Whose keys this office trusts: a prefecture's list of towns' exchange keys by 団体コード, and
a town's copy of its prefecture's certificate and pseudonym key. Administrators only."""

from __future__ import annotations

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.services.exchange_keys import is_prefecture
from desktop_app.services.municipalities import look_up
from desktop_app.services.session import Session
from desktop_app.store.database import Database
from desktop_app.store.records import now_iso


def _require_prefecture(session: Session) -> None:
    session.require(Permission.CHANGE_SETTINGS)
    if not is_prefecture(session.db):
        raise RuleRefused(N_("Only a prefecture's file keeps a list of trusted towns' keys."))


def trust_town(session: Session, pem: bytes, municipality_code: str) -> dict:
    """Trust a town's exchange public key for its 団体コード (replacing the town's earlier key,
    which is kept as revoked). Refuses a wrong code and a key already trusted for another."""
    from desktop_app.exchange.certificate import ed25519_public_pem, ed25519_public_raw, fingerprint

    _require_prefecture(session)
    town = look_up(municipality_code)
    raw = ed25519_public_raw(pem)
    print_ = fingerprint(raw)
    db = session.db
    other = db.trust.by_fingerprint(print_)
    if other is not None and other["municipality_code"] != town.code:
        raise RuleRefused(N_("This key is already trusted for {other}: one key belongs to one "
                             "municipality."), {"other": other["municipality_code"]})
    current = db.trust.current(town.code)
    if current is not None and current["fingerprint"] == print_:
        raise RuleRefused(N_("This key is already trusted for {code}."), {"code": town.code})
    now = now_iso()
    with session.write("town_key.trust", "trusted_town") as change:
        if current is not None:
            db.trust.revoke(current["id"], now, session.clerk, "replaced")
        change.entity_id = db.trust.add({
            "municipality_code": town.code, "public_key": ed25519_public_pem(raw),
            "fingerprint": print_, "trusted_at": now, "trusted_by": session.clerk})
        change.before = {"fingerprint": current["fingerprint"]} if current else None
        change.after = {"municipality_code": town.code, "fingerprint": print_}
    return {"municipality_code": town.code, "municipality": town.full_name,
            "fingerprint": print_, "replaced": current["fingerprint"] if current else None}


def revoke_town(session: Session, municipality_code: str, reason: str = "") -> dict:
    _require_prefecture(session)
    town = look_up(municipality_code)
    current = session.db.trust.current(town.code)
    if current is None:
        raise RuleRefused(N_("No key is trusted for {code}."), {"code": town.code})
    with session.write("town_key.revoke", "trusted_town") as change:
        session.db.trust.revoke(current["id"], now_iso(), session.clerk, reason.strip())
        change.entity_id = current["id"]
        change.after = {"municipality_code": town.code, "fingerprint": current["fingerprint"],
                        "reason": reason.strip()}
    return {"municipality_code": town.code, "fingerprint": current["fingerprint"]}


def trust_list(session: Session) -> list[dict]:
    """Every key ever trusted, revoked ones with when, by whom and why."""
    session.require(Permission.VIEW_AUDIT)
    return [{key: row[key] for key in ("municipality_code", "fingerprint", "trusted_at",
                                       "trusted_by", "revoked_at", "revoked_by",
                                       "revoke_reason")}
            for row in session.db.trust.all()]


def trusted_town_key(db: Database, municipality_code: str) -> bytes | None:
    """The town's trusted public key PEM; None when unknown or revoked."""
    found = db.trust.current(municipality_code)
    return bytes(found["public_key"]) if found else None


def import_prefecture(session: Session, pem: bytes) -> dict:
    """A town keeps its prefecture's certificate (to encrypt rows to) and pseudonym key."""
    from desktop_app.exchange.certificate import (
        certificate_fingerprint,
        certificate_pem,
        certificate_sha256,
        load_certificate,
        load_pseudonym_key,
    )

    session.require(Permission.CHANGE_SETTINGS)
    if is_prefecture(session.db):
        raise RuleRefused(N_("A prefecture's file uses its own certificate."))
    certificate = load_certificate(pem)
    key = load_pseudonym_key(pem)
    print_ = certificate_fingerprint(certificate)
    before = session.db.exchange_keys.prefecture()
    with session.write("prefecture_key.import", "prefecture_key") as change:
        change.entity_id = session.db.exchange_keys.add_prefecture({
            "certificate": certificate_pem(certificate), "pseudonym_key": key,
            "fingerprint": print_, "active": 1, "created_at": now_iso(),
            "created_by": session.clerk})
        change.before = {"fingerprint": before["fingerprint"]} if before else None
        change.after = {"fingerprint": print_, "subject": certificate.subject.rfc4514_string()}
    return {"fingerprint": print_, "sha256": certificate_sha256(certificate),
            "subject": certificate.subject.rfc4514_string(),
            "not_after": certificate.not_valid_after_utc.date().isoformat()}
