"""The partner shops' check file without a browser: who may write it, what it holds and hides."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from desktop_app.cli import main
from desktop_app.domain.errors import PermissionDenied
from desktop_app.services import registry_status
from desktop_app.services.shop_check import last_written, seal_name, write_shop_check
from tests.conftest import ADMIN_PASSWORD
from tests.printing_helpers import register_people, supervisor_of


def town_data(html: bytes) -> dict:
    block = re.search(rb'<script type="application/json" id="town-data">(.*?)</script>', html,
                      re.S)
    return json.loads(block.group(1))


def test_it_holds_keys_and_revocations_and_no_name_in_clear(admin, clerk, db):
    ids = register_people(clerk, supervisor_of(admin), count=3)
    registry_status.revoke(supervisor_of(admin), ids[1], "転出")
    html = write_shop_check(supervisor_of(admin), today=date(2026, 12, 3))
    data = town_data(html)
    assert data["revoked"]["C"] == [db.registrants.get(ids[1])["card_code"].upper()]
    assert len(data["holders"]["sealed"]) == 2 and len(data["keys"]) == 1
    assert "取消情報: 令和8年12月3日現在" in html.decode("utf-8")
    for name in ("𠮷田", "髙橋", "齋藤", "太郎"):
        assert name not in html.decode("utf-8")
    written = last_written(db)
    assert (written["made_on"], written["by"], written["cardholders"]) == ("2026-12-03",
                                                                           "super1", 2)
    [row] = [r for r in db.audit.recent(20) if r["action"] == "card.shop_check"]
    assert '"revoked": 1' in row["after_json"]


def test_a_sealed_name_opens_only_with_its_card_code():
    salt = bytes(16)
    lookup, sealed = seal_name("ABCDE-FGHJK", "𠮷田　太郎", salt)
    assert seal_name("ABCDE-FGHJK", "𠮷田　太郎", salt) == (lookup, sealed)
    assert seal_name("ABCDE-FGHJL", "𠮷田　太郎", salt)[0] != lookup
    assert seal_name("ABCDE-FGHJK", "𠮷田　太郎", bytes([1]) * 16)[0] != lookup


def test_a_counter_clerk_may_not_write_it(clerk, db_path, tmp_path, monkeypatch):
    with pytest.raises(PermissionDenied):
        write_shop_check(clerk)
    monkeypatch.setenv("FUTASATO_CLERK", "admin")
    monkeypatch.setenv("FUTASATO_PASSWORD", ADMIN_PASSWORD)
    out = tmp_path / "shop-check.html"
    assert main(["--db", str(db_path), "keys", "verifier", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"<!DOCTYPE html>")
