"""Personal data: the full record for a disclosure request, and anonymising 抹消 people."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from desktop_app import cli
from desktop_app.domain.application import Application
from desktop_app.domain.errors import PermissionDenied
from desktop_app.domain.policy import ERASED_RETENTION_DAYS
from desktop_app.domain.roles import Role
from desktop_app.services.anonymise import anonymise_erased, due_for_anonymising
from desktop_app.services.audit_trail import record_view
from desktop_app.services.consultations import record_consultation
from desktop_app.services.disclosure import disclosure_record
from desktop_app.services.involvement import log_involvement
from desktop_app.services.policy import change_setting
from desktop_app.services.registration import register
from desktop_app.services.registry_status import erase
from desktop_app.services.session import Session
from desktop_app.store.audit import AuditQuery
from tests.accounts_helpers import add_account
from tests.conftest import ADMIN_PASSWORD


def _person(session, family="𠮷田", phone="090-1234-5678") -> int:
    return register(session, Application(
        family_name=family, family_kana="ヨシダ", given_name="花子", given_kana="ハナコ",
        birth_date="1987-11-07", kind="furusato", tier="basic", phone=phone,
        email="hanako@example.jp", postal_code="100-0001", prefecture="東京都", city="千代田区",
        address="千代田1-1"))


@pytest.fixture
def person(admin) -> int:
    registrant_id = _person(admin)
    log_involvement(admin, registrant_id, "donation", "2026-04-01", amount_yen=10000,
                    note="母の介護で帰省が多い")
    record_consultation(admin, registrant_id, "2026-05-01", "counter", ["housing"],
                        notes="空き家を探している")
    record_view(admin, registrant_id)
    return registrant_id


def _session(admin, role) -> Session:
    return Session(admin.db, clerk=f"{role.value}1", role=role, terminal=admin.terminal)


def test_disclosure_gathers_the_row_their_records_and_audit_rows(admin, person):
    record = disclosure_record(_session(admin, Role.SUPERVISOR), person)
    assert record["registrant"]["family_name"] == "𠮷田"
    assert "name_key" not in record["registrant"]
    assert record["records"]["involvement"][0]["amount_yen"] == 10000
    assert record["records"]["consultations"][0]["notes"] == "空き家を探している"
    actions = [row["action"] for row in record["audit"]]
    assert actions[:1] == ["registrant.register"] and "registrant.view" in actions
    assert "involvement.add" in actions and "consultation.add" in actions
    assert "my_number" not in json.dumps(record, default=str).lower()
    last = admin.db.audit.recent(1)[0]
    assert (last["action"], last["entity_id"], last["clerk"]) == (
        "registrant.disclosure", str(person), "supervisor1")


def test_a_counter_clerk_may_not_gather_a_disclosure_or_anonymise(admin, person):
    clerk = _session(admin, Role.CLERK)
    with pytest.raises(PermissionDenied):
        disclosure_record(clerk, person)
    with pytest.raises(PermissionDenied):
        anonymise_erased(clerk, 0)


def test_anonymise_after_the_retention_period_only(admin, person):
    keep = _person(admin, "佐藤", "080-1111-2222")
    erase(admin, person, "本人の申出")
    supervisor = _session(admin, Role.SUPERVISOR)
    assert anonymise_erased(supervisor) == []  # default retention: years, not today
    change_setting(admin, ERASED_RETENTION_DAYS, 30)
    later = datetime.now(UTC) + timedelta(days=31)
    assert due_for_anonymising(supervisor, now=later) == [person]
    assert anonymise_erased(supervisor, now=later) == [person]
    row = admin.db.registrants.get(person)
    assert row["family_name"] == "匿名" and row["given_name"] == "" and row["phone"] == ""
    assert row["email"] == "" and row["address"] == "" and row["birth_date"] == "1987-01-01"
    assert row["city"] == "千代田区" and row["status"] == "erased"
    assert row["name_key"] != admin.db.registrants.get(keep)["name_key"]
    assert "吉田" not in row["name_key"] and "1234" not in row["phone_digits"]
    involvement = disclosure_record(supervisor, person)["records"]
    assert involvement["involvement"][0]["note"] == ""
    assert involvement["involvement"][0]["amount_yen"] == 10000  # the figures stay
    assert involvement["consultations"][0]["notes"] == ""
    assert admin.db.registrants.get(keep)["family_name"] == "佐藤"
    audit_row = next(r for r in admin.db.audit.recent(5)
                     if r["action"] == "registrant.anonymise")
    assert "𠮷田" not in audit_row["after_json"] and str(person) in audit_row["after_json"]
    assert anonymise_erased(supervisor, now=later) == []  # already done: nothing again
    assert admin.db.audit.verify() is None


def test_anonymise_and_disclosure_commands(admin, person, monkeypatch, capsys, tmp_path):
    add_account(admin, "super1", Role.SUPERVISOR, "window-pass-22")
    erase(admin, person, "")
    path = str(admin.db.path)

    def futasato(*args, clerk="super1"):
        monkeypatch.setenv("FUTASATO_CLERK", clerk)
        monkeypatch.setenv("FUTASATO_PASSWORD",
                           ADMIN_PASSWORD if clerk == "admin" else "window-pass-22")
        code = cli.main(["--lang", "en", "--db", path, *args])
        return code, capsys.readouterr()

    code, out = futasato("--json", "anonymise", "--older-than", "0", "--dry-run")
    assert code == 0 and json.loads(out.out)["ids"] == [person]
    assert admin.db.registrants.get(person)["family_name"] == "𠮷田"
    code, out = futasato("disclosure", str(person), "--out", str(tmp_path / "d.json"))
    assert code == 0
    assert json.loads((tmp_path / "d.json").read_text())["registrant"]["family_name"] == "𠮷田"
    assert futasato("anonymise", "--older-than", "-1")[0] == 2
    code, out = futasato("anonymise", "--older-than", "0")
    assert code == 0 and "1" in out.out
    assert admin.db.registrants.get(person)["family_name"] == "匿名"


@pytest.mark.parametrize("args", [("anonymise", "--older-than", "0"),
                                  ("disclosure", "1", "--out", "{tmp}/d.json")])
def test_a_counter_clerk_is_refused_on_the_command_line(admin, person, monkeypatch, tmp_path,
                                                        args):
    add_account(admin, "clerk1", Role.CLERK, "window-pass-22")
    monkeypatch.setenv("FUTASATO_CLERK", "clerk1")
    monkeypatch.setenv("FUTASATO_PASSWORD", "window-pass-22")
    code = cli.main(["--db", str(admin.db.path), *(a.format(tmp=tmp_path) for a in args)])
    assert code == 5 and not (tmp_path / "d.json").exists()


def test_no_table_has_a_column_for_a_my_number(db):
    """個人番号 is never stored: the identity check records the document seen, not its number."""
    suspicious = []
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        for column in db.execute(f"PRAGMA table_info({table})"):
            name = column["name"].lower()
            if any(word in name for word in ("my_number", "mynumber", "individual_number",
                                             "kojin", "document_no", "document_number")):
                suspicious.append(f"{table}.{column['name']}")
    assert suspicious == []


def test_anonymising_removes_their_details_from_the_audit_trail_and_it_still_verifies(
        admin, person, tmp_path):
    keep = _person(admin, "佐藤", "080-1111-2222")
    erase(admin, person, "本人の申出")
    supervisor = _session(admin, Role.SUPERVISOR)
    about = [row["id"] for row in disclosure_record(supervisor, person)["audit"]]
    assert anonymise_erased(supervisor, 0, now=datetime.now(UTC) + timedelta(days=1)) == [person]
    trail = admin.db.execute("SELECT id, before_json, after_json, redacted FROM audit").fetchall()
    everything = " ".join(f"{row[1]} {row[2]}" for row in trail)
    for detail in ("𠮷田", "1234-5678", "介護", "空き家"):
        assert detail not in everything
    assert "佐藤" in everything  # the other person's rows keep their details
    redacted = {row[0] for row in trail if row[3]}
    assert about and set(about) <= redacted
    anonymisation = json.loads(admin.db.audit.recent(1)[0]["after_json"])
    assert sorted(anonymisation["audit_rows_redacted"]) == sorted(redacted)
    assert admin.db.audit.verify() is None
    # Who did what and when stays: the rows are still there, under the same ids.
    assert [row["action"] for row in admin.db.audit.search(
        AuditQuery(registrant_id=keep))] == ["registrant.register"]
    assert len(trail) == len({row[0] for row in trail})


def test_rows_written_before_schema_7_keep_their_details_and_still_verify(admin, person):
    """A file upgraded from schema 6 has rows chained over their details; they stay valid."""
    from desktop_app.store.audit import _digest

    rows = admin.db.execute("SELECT * FROM audit ORDER BY id").fetchall()
    prev = "0" * 64
    with admin.db.connection:  # rewrite the trail as schema 6 wrote it
        for row in rows:
            fields = [row[k] for k in ("at", "clerk", "terminal", "action", "entity",
                                       "entity_id", "before_json", "after_json")]
            digest = _digest(prev, fields)
            admin.db.execute("UPDATE audit SET details_hash = NULL, prev_hash = ?, hash = ?"
                             " WHERE id = ?", (prev, digest, row["id"]))
            prev = digest
        admin.db.execute("UPDATE settings SET value = json_object('id', ?, 'hash', ?)"
                         " WHERE key = 'audit.head'", (rows[-1]["id"], prev))
    assert admin.db.audit.verify() is None
    erase(admin, person, "本人の申出")
    supervisor = _session(admin, Role.SUPERVISOR)
    anonymise_erased(supervisor, 0, now=datetime.now(UTC) + timedelta(days=1))
    assert admin.db.audit.verify() is None
    old_rows = admin.db.execute("SELECT after_json FROM audit WHERE id <= ?",
                                (rows[-1]["id"],)).fetchall()
    assert any("𠮷田" in (row[0] or "") for row in old_rows)  # earlier rows cannot lose them
