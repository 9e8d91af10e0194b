"""Checking a package against the keys this office's file holds, and a town's audit chain
against the witness a package carries (`audit verify --against`)."""

from __future__ import annotations

from pathlib import Path

from desktop_app.domain.errors import NotGenuine, RuleRefused
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_, Msg
from desktop_app.exchange.errors import PackageRefused
from desktop_app.services.audit_trail import verify_audit
from desktop_app.services.exchange_keys import SIGNING, is_prefecture
from desktop_app.services.quarter_returns import witness_holds
from desktop_app.services.session import Session
from desktop_app.services.trust import trusted_town_key
from desktop_app.store.database import Database


def signing_keys(db: Database, municipality_code: str) -> list[bytes]:
    """The public keys (PEM) a package of `municipality_code` may be signed with, as this file
    knows them: in a prefecture the town's trusted key, in a town its own signing keys, newest
    first (a package signed before a rotation still checks)."""
    if is_prefecture(db):
        key = trusted_town_key(db, municipality_code)
        return [key] if key else []
    office = db.office.get()
    if not office or office["municipality_code"] != municipality_code:
        return []
    return [bytes(key["public_key"]) for key in reversed(db.exchange_keys.all())
            if key["purpose"] == SIGNING]


def open_package(db: Database, zip_path: Path):
    """The package read and checked under the key this file holds for the town its name gives
    (read_package then checks that the signed manifest names the same town), or PackageRefused.
    """
    from desktop_app.exchange.package import read_package, signature_path, verify_signature

    zip_path = Path(zip_path)
    code = zip_path.name.split("_", 1)[0]
    keys = signing_keys(db, code)
    if not keys:
        if is_prefecture(db):
            raise PackageRefused(N_("{file} is named for municipality {code}, and no key is "
                                    "trusted for it (or its key was revoked): `futasato keys "
                                    "trust FILE.pem --municipality-code {code}` first."),
                                 {"file": zip_path.name, "code": code})
        raise PackageRefused(N_("{file} is named for municipality {code}, not for this "
                                "office: give the signing office's key with --trusted-key."),
                             {"file": zip_path.name, "code": code})
    refused: PackageRefused | None = None
    for key in keys:
        try:
            verify_signature(zip_path, signature_path(zip_path), key)
        except PackageRefused as error:
            refused = error
            continue
        return read_package(zip_path, key)
    raise refused


def verify_against(session: Session, zip_path: Path) -> dict:
    """Whether this town's audit chain still holds the head its package `zip_path` carries.

    The package is checked under the office's own keys first (a forged manifest would witness
    anything). NotGenuine (exit 4) when the chain is broken or no longer holds that head.
    """
    session.require(Permission.VIEW_AUDIT)
    if is_prefecture(session.db):
        raise RuleRefused(N_("A package's audit head witnesses the town's own audit trail: "
                             "check it in the town's file."))
    opened = open_package(session.db, zip_path)
    rows = verify_audit(session)
    head = opened.manifest.audit_head
    if not witness_holds(session.db, head.row, head.hash):
        found = session.db.audit.hash_at(head.row)
        raise NotGenuine(
            N_("The audit trail no longer holds what {file} witnessed: at sign-off row {row} "
               "had the hash {hash}, and now {found}. Rows up to it have been rewritten or "
               "removed since."),
            {"file": Path(zip_path).name, "row": head.row, "hash": head.hash,
             "found": found if found else Msg(N_("there is no such row"))})
    return {"file": Path(zip_path).name, "rows": rows, "witness_row": head.row,
            "witness_hash": head.hash, "period": opened.manifest.period,
            "version": opened.manifest.version}
