"""A prefecture's file (made once per run: its RSA-3072 key is slow to make, so each test gets a
copy) and towns' packages written with exchange/package.py and a town key the prefecture trusts."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop_app.exchange.envelope import encrypt_for
from desktop_app.exchange.package import Member, package_name, write_package
from desktop_app.services import exchange_keys
from desktop_app.services.office_setup import set_up_office
from desktop_app.services.sign_in import sign_in
from desktop_app.services.trust import trust_town
from desktop_app.store.database import Database
from tests.conftest import ADMIN_PASSWORD
from tests.exchange_helpers import TownKey, return_manifest

ROW_HEADER = "pseudonym,kind,age_band"


@pytest.fixture(scope="session")
def prefecture_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("prefecture") / "template.sqlite"
    db = Database(path)
    set_up_office(db, municipality_code="040002", office_name="宮城県", admin_login="admin",
                  admin_password=ADMIN_PASSWORD, prefecture=True)
    db.close()
    return path


@pytest.fixture
def prefecture(prefecture_template, tmp_path):
    """The prefecture's administrator, signed in to a fresh copy of the prefecture's file."""
    path = tmp_path / "pref.sqlite"
    shutil.copyfile(prefecture_template, path)
    db = Database(path)
    yield sign_in(db, "admin", ADMIN_PASSWORD)
    db.close()


def town_key(number: int) -> TownKey:
    return TownKey.from_seed(bytes([number]) * 32)


def trust(session, key: TownKey, code: str) -> None:
    trust_town(session, key.public_pem, code)


def person(name: str) -> str:
    """A pseudonymous id as a town makes it: 64 hex digits, the same for the same person."""
    return hashlib.sha256(name.encode()).hexdigest()


def town_package(out_dir: Path, key: TownKey, *, code: str, version: int = 1,
                 period: str = "2025Q1", figures: dict | None = None,
                 people: list[str] | None = None, certificate_pem: bytes | None = None) -> Path:
    """A return of `code` signed by `key`; `people` become encrypted rows (to the certificate)."""
    figures = {"registrants_end": 3, "bookings": 1} if figures is None else figures
    members = [Member("figures.json", json.dumps(figures).encode(), len(figures)),
               Member("registrants_by_kind.csv", b"kind,people\r\nfurusato,3\r\n", 1)]
    if people is not None:
        csv = "\r\n".join([ROW_HEADER, *(f"{person(p)},furusato,30_39" for p in people)])
        members.append(Member("rows.p7m", encrypt_for(certificate_pem, (csv + "\r\n").encode()),
                              len(people)))
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = return_manifest(code=code, period=period, version=version,
                               supersedes=None if version == 1 else version - 1)
    return write_package(out_dir, package_name(code, period, version), manifest, members,
                         key.sign)


def certificate(session) -> bytes:
    return exchange_keys.prefecture_certificate_pem(session.db)


def contents(path: Path) -> dict[str, list]:
    """Every row of every table but the audit trail and its stored head, sorted."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'audit'")]
        rows = {name: sorted(map(repr, connection.execute(f"SELECT * FROM {name}")))
                for name in names}
        rows["settings"] = [row for row in rows["settings"] if "'audit.head'" not in row]
        return rows
    finally:
        connection.close()


def audit_actions(db) -> list[str]:
    return [row[0] for row in db.execute("SELECT action FROM audit ORDER BY id")]
