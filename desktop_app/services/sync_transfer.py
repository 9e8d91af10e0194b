"""Change sets between paired counters: export what a peer has not acknowledged, import what a
peer sent (services/sync_apply.py applies the changes; this module is their transport).

A change set's payload is the changes as JSON lines (the rows of `db.changes.since`), sealed
under the pair key; its manifest, signed by the sending counter, carries the package's number
(one more than the last sent to that peer: a lower one arriving is a replay) and the sender's
acknowledgements, what it holds of each terminal's changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.exchange.errors import PackageRefused
from desktop_app.exchange.sync_package import (
    KIND_CHANGE_SET,
    KIND_JOINED,
    open_sealed,
    read_sync_package,
    seal,
    write_sync_package,
)
from desktop_app.services.exchange_keys import unlock_exchange_key
from desktop_app.services.session import Session
from desktop_app.services.sync_pairing import accept_joined, holdings, read_reply
from desktop_app.store.records import now_iso

_PAYLOAD_LIMIT = 1 << 30


@dataclass(frozen=True)
class Exported:
    path: Path
    changes: int


@dataclass(frozen=True)
class Imported:
    kind: str
    peer: dict
    changes: int = 0
    applied: int = 0
    already_had: int = 0
    held: int = 0
    conflicts: int = 0


def find_peer(session: Session, given: str) -> dict:
    """A paired counter by its number (`1`) or its terminal id."""
    peers = session.db.sync_peers
    peer = peers.by_counter(int(given)) if given.isdigit() else peers.get(given)
    if peer is None:
        raise RuleRefused(N_("No counter {peer} is paired with this one (see `futasato sync "
                             "peers`)."), {"peer": given})
    return peer


def export_changes(session: Session, password: str, peer_name: str, out_dir: Path) -> Exported:
    session.require(Permission.EXPORT)
    db = session.db
    peer = find_peer(session, peer_name)
    private = unlock_exchange_key(session, password)
    office = db.office.get()
    held = holdings(db)
    changes = [change for terminal in sorted(set(held) | set(peer["acknowledged"]))
               if terminal != peer["terminal"]
               for change in db.changes.since(terminal, peer["acknowledged"].get(terminal, 0))]
    number = peer["last_sent"] + 1
    name = (f"changes-{office['municipality_code']}-c{office['counter']}-to-c{peer['counter']}"
            f"-{number:06d}")
    lines = "".join(json.dumps(change, ensure_ascii=False, sort_keys=True) + "\n"
                    for change in changes).encode("utf-8")
    manifest = {"kind": KIND_CHANGE_SET, "name": name,
                "municipality_code": office["municipality_code"],
                "office": office["office_name"], "terminal": office["terminal_id"],
                "counter": office["counter"], "created": now_iso(), "to": peer["terminal"],
                "number": number, "acknowledged": held, "changes": len(changes)}
    with session.write("sync.export", "sync_peer") as change:
        path = write_sync_package(Path(out_dir), manifest,
                                  seal(bytes(peer["pair_key"]), lines, name), private.sign)
        db.sync_peers.sent(peer["terminal"], number, manifest["created"])
        change.entity_id = peer["terminal"]
        change.after = {"file": path.name, "changes": len(changes)}
    return Exported(path, len(changes))


def import_package(session: Session, path: Path) -> Imported:
    """A change set from a paired counter, or a new counter's reply to an invitation."""
    path = Path(path)
    if path.name.startswith("joined-"):  # checked against the signed manifest when read
        manifest, sealed = read_reply(path)
        return Imported(KIND_JOINED, accept_joined(session, manifest, sealed))
    return _import_changes(session, path)


def _import_changes(session: Session, path: Path) -> Imported:
    from desktop_app.services.sync_apply import apply_changes

    session.require(Permission.REGISTER)
    db = session.db
    peers = {peer["terminal"]: peer for peer in db.sync_peers.all()}
    manifest, sealed, signer = read_sync_package(
        path, (KIND_CHANGE_SET,), {t: bytes(p["public_key"]) for t, p in peers.items()})
    peer, office = peers[signer], db.office.get()
    if manifest["terminal"] != signer:
        raise PackageRefused(N_("The package names terminal {named} but is signed by {signer}."),
                             {"named": manifest["terminal"], "signer": signer})
    if manifest["municipality_code"] != office["municipality_code"]:
        raise PackageRefused(N_("The package comes from another town ({code})."),
                             {"code": manifest["municipality_code"]})
    if manifest["to"] != office["terminal_id"]:
        raise PackageRefused(N_("The package was written for another counter ({to})."),
                             {"to": manifest["to"]})
    sha256 = manifest["payload_sha256"]  # signed: the package's identity
    if manifest["number"] < peer["last_received"] or (
            manifest["number"] == peer["last_received"]
            and sha256 != peer["last_received_sha256"]):
        raise PackageRefused(N_("Change set {number} from counter {counter} is older than the "
                                "last one imported ({last}): a replay, refused."),
                             {"number": manifest["number"], "counter": peer["counter"],
                              "last": peer["last_received"]})
    plain = open_sealed(bytes(peer["pair_key"]), sealed, manifest["name"], _PAYLOAD_LIMIT,
                        N_("The change set is not sealed under this pair's key."))
    try:
        changes = [json.loads(line) for line in plain.decode("utf-8").splitlines()]
    except (UnicodeDecodeError, ValueError):
        raise PackageRefused(N_("The change set's lines are not JSON.")) from None
    if len(changes) != manifest["changes"] or not all(isinstance(c, dict) for c in changes):
        raise PackageRefused(N_("The change set holds {found} changes, not the {declared} its "
                                "manifest gives."),
                             {"found": len(changes), "declared": manifest["changes"]})
    with session.write("sync.import", "sync_peer") as change:
        result = apply_changes(session, changes)
        if not result.held:  # every change up to the last of each terminal is here now
            last: dict[str, int] = {}
            for row in changes:
                last[row["terminal"]] = max(last.get(row["terminal"], 0), row["sequence"])
            last.pop(office["terminal_id"], None)
            db.sync_peers.hold(last)
        db.sync_peers.acknowledge(signer, manifest["acknowledged"])
        db.sync_peers.received(signer, manifest["number"], sha256, now_iso())
        counts = {"applied": result.applied, "already_had": result.already_had,
                  "held": result.held, "conflicts": result.conflicts}
        change.entity_id = signer
        change.after = {"file": path.name, "changes": len(changes), **counts}
    return Imported(KIND_CHANGE_SET, db.sync_peers.get(signer), len(changes), **counts)
