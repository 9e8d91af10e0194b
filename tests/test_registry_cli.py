"""`futasato registrants …` for the registry: add, approve, search, show, revoke, renew, logs."""

from __future__ import annotations

import json

import pytest

from desktop_app.cli import main
from tests.accounts_helpers import add_account
from tests.conftest import ADMIN_PASSWORD

CLERK_PASSWORD = "clerk-pass-22"


@pytest.fixture
def town(admin, db_path, monkeypatch):
    for login, role in (("clerk1", "clerk"), ("super1", "supervisor")):
        add_account(admin, login, role, CLERK_PASSWORD, login)
    admin.db.close()
    monkeypatch.setenv("FUTASATO_PASSWORD", CLERK_PASSWORD)

    def run(clerk: str, *args: str) -> int:
        monkeypatch.setenv("FUTASATO_CLERK", clerk)
        if clerk == "admin":
            monkeypatch.setenv("FUTASATO_PASSWORD", ADMIN_PASSWORD)
        else:
            monkeypatch.setenv("FUTASATO_PASSWORD", CLERK_PASSWORD)
        return main(["--db", str(db_path), "--lang", "en", *args])
    return run


ADD = ("registrants", "add", "--family-name", "髙橋", "--given-name", "𠮷子",
       "--family-kana", "ﾀｶﾊｼ", "--given-kana", "よしこ", "--birth-date", "S50.4.1",
       "--postal-code", "150-0001", "--phone", "090-1234-5678")


def test_add_approve_search_show(town, capsys):
    assert town("clerk1", *ADD) == 0
    registrant_id = capsys.readouterr().out.strip()
    assert town("clerk1", "registrants", "approve", registrant_id) == 5  # clerks cannot approve
    assert town("super1", "registrants", "approve", registrant_id) == 0
    number = capsys.readouterr().out.strip()
    assert number.startswith("R") and number.endswith("-000001")
    assert town("clerk1", "registrants", "search", "たかはし", "--json") == 0
    hits = json.loads(capsys.readouterr().out)
    assert [(h["registrant_no"], h["given_name"]) for h in hits] == [(number, "𠮷子")]
    assert town("clerk1", "registrants", "find", "1234-5678", "--json") == 0
    assert json.loads(capsys.readouterr().out)[0]["id"] == int(registrant_id)
    assert town("clerk1", "registrants", "show", number, "--json") == 0
    assert json.loads(capsys.readouterr().out)["home_municipality_code"] == "131130"


def test_duplicates_refuse_the_add_unless_allowed(town, capsys):
    assert town("clerk1", *ADD) == 0
    assert town("clerk1", *ADD) == 3
    assert "--allow-duplicate" in capsys.readouterr().out
    assert town("clerk1", *ADD, "--allow-duplicate") == 0


def test_revoke_renew_and_refusals(town, capsys):
    town("clerk1", *ADD)
    town("super1", "registrants", "approve", "1")
    assert town("super1", "registrants", "revoke", "1") == 2  # --reason is required
    assert town("clerk1", "registrants", "renew", "1") == 0
    assert town("super1", "registrants", "revoke", "1", "--reason", "虚偽の申請") == 0
    assert town("clerk1", "registrants", "renew", "1") == 3
    assert town("clerk1", "registrants", "show", "R9-999999") == 3


def test_involvement_and_consultations(town, capsys):
    town("clerk1", *ADD)
    assert town("clerk1", "registrants", "involvement", "add", "1", "--kind", "donation",
                "--date", "2025-05-01", "--yen", "10000", "--receipt", "No.12") == 0
    assert town("clerk1", "registrants", "involvement", "add", "1", "--kind", "stay",
                "--date", "2025-05-01") == 3  # a stay needs its nights
    assert town("clerk1", "registrants", "consultations", "add", "--registrant", "1",
                "--date", "2025-05-01", "--channel", "counter", "--topics", "housing,work",
                "--follow-up", "2025-05-10") == 0
    capsys.readouterr()
    assert town("clerk1", "registrants", "consultations", "due", "--until", "2025-05-31",
                "--json") == 0
    due = json.loads(capsys.readouterr().out)
    assert [(d["registrant_id"], d["topics"]) for d in due] == [(1, "housing,work")]
