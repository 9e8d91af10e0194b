"""The office's exchange keys: made at set-up, sealed in key slots, opened with a password.

A town has one: the Ed25519 key that signs its quarterly returns (apart from the card key, so
that a verifier of cards cannot sign returns). A prefecture has its own Ed25519 signing key,
an RSA-3072 decryption key published as a self-signed certificate, and a pseudonym key.

Where the private keys live: sealed in key slots under the passwords of the clerks who may sign
off (supervisors and administrators), never in plain text in the file and never in an OS
keyring (a headless Linux machine and CI have none, and the command line must work there with
FUTASATO_PASSWORD). See key_slots.py for the sealing, and the life of a slot:
- a signing-off clerk gets an account key whenever their password is set (account created,
  reset, changed) and at sign-in when they have none yet (a file older than schema 9, a clerk
  promoted since);
- a new key is sealed at once to every signing-off clerk with an account key;
- a clerk with an account key but no slot gets one when a clerk who holds one signs in
  (audited as key_slot.grant): only a holder's password opens the key to seal it again;
- deactivating or demoting a clerk drops their slots; a reset makes a new account key, so the
  slot comes back at the next holder's sign-in;
- if nobody can open the key, an administrator makes a new one (`futasato keys rotate --for
  exchange`) and the prefecture must register it again.
A file set up before schema 9 has no exchange key: it is made at the first sign-in of a
supervisor or an administrator.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from desktop_app.domain.errors import PermissionDenied, RuleRefused
from desktop_app.domain.roles import GRANTS, Permission, Role
from desktop_app.domain.text import N_
from desktop_app.services.session import Session
from desktop_app.store.database import Database
from desktop_app.store.records import now_iso

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

SIGNING, DECRYPTION = "signing", "decryption"
SIGN_OFF_ROLES = tuple(role.value for role in Role if Permission.SIGN_OFF in GRANTS[role])


def may_sign_off(role: Role | str) -> bool:
    return Role(role).value in SIGN_OFF_ROLES


def is_prefecture(db: Database) -> bool:
    office = db.office.get()
    return bool(office) and office["mode"] == "prefecture"


def _account_context(login: str) -> bytes:
    return b"futasato account key|" + login.lower().encode("utf-8")


def _slot_context(key: dict, login: str) -> bytes:
    return (f"futasato key slot|{key['id']}|{key['fingerprint']}|".encode("ascii")
            + login.lower().encode("utf-8"))


# --- account keys: called where a clerk's password is known -----------------------------------

def set_account_password(db: Database, login: str, role: Role | str, password: str, *,
                         previous: str | None = None) -> None:
    """Seal the clerk's account key under `password`, inside the caller's transaction.

    Given the `previous` password the same key is sealed again, so the clerk keeps their slots;
    otherwise (a new account, a reset) the clerk gets a new key pair and loses their slots,
    which a holder's next sign-in seals again. A clerk who may not sign off has none.
    """
    from desktop_app.services import key_slots

    if not may_sign_off(role):
        db.exchange_keys.drop_account(login)
        return
    context = _account_context(login)
    existing = db.exchange_keys.account_key(login)
    if existing is not None and previous is not None:
        try:
            raw = key_slots.open_with_password(existing["sealed_private_key"], previous, context)
        except key_slots.WrongPassword:
            raw = None
        if raw is not None:
            db.exchange_keys.set_account_key({
                **existing, "sealed_private_key": key_slots.seal_with_password(
                    raw, password, context)})
            return
    db.exchange_keys.drop_account(login)
    public, sealed = key_slots.new_account_key(password, context)
    db.exchange_keys.set_account_key({"login": login, "public_key": public,
                                      "sealed_private_key": sealed, "created_at": now_iso()})


def drop_account(db: Database, login: str) -> int:
    """A deactivated or demoted clerk's account key and slots go (in the caller's write)."""
    return db.exchange_keys.drop_account(login)


# --- the office's keys -----------------------------------------------------------------------

def make_office_keys(session: Session) -> list[dict]:
    """At set-up: the signing key, and in a prefecture its decryption key and pseudonym key."""
    made = [create_exchange_key(session)]
    if is_prefecture(session.db):
        made.append(_create_decryption_key(session))
    return made


def create_exchange_key(session: Session, *, action: str = "exchange_key.create") -> dict:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from desktop_app.exchange.certificate import ed25519_public_pem, fingerprint

    private = Ed25519PrivateKey.generate()
    raw = serialization.Encoding.Raw
    public = private.public_key().public_bytes(raw, serialization.PublicFormat.Raw)
    secret = private.private_bytes(raw, serialization.PrivateFormat.Raw,
                                   serialization.NoEncryption())
    record = {"purpose": SIGNING, "algorithm": "ed25519", "public_key": ed25519_public_pem(public),
              "certificate": None, "fingerprint": fingerprint(public)}
    return _store_key(session, record, secret, action)


def _create_decryption_key(session: Session) -> dict:
    from cryptography.hazmat.primitives import serialization

    from desktop_app.exchange.certificate import (
        certificate_fingerprint,
        load_certificate,
        make_decryption_key,
    )

    office = session.db.office.get()
    private_pem, certificate = make_decryption_key(office["municipality_name"])
    loaded = load_certificate(certificate)
    public = loaded.public_key().public_bytes(serialization.Encoding.PEM,
                                              serialization.PublicFormat.SubjectPublicKeyInfo)
    record = {"purpose": DECRYPTION, "algorithm": "rsa-3072", "public_key": public,
              "certificate": certificate, "fingerprint": certificate_fingerprint(loaded)}
    made = _store_key(session, record, private_pem, "exchange_key.create")
    with session.write("pseudonym_key.create", "prefecture_key") as change:
        change.entity_id = session.db.exchange_keys.add_prefecture({
            "certificate": certificate, "pseudonym_key": os.urandom(32),
            "fingerprint": record["fingerprint"], "active": 1, "created_at": now_iso(),
            "created_by": session.clerk})
        change.after = {"fingerprint": record["fingerprint"]}
    return made


def _store_key(session: Session, record: dict, secret: bytes, action: str) -> dict:
    """Store the public half and seal the private half to every signing-off clerk."""
    record = {**record, "active": 1, "created_at": now_iso(), "created_by": session.clerk}
    with session.write(action, "exchange_key") as change:
        record["id"] = session.db.exchange_keys.add(record)
        holders = _seal_for_waiting(session, record, secret)
        change.entity_id = record["id"]
        change.after = {"purpose": record["purpose"], "algorithm": record["algorithm"],
                        "fingerprint": record["fingerprint"], "slots": holders}
    return record


def _seal_for_waiting(session: Session, key: dict, secret: bytes) -> list[str]:
    from desktop_app.services.key_slots import seal_to

    waiting = session.db.exchange_keys.without_slot(key["id"], SIGN_OFF_ROLES)
    for account in waiting:
        session.db.exchange_keys.add_slot({
            "key_id": key["id"], "login": account["login"],
            "sealed_key": seal_to(account["public_key"], secret,
                                  _slot_context(key, account["login"])),
            "created_at": now_iso(), "created_by": session.clerk})
    return [account["login"] for account in waiting]


def rotate_exchange_key(session: Session) -> dict:
    """A new signing key when nobody can open the old one (or it is feared lost); the
    prefecture must register the new public key before the next return."""
    session.require(Permission.CHANGE_SETTINGS)
    return create_exchange_key(session, action="exchange_key.rotate")


# --- at sign-in --------------------------------------------------------------------------------

def after_sign_in(session: Session, password: str) -> None:
    """What a signing-off clerk's sign-in does with their password (nothing for the others):
    make their account key if they have none, make the exchange key if the file has none (a
    file older than schema 9), and seal the keys they hold for every clerk still waiting.
    Usually there is nothing to do, and cryptography is not even loaded."""
    db, login = session.db, session.clerk
    if session.must_change_password or not may_sign_off(session.role) or not db.office.get():
        return
    account = db.exchange_keys.account_key(login)
    if account is None:
        _new_account_key(session, password)
    if db.exchange_keys.active(SIGNING) is None and not is_prefecture(db):
        create_exchange_key(session)
    pending = []
    for purpose in (SIGNING, DECRYPTION):
        key = db.exchange_keys.active(purpose)
        if key is None:
            continue
        slot = db.exchange_keys.slot(key["id"], login)
        waiting = db.exchange_keys.without_slot(key["id"], SIGN_OFF_ROLES)
        if slot is not None and waiting:
            pending.append((key, slot))
    if not pending:
        return
    from desktop_app.services import key_slots  # cryptography: loaded only when needed

    account = db.exchange_keys.account_key(login)
    try:
        private = key_slots.open_account_key(account["sealed_private_key"], password,
                                             _account_context(login))
    except key_slots.WrongPassword:  # sealed under a password set outside this service
        _new_account_key(session, password)
        return
    with session.write("key_slot.grant", "exchange_key") as change:
        granted = {}
        for key, slot in pending:
            secret = key_slots.open_slot(private, slot["sealed_key"], _slot_context(key, login))
            granted[key["fingerprint"]] = _seal_for_waiting(session, key, secret)
        change.entity_id = login
        change.after = {"granted": granted}


def _new_account_key(session: Session, password: str) -> None:
    with session.write("account_key.create", "clerk") as change:
        set_account_password(session.db, session.clerk, session.role, password)
        change.entity_id = session.clerk
        change.after = {"account_key": "created"}


# --- opening and publishing ------------------------------------------------------------------

def _active(db: Database, purpose: str) -> dict:
    key = db.exchange_keys.active(purpose)
    if key is None:
        raise RuleRefused(N_("This office has no exchange key yet: it is made when a supervisor "
                             "or an administrator signs in."))
    return key


def _unlock(session: Session, password: str, purpose: str) -> bytes:
    from desktop_app.services import key_slots

    session.require(Permission.SIGN_OFF)
    key = _active(session.db, purpose)
    slot = session.db.exchange_keys.slot(key["id"], session.clerk)
    account = session.db.exchange_keys.account_key(session.clerk)
    if slot is None or account is None:
        raise PermissionDenied(N_(
            "{login} holds no copy of the office's exchange key yet. It is sealed for {login} "
            "when a supervisor or an administrator who holds one next signs in."),
            {"login": session.clerk})
    private = key_slots.open_account_key(account["sealed_private_key"], password,
                                         _account_context(session.clerk))
    return key_slots.open_slot(private, slot["sealed_key"], _slot_context(key, session.clerk))


def unlock_exchange_key(session: Session, password: str) -> Ed25519PrivateKey:
    """The office's signing key, opened with the signed-in clerk's own password."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(_unlock(session, password, SIGNING))


def unlock_prefecture_decryption_key(session: Session, password: str) -> bytes:
    """The prefecture's RSA key as PKCS#8 PEM (for exchange/envelope.py's `decrypt`)."""
    if not is_prefecture(session.db):
        raise RuleRefused(N_("Only a prefecture's file has a decryption key."))
    return _unlock(session, password, DECRYPTION)


def exchange_public_key_pem(db: Database) -> bytes:
    """The public half of the office's signing key (SubjectPublicKeyInfo PEM)."""
    return bytes(_active(db, SIGNING)["public_key"])


def exchange_key(db: Database) -> dict:
    """The active signing key's record (public key, fingerprint, dates): nothing secret."""
    return _active(db, SIGNING)


def prefecture_certificate_pem(db: Database) -> bytes | None:
    """In a town the imported prefecture certificate, in a prefecture its own; None if none."""
    found = db.exchange_keys.prefecture()
    return bytes(found["certificate"]) if found else None


def pseudonym_key(db: Database) -> bytes | None:
    found = db.exchange_keys.prefecture()
    return bytes(found["pseudonym_key"]) if found else None


def export_exchange_key(session: Session) -> bytes:
    """The signing key's public PEM for the prefecture to register (supervisors; audited)."""
    session.require(Permission.SIGN_OFF)
    key = _active(session.db, SIGNING)
    with session.write("exchange_key.export", "exchange_key") as change:
        change.entity_id = key["id"]
        change.after = {"fingerprint": key["fingerprint"]}
    return bytes(key["public_key"])


def export_prefecture_certificate(session: Session) -> bytes:
    """What a prefecture hands its towns: the certificate, then the pseudonym key block (every
    town needs the same key, so that a person's pseudonymous id is the same in every town)."""
    from desktop_app.exchange.certificate import pseudonym_pem

    session.require(Permission.SIGN_OFF)
    found = session.db.exchange_keys.prefecture()
    if not is_prefecture(session.db) or found is None:
        raise RuleRefused(N_("Only a prefecture's file has a certificate to hand out."))
    with session.write("prefecture_key.export", "prefecture_key") as change:
        change.entity_id = found["id"]
        change.after = {"fingerprint": found["fingerprint"]}
    return bytes(found["certificate"]) + pseudonym_pem(bytes(found["pseudonym_key"]))


def key_list(db: Database) -> list[dict]:
    """The office's exchange keys with who holds a slot for each (no secret)."""
    return [{"purpose": key["purpose"], "algorithm": key["algorithm"],
             "fingerprint": key["fingerprint"], "active": bool(key["active"]),
             "created_at": key["created_at"], "created_by": key["created_by"],
             "retired_at": key["retired_at"],
             "holders": db.exchange_keys.slot_holders(key["id"])}
            for key in db.exchange_keys.all()]
