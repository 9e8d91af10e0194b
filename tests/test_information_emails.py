"""情報提供: the e-mail CSV holds only those who consented; nobody else ever appears in it."""

from __future__ import annotations

import csv
import io

import pytest

from desktop_app.cli import main
from desktop_app.domain.application import Application
from desktop_app.domain.errors import PermissionDenied, RuleRefused
from desktop_app.services import registry_status
from desktop_app.services.information_mailing import information_emails
from desktop_app.services.registration import register
from tests.conftest import ADMIN_PASSWORD
from tests.printing_helpers import TODAY, supervisor_of

PEOPLE = (("𠮷田", "yoshida@example.jp", True), ("髙橋", "takahashi@example.jp", False),
          ("=HYPERLINK(\"http://x\")", "+cmd@example.jp", True), ("佐藤", "", True))


@pytest.fixture
def people(admin, clerk) -> list[int]:
    ids = []
    for family, email, consent in PEOPLE:
        registrant_id = register(clerk, Application(
            family_name=family, given_name="花子", family_kana="ヨシダ", given_kana="ハナコ",
            birth_date="1980-04-01", kind="furusato", tier="basic", postal_code="150-0001",
            address="1-2-3", phone="090-1111-2222", email=email, consent_newsletter=consent),
            today=TODAY)
        registry_status.approve(supervisor_of(admin), registrant_id, today=TODAY)
        ids.append(registrant_id)
    return ids


def rows(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_only_those_who_consented_and_have_an_address(admin, people, db):
    mailing = information_emails(supervisor_of(admin), status="登録")
    table = rows(mailing.csv)
    assert table[0] == ["登録番号", "氏名", "メールアドレス"]
    assert [row[2] for row in table[1:]] == ["yoshida@example.jp", "'+cmd@example.jp"]
    assert "takahashi" not in mailing.csv.decode("utf-8-sig")  # no consent: never written
    assert table[1][1] == "𠮷田　花子"
    assert table[2][1].startswith("'=HYPERLINK")  # a spreadsheet shows it, never runs it
    assert (mailing.rows, mailing.left_out) == (2, 2)
    [row] = [r for r in db.audit.recent(20) if r["action"] == "registrant.export_emails"]
    assert f"[{people[0]}, {people[2]}]" in row["after_json"]


def test_naming_someone_without_consent_is_refused_and_writes_nothing(admin, people, db):
    before = db.audit.count()
    with pytest.raises(RuleRefused) as refused:
        information_emails(supervisor_of(admin), ["R7-000001", "R7-000002"])
    assert "R7-000002" in refused.value.message
    assert db.audit.count() == before


def test_a_counter_clerk_may_not_export_addresses(clerk, people):
    with pytest.raises(PermissionDenied):
        information_emails(clerk, status="登録")


def test_cli(people, db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("FUTASATO_CLERK", "admin")
    monkeypatch.setenv("FUTASATO_PASSWORD", ADMIN_PASSWORD)
    out = tmp_path / "emails.csv"
    base = ["--db", str(db_path), "print", "emails", "--out", str(out)]
    assert main([*base, "--registrant", "R7-000002"]) == 3 and not out.exists()
    assert main([*base, "--status", "登録"]) == 0
    assert len(rows(out.read_bytes())) == 3
