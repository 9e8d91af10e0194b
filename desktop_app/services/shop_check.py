"""The partner shops' check file: the town's card keys, what is no longer good, and the names of
the people whose cards are, sealed so that only a card's own code opens its holder's name.

A shop needs the name to see that the card shown is the customer's, but a file handed to every
shop must not be a list of the town's registrants. So each name is sealed with AES-GCM under a
key drawn by PBKDF2 from the card code (which only the card's QR code carries) and the file's
own salt, and filed under another part of that draw. Reading a name needs the card; guessing
card codes (31^10 of them) costs PBKDF2 rounds for every guess. It keeps names from the casual
reader, not from a determined one with much computing: the file is still given only to partners.

Writing one is an export of personal data: a supervisor's, audited, and remembered in the
settings so that the verify dialog can say how old the shops' copy is.
"""

from __future__ import annotations

import hashlib
import os
from datetime import date

from desktop_app.domain.card_payload import Document
from desktop_app.domain.dates import format_wareki
from desktop_app.domain.progress import NEVER_CANCELLED, CancelFlag, Progress, no_progress
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.printing.shop_check_page import ShopCheckData, render
from desktop_app.services import print_settings
from desktop_app.services.card_signing import ensure_key, public_keys
from desktop_app.services.printing.shared import KIND_NAMES, LIVE, TIER_NAMES, full_name
from desktop_app.services.session import Session
from desktop_app.store.database import Database
from desktop_app.store.records import now_iso

LAST_WRITTEN = "shop_check.last_written"
ITERATIONS = 2000  # PBKDF2-SHA256 rounds per card: ~1 ms here, 10 s for 10,000 cardholders


def seal_name(card_code: str, name: str, salt: bytes, iterations: int = ITERATIONS
              ) -> tuple[str, str]:
    """(lookup id, sealed name), hex: what the page derives again from the scanned card code."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    drawn = hashlib.pbkdf2_hmac("sha256", card_code.upper().encode("ascii"), salt, iterations,
                                48)
    # A fresh key for every name and file (the salt is new each time): a zero nonce is safe.
    sealed = AESGCM(drawn[16:]).encrypt(bytes(12), name.encode("utf-8"), None)
    return drawn[:16].hex(), sealed.hex()


def write_shop_check(session: Session, *, today: date | None = None,
                     progress: Progress = no_progress,
                     cancel: CancelFlag = NEVER_CANCELLED) -> bytes:
    """The HTML file's bytes; one `card.shop_check` audit row, and the date kept in settings."""
    session.require(Permission.EXPORT)
    today = today or date.today()
    db = session.db
    settings = print_settings.load(db)
    ensure_key(session)
    registrants = db.registrants
    salt = os.urandom(16)
    sealed: dict[str, str] = {}
    total = max(1, registrants.count_by_status(LIVE))
    for person in registrants.by_status(LIVE):
        cancel.check()
        lookup, name = seal_name(person["card_code"], full_name(person), salt)
        sealed[lookup] = name
        if len(sealed) % 500 == 0:
            progress(len(sealed) / total, N_("Sealing the cardholders' names"))
    revoked = {Document.CARD.value: _card_codes(db, ("revoked", "erased")),
               Document.CERTIFICATE.value: db.certificates.void_numbers(),
               Document.VOUCHER.value: db.vouchers.spent_serials()}
    expired = {Document.CARD.value: _card_codes(db, ("expired",))}
    html = render(ShopCheckData(
        town=settings.town, municipality_code=settings.municipality_code,
        public_keys=tuple(public_keys(db)), revoked=revoked, expired=expired,
        holders={"salt": salt.hex(), "iterations": ITERATIONS, "sealed": sealed},
        made_on=format_wareki(today), kind_names={"F": KIND_NAMES["furusato"],
                                                  "D": KIND_NAMES["dual"]},
        tier_names={"B": TIER_NAMES["basic"], "P": TIER_NAMES["premium"]}))
    written = {"at": now_iso(), "made_on": today.isoformat(), "by": session.clerk,
               "cardholders": len(sealed),
               "revoked": sum(len(items) for items in revoked.values())}
    with session.write("card.shop_check", "shop_check") as change:
        db.settings.put(LAST_WRITTEN, written)
        change.after = written
    return html


def _card_codes(db: Database, statuses: tuple[str, ...]) -> list[str]:
    return sorted(person["card_code"].upper() for person in db.registrants.by_status(statuses))


def last_written(db: Database) -> dict | None:
    """When the last shop-check file was made, by whom, with how many cards on it (or None)."""
    return db.settings.get(LAST_WRITTEN)
