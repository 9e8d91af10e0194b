"""Pairing a new counter with a working one: the invitation, the join, and the join's reply.

1. `invite` (an administrator at a working counter) writes a `counter-invitation` package: the
   register as a consistent SQLite copy with this counter's local tables emptied (keys and their
   slots, peers, the export register), the counters already in use, what this file holds of each
   terminal's changes, and a new pair key; sealed under a one-time secret shown on screen and
   signed with the office's exchange key, whose fingerprint is shown too.
2. `join` (at the new counter) opens it with the secret, checks the signature under the key it
   names and that the sealed part names the same key, writes the new file with its own terminal
   id and counter number, signs the administrator in there (which makes the counter's own
   exchange key) and writes a `counter-joined` reply, sealed under the pair key and signed with
   the new key. The new counter trusts the inviter from then on.
3. `accept_joined` (the reply imported at the inviter, `futasato sync import`): only a counter
   that opened this file's invitation knows its pair key, so the reply is the new counter's own
   word; the inviter records it and each trusts the other's key.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.exchange.errors import PackageRefused
from desktop_app.exchange.sync_package import (
    KIND_INVITATION,
    KIND_JOINED,
    new_secret,
    open_sealed,
    read_sync_package,
    seal,
    secret_key,
    write_sync_package,
)
from desktop_app.services.exchange_keys import exchange_key, unlock_exchange_key
from desktop_app.services.session import Session
from desktop_app.store.database import Database
from desktop_app.store.migrations.m013_sync_peers import LOCAL_TABLES
from desktop_app.store.records import now_iso

# What stays with the counter that made it: private keys' slots, the clerks' account keys, the
# office's own keys (the new counter makes its own), its peers and its export register.
LOCAL_ONLY = ("key_slots", "account_keys", "exchange_keys", "export_register", *LOCAL_TABLES)
_REGISTER_LIMIT = 4 << 30


@dataclass(frozen=True)
class Invitation:
    path: Path
    secret: str
    fingerprint: str


@dataclass(frozen=True)
class Joined:
    reply: Path
    inviter_fingerprint: str
    fingerprint: str
    terminal: str
    counter: int


def holdings(db: Database) -> dict[str, int]:
    """What this file holds of each terminal's changes: its own, and the others' in full."""
    office = db.office.get()
    return {**db.sync_peers.holdings(),
            office["terminal_id"]: db.changes.last_sequence(office["terminal_id"])}


def invite(session: Session, password: str, out_dir: Path) -> Invitation:
    session.require(Permission.CHANGE_SETTINGS)
    db = session.db
    private = unlock_exchange_key(session, password)
    key = exchange_key(db)
    office = db.office.get()
    invitation_id = uuid.uuid4().hex
    pair_key = os.urandom(32)
    held = holdings(db)
    counters = sorted({office["counter"], *(peer["counter"] for peer in db.sync_peers.all())})
    header = {"invitation": invitation_id, "pair_key": pair_key.hex(), "holdings": held,
              "counters": counters, "terminal": office["terminal_id"],
              "office": office["office_name"], "counter": office["counter"],
              "public_key": bytes(key["public_key"]).decode("ascii"),
              "fingerprint": key["fingerprint"]}
    secret, salt = new_secret(), os.urandom(16)
    name = f"invitation-{office['municipality_code']}-{invitation_id[:12]}"
    register = db.sync_peers.register_copy(LOCAL_ONLY)
    sealed = seal(secret_key(secret, salt), _framed(header, register), name)
    manifest = {"kind": KIND_INVITATION, "name": name,
                "municipality_code": office["municipality_code"],
                "office": office["office_name"], "terminal": office["terminal_id"],
                "counter": office["counter"], "created": now_iso(),
                "invitation": invitation_id, "public_key": header["public_key"],
                "fingerprint": key["fingerprint"], "salt": salt.hex()}
    with session.write("sync.invite", "sync_invitation") as change:
        db.sync_peers.add_invitation({"id": invitation_id, "pair_key": pair_key,
                                      "holdings": held, "created_at": manifest["created"],
                                      "created_by": session.clerk})
        path = write_sync_package(Path(out_dir), manifest, sealed, private.sign)
        change.entity_id = invitation_id
        change.after = {"file": path.name, "fingerprint": key["fingerprint"]}
    return Invitation(path, secret, key["fingerprint"])


def _framed(header: dict, register: bytes) -> bytes:
    text = json.dumps(header, sort_keys=True).encode("utf-8")
    return len(text).to_bytes(4, "big") + text + register


def _unframed(plain: bytes) -> tuple[dict, bytes]:
    size = int.from_bytes(plain[:4], "big")
    try:
        header = json.loads(plain[4:4 + size].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise PackageRefused(N_("The invitation's sealed part is not readable.")) from None
    return header, plain[4 + size:]


def join(db_path: Path, invitation: Path, secret: str, counter: int, login: str,
         password: str, out_dir: Path) -> Joined:
    """Set up the new counter's file at `db_path` from the invitation; write the reply."""
    from desktop_app.exchange.certificate import ed25519_public_raw, fingerprint
    from desktop_app.services.sign_in import sign_in

    db_path = Path(db_path)
    if db_path.exists() and db_path.stat().st_size > 0:
        raise RuleRefused(N_("{path} already exists: a counter joins into a new file."),
                          {"path": str(db_path)})
    if not 1 <= counter <= 9:
        raise RuleRefused(N_("A joining counter is numbered 1 to 9 (0 is the main office)."),
                          field=N_("Counter"))
    manifest, sealed, _signer = read_sync_package(invitation, (KIND_INVITATION,), None)
    plain = open_sealed(secret_key(secret, bytes.fromhex(manifest["salt"])), sealed,
                        manifest["name"], _REGISTER_LIMIT,
                        N_("The secret does not open this invitation: check it against the "
                           "one the inviting counter showed."))
    header, register = _unframed(plain)
    inviter_fingerprint = fingerprint(ed25519_public_raw(manifest["public_key"].encode()))
    if (header.get("public_key") != manifest["public_key"]
            or header.get("invitation") != manifest["invitation"]
            or inviter_fingerprint != manifest["fingerprint"]):
        raise PackageRefused(N_("The invitation's sealed part names another key or invitation "
                                "than its signed manifest."))
    if counter in header["counters"]:
        raise RuleRefused(N_("Counter {counter} is already in use in this town; choose another "
                             "number."), {"counter": counter}, field=N_("Counter"))
    part = db_path.with_name(db_path.name + ".part")
    part.write_bytes(register)
    os.replace(part, db_path)
    db = Database(db_path)
    try:
        terminal = f"T-{uuid.uuid4().hex[:8]}"
        with db.transaction():
            db.sync_peers.become_counter(terminal, counter)
            db.sync_peers.hold(header["holdings"])
        session = sign_in(db, login, password)  # makes this counter's own exchange key
        session.require(Permission.CHANGE_SETTINGS)
        private = unlock_exchange_key(session, password)
        key = exchange_key(db)
        pair_key = bytes.fromhex(header["pair_key"])
        with session.write("sync.join", "sync_peer") as change:
            db.sync_peers.add({
                "terminal": header["terminal"], "office": header["office"],
                "counter": header["counter"],
                "public_key": header["public_key"].encode("ascii"),
                "fingerprint": header["fingerprint"], "pair_key": pair_key,
                "paired_at": now_iso(), "paired_by": session.clerk,
                "acknowledged": header["holdings"]})
            change.entity_id = header["terminal"]
            change.after = {"counter": counter, "inviter": header["fingerprint"]}
        office = db.office.get()
        reply = {"invitation": header["invitation"], "terminal": terminal, "counter": counter,
                 "office": office["office_name"],
                 "public_key": bytes(key["public_key"]).decode("ascii"),
                 "fingerprint": key["fingerprint"]}
        name = f"joined-{office['municipality_code']}-{terminal}-{header['invitation'][:12]}"
        path = write_sync_package(
            Path(out_dir),
            {"kind": KIND_JOINED, "name": name,
             "municipality_code": office["municipality_code"],
             "office": office["office_name"], "terminal": terminal, "counter": counter,
             "created": now_iso(), "invitation": header["invitation"],
             "public_key": reply["public_key"], "fingerprint": key["fingerprint"]},
            seal(pair_key, json.dumps(reply).encode("utf-8"), name), private.sign)
    except BaseException:  # a wrong password, a clerk who may not: no half-made counter left
        db.close()
        for leftover in (db_path, *(db_path.with_name(db_path.name + end)
                                    for end in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
        raise
    db.close()
    return Joined(path, inviter_fingerprint, key["fingerprint"], terminal, counter)


def accept_joined(session: Session, manifest: dict, sealed: bytes) -> dict:
    """Record the new counter whose reply this is; returns its peer row."""
    session.require(Permission.CHANGE_SETTINGS)
    db = session.db
    invitation = db.sync_peers.invitation(manifest["invitation"])
    if invitation is None:
        raise PackageRefused(N_("This reply answers an invitation this counter did not write."))
    if invitation["joined_at"] is not None:
        raise PackageRefused(N_("This invitation was answered already (on {at}); a reply is "
                                "read once."), {"at": invitation["joined_at"]})
    reply = json.loads(open_sealed(
        bytes(invitation["pair_key"]), sealed, manifest["name"], 1 << 20,
        N_("The reply is not sealed under this invitation's pair key.")))
    if reply.get("public_key") != manifest["public_key"] or reply.get(
            "terminal") != manifest["terminal"] or reply.get("counter") != manifest["counter"]:
        raise PackageRefused(N_("The reply's sealed part names another key or counter than "
                                "its signed manifest."))
    office = db.office.get()
    if manifest["municipality_code"] != office["municipality_code"]:
        raise PackageRefused(N_("The package comes from another town ({code})."),
                             {"code": manifest["municipality_code"]})
    if reply["counter"] == office["counter"] or db.sync_peers.by_counter(reply["counter"]):
        raise PackageRefused(N_("Counter {counter} is already paired here."),
                             {"counter": reply["counter"]})
    with session.write("sync.pair", "sync_peer") as change:
        record = {"terminal": reply["terminal"], "office": reply["office"],
                  "counter": reply["counter"], "public_key": reply["public_key"].encode(),
                  "fingerprint": reply["fingerprint"], "pair_key": bytes(invitation["pair_key"]),
                  "paired_at": now_iso(), "paired_by": session.clerk,
                  "acknowledged": invitation["holdings"]}
        db.sync_peers.add(record)
        db.sync_peers.invitation_joined(invitation["id"], record["paired_at"])
        change.entity_id = reply["terminal"]
        change.after = {"counter": reply["counter"], "fingerprint": reply["fingerprint"]}
    return db.sync_peers.get(reply["terminal"])


def read_reply(path: Path) -> tuple[dict, bytes]:
    manifest, sealed, _signer = read_sync_package(path, (KIND_JOINED,), None)
    return manifest, sealed
