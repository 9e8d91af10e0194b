"""The office's QR signing key: created on first need, used to sign, exported for checkers.

Ed25519 (`cryptography`): 64-byte signatures, quick, no parameters to get wrong. The public key is
exported as a standard PEM file (`openssl pkey -pubin` reads it) with its fingerprint, for the
prefecture and for partner shops that check vouchers and cards with their own copy of Futasato.
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.domain.card_payload import CardPayload
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.services.session import Session
from desktop_app.store.database import Database
from desktop_app.store.records import now_iso


def ensure_key(session: Session) -> dict:
    """The active signing key, created (and audited) the first time anything is signed."""
    existing = session.db.card_keys.active()
    if existing:
        return existing
    session.require(Permission.PRINT)
    return _create(session)


def rotate_key(session: Session) -> dict:
    """A new active key; the old one is kept so that cards it signed still verify."""
    session.require(Permission.CHANGE_SETTINGS)
    return _create(session)


def _create(session: Session) -> dict:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from desktop_app.exchange.certificate import fingerprint

    private = Ed25519PrivateKey.generate()
    raw = serialization.Encoding.Raw
    public = private.public_key().public_bytes(raw, serialization.PublicFormat.Raw)
    record = {
        "algorithm": "ed25519",
        "private_key": private.private_bytes(raw, serialization.PrivateFormat.Raw,
                                             serialization.NoEncryption()),
        "public_key": public,
        "fingerprint": fingerprint(public),
        "active": 1,
        "created_at": now_iso(),
        "created_by": session.clerk,
    }
    with session.write("card_key.create", "card_signing_key") as change:
        change.entity_id = session.db.card_keys.add(record)
        change.after = {"fingerprint": record["fingerprint"], "algorithm": "ed25519"}
    return record


class Signer:
    """Signs many payloads with one loaded key (loading it per card would cost a batch dearly)."""

    def __init__(self, key: dict):
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        self._key = Ed25519PrivateKey.from_private_bytes(bytes(key["private_key"]))
        self.fingerprint = key["fingerprint"]

    def sign(self, payload: CardPayload) -> str:
        return payload.signed(self._key.sign(payload.body().encode("ascii")))


def signer(session: Session) -> Signer:
    return Signer(ensure_key(session))


def public_keys(db: Database) -> list[bytes]:
    """Every key this office ever signed with, newest first."""
    return [bytes(key["public_key"]) for key in db.card_keys.all()]


def public_key_pem(public_key: bytes) -> str:
    from desktop_app.exchange.certificate import ed25519_public_pem

    return ed25519_public_pem(public_key).decode("ascii")


def export_text(session: Session) -> str:
    """The exported key file: what it is, whose, the fingerprint, then the PEM block."""
    key = ensure_key(session)
    office = session.db.office.get()
    return (f"Futasato QR signing key (Ed25519)\n"
            f"Municipality: {office['municipality_name']} {office['municipality_code']}\n"
            f"Fingerprint: {key['fingerprint']}\n"
            f"Created: {key['created_at']}\n\n"
            + public_key_pem(bytes(key["public_key"])))


def load_public_key_file(path: Path) -> bytes:
    """The raw public key from a file written by `export_text` (or any Ed25519 PEM public key)."""
    from desktop_app.exchange.certificate import ed25519_public_raw

    try:
        return ed25519_public_raw(path.read_bytes())
    except RuleRefused:
        raise RuleRefused(N_("{path} holds no Ed25519 public key."), {"path": str(path)}) from None


def signature_holds(public_keys_: list[bytes], signed: bytes, signature: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    for public in public_keys_:
        try:
            Ed25519PublicKey.from_public_bytes(public).verify(signature, signed)
        except InvalidSignature:
            continue
        return True
    return False
