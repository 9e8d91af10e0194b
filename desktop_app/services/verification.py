"""Checking a scanned QR code offline: valid, revoked, expired or forged.

The signature is checked against every key this office ever used (or against a key file from
another town). Revocation is what the verifying database knows: a revoked or erased registrant, a
void certificate, a void or redeemed voucher.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

from desktop_app.domain.card_payload import CardPayload, Document, parse
from desktop_app.domain.errors import NotGenuine
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.services.audit_trail import record_event
from desktop_app.services.card_signing import load_public_key_file, public_keys, signature_holds
from desktop_app.services.session import Session
from desktop_app.store.database import Database


class Outcome(StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    EXPIRED = "expired"
    FORGED = "forged"


OUTCOME_LABELS = {
    Outcome.VALID: N_("valid"),
    Outcome.REVOKED: N_("revoked"),
    Outcome.EXPIRED: N_("expired"),
    Outcome.FORGED: N_("forged"),
}


@dataclass
class Verdict:
    outcome: Outcome
    reason: str  # a msgid, rendered with `params`
    params: dict = field(default_factory=dict)
    payload: CardPayload | None = None
    holder: dict | None = None  # id, registrant_no, name, status when the record is on file

    @property
    def valid(self) -> bool:
        return self.outcome is Outcome.VALID


def verify(db: Database | None, text: str, *, today: date | None = None,
           public_key_file: Path | None = None) -> Verdict:
    """Check one scanned code. Without a database, only a key file can vouch for it."""
    today = today or date.today()
    try:
        payload, signed, signature = parse(text)
    except NotGenuine as error:
        return Verdict(Outcome.FORGED, error.msgid, error.params)
    if public_key_file is not None:
        keys = [load_public_key_file(public_key_file)]
    else:
        office = db.office.get() if db else None
        if office is None or office["municipality_code"] != payload.municipality_code:
            return Verdict(Outcome.FORGED, N_(
                "The code was not issued by this office ({code}); check it with the issuing "
                "town's public key file."), {"code": payload.municipality_code}, payload)
        keys = public_keys(db)
    if not signature_holds(keys, signed, signature):
        return Verdict(Outcome.FORGED, N_("The signature does not match: the code was altered or "
                                          "not made by the office."), payload=payload)
    holder = None
    if db is not None and public_key_file is None:
        verdict, holder = _on_file(db, payload)
        if verdict is not None:
            return verdict
    if payload.valid_until and payload.valid_until < today:
        return Verdict(Outcome.EXPIRED, N_("Valid until {date}; that day has passed."),
                       {"date": payload.valid_until.isoformat()}, payload, holder)
    return Verdict(Outcome.VALID, N_("Genuine, issued by {code}, valid until {date}."),
                   {"code": payload.municipality_code,
                    "date": payload.valid_until.isoformat() if payload.valid_until else "-"},
                   payload, holder)


def _on_file(db: Database, payload: CardPayload) -> tuple[Verdict | None, dict | None]:
    """A revocation the database knows of (or None), and the holder when on file."""
    if payload.document is Document.CARD:
        person = db.registrants.by_card_code(payload.identifier)
        if person is None:
            return None, None
        holder = {"id": person["id"], "registrant_no": person["registrant_no"],
                  "status": person["status"],
                  "name": f"{person['family_name']} {person['given_name']}".strip()}
        if person["status"] in ("revoked", "erased"):
            return Verdict(Outcome.REVOKED, N_("The registration was revoked."), payload=payload,
                           holder=holder), holder
        if person["status"] == "expired":
            return Verdict(Outcome.EXPIRED, N_("The registration has expired."), payload=payload,
                           holder=holder), holder
        return None, holder
    if payload.document is Document.CERTIFICATE:
        certificate = db.certificates.by_number(payload.identifier)
        if certificate and certificate["status"] == "void":
            return Verdict(Outcome.REVOKED, N_("Certificate {number} is void: {reason}"),
                           {"number": payload.identifier, "reason": certificate["void_reason"]},
                           payload), None
        return None, None
    voucher = db.vouchers.by_serial(payload.identifier) if hasattr(db, "vouchers") else None
    if voucher and voucher["status"] in ("void", "redeemed"):
        reason = (N_("Voucher {number} was already used.") if voucher["status"] == "redeemed"
                  else N_("Voucher {number} is void."))
        return Verdict(Outcome.REVOKED, reason, {"number": payload.identifier}, payload), None
    return None, None


def verify_on_file(session: Session, text: str, *, today: date | None = None) -> Verdict:
    """Checked against the register, which names the holder: refused to a role that may not
    see personal data, and the look-up is audited like opening the person's file
    (`card.verify`), at the counter's scanner as on the command line."""
    session.require(Permission.VIEW_PERSONAL_DATA)
    verdict = verify(session.db, text, today=today)
    holder = verdict.holder
    record_event(session, "card.verify", "registrant" if holder else "document",
                 holder["id"] if holder else None,
                 {"result": verdict.outcome.value,
                  "document": verdict.payload.document.value if verdict.payload else None,
                  "identifier": verdict.payload.identifier if verdict.payload else None})
    return verdict
