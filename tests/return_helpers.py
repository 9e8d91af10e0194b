"""Town and prefecture files for the GUI tests of the 報告 and prefecture pages: a town with
sample people dated around 2025Q1, a prefecture made by `prefecture init`, and real packages
written by the town's own export."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from desktop_app import cli
from desktop_app.domain.quarters import FiscalQuarter
from desktop_app.services import exchange_keys, trust
from desktop_app.services.demo import fill_demo
from desktop_app.services.office_setup import set_up_office
from desktop_app.services.return_export import export_return
from desktop_app.services.sign_in import sign_in
from desktop_app.store.database import Database
from tests.conftest import ADMIN_PASSWORD

Q1 = FiscalQuarter(2025, 1)
SAMPLE_DAY = date(2025, 8, 1)  # the sample people are dated up to here: 2025Q1 is full


def make_town(path: Path, code: str = "042021", office: str = "石巻市役所 本庁", *,
              people: int = 40, seed: int = 1) -> Path:
    admin = set_up_office(Database(path), municipality_code=code, office_name=office,
                          admin_login="admin", admin_password=ADMIN_PASSWORD,
                          admin_name="管理 太郎")
    fill_demo(admin, registrants=people, seed=seed, today=SAMPLE_DAY)
    admin.db.close()
    return path


def make_prefecture(folder: Path) -> tuple[Path, bytes]:
    """宮城県's file and the certificate it hands its towns."""
    path, pem = folder / "pref.sqlite", folder / "pref.pem"
    os.environ["FUTASATO_CLERK"], os.environ["FUTASATO_PASSWORD"] = "admin", ADMIN_PASSWORD
    try:
        assert cli.main(["--db", str(path), "prefecture", "init", "--municipality-code",
                         "040002", "--office", "宮城県", "--admin", "admin"]) == 0
        assert cli.main(["--db", str(path), "keys", "export", "--out", str(pem)]) == 0
    finally:
        del os.environ["FUTASATO_CLERK"], os.environ["FUTASATO_PASSWORD"]
    return path, pem.read_bytes()


def export_town(town: Path, prefecture_pem: bytes, out_dir: Path) -> tuple[Path, bytes]:
    """The town takes the prefecture's certificate and exports 2025Q1 with its rows; returns
    the package and the town's public exchange key."""
    db = Database(town)
    try:
        admin = sign_in(db, "admin", ADMIN_PASSWORD)
        trust.import_prefecture(admin, prefecture_pem)
        exported = export_return(admin, Q1, out_dir, password=ADMIN_PASSWORD, with_rows=True)
        return exported.zip_path, exchange_keys.exchange_public_key_pem(db)
    finally:
        db.close()


def trust_towns(prefecture: Path, keys: dict[str, bytes]) -> None:
    db = Database(prefecture)
    try:
        admin = sign_in(db, "admin", ADMIN_PASSWORD)
        for code, pem in keys.items():
            trust.trust_town(admin, pem, code)
    finally:
        db.close()
