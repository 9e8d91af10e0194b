"""The command line obeys the window's rules: reads sign in and are audited, a file that is no
database is one line and exit 3, an unexpected error names its log file, `registrants edit`."""

from __future__ import annotations

import json
import os
import pkgutil
import subprocess
import sys
from datetime import date, timedelta
from importlib import import_module
from pathlib import Path

import pytest

import desktop_app
from desktop_app.cli import main
from desktop_app.domain.errors import FutasatoError
from desktop_app.domain.policy import SIGN_IN_MAX_FAILURES
from desktop_app.services.consultations import record_consultation
from desktop_app.services.house_matching import WishInput, save_wish
from desktop_app.services.policy import change_setting
from desktop_app.services.stays import book
from tests.accounts_helpers import add_account
from tests.stays_helpers import add_person, facility  # noqa: F401 - the facility fixture

CLERK_PASSWORD = "clerk-pass-22"
TODAY = date.today()


@pytest.fixture
def town(admin, facility, db_path, monkeypatch):  # noqa: F811 - the fixture imported above
    """A person with a follow-up due, a stay starting today and a house wish; clerk1 signs in."""
    add_account(admin, "clerk1", "clerk", CLERK_PASSWORD, "窓口 一郎")
    person = add_person(admin)
    record_consultation(admin, person, TODAY.isoformat(), "counter", ["housing"],
                        follow_up_on=TODAY.isoformat())
    book(admin, facility_id=facility, registrant=person, check_in=TODAY,
         check_out=TODAY + timedelta(days=2))
    save_wish(admin, str(person), WishInput(areas=("北上",)))
    change_setting(admin, SIGN_IN_MAX_FAILURES, 50)  # the tests try many wrong passwords
    admin.db.close()
    monkeypatch.setenv("FUTASATO_CLERK", "clerk1")
    monkeypatch.setenv("FUTASATO_PASSWORD", CLERK_PASSWORD)
    return person


def futasato(db_path, *args) -> int:
    return main(["--db", str(db_path), "--lang", "en", *args])


def audit_rows(db_path, action: str) -> list[dict]:
    from desktop_app.store.database import Database

    db = Database(db_path)
    try:
        return [dict(r) for r in db.execute(
            "SELECT clerk, action, entity, entity_id, after_json FROM audit WHERE action = ?",
            (action,))]
    finally:
        db.close()


# Each read that shows personal data, the audit action it writes, and its exit code.
READS = {
    "registrants show": (("registrants", "show", "1"), "registrant.view", 0),
    "registrants find": (("registrants", "find", "サトウ"), "registrant.list", 0),
    "registrants candidates": (("registrants", "candidates", "dual"), "registrant.list", 0),
    "consultations due": (("registrants", "consultations", "due"), "consultation.list", 0),
    "bookings today": (("bookings", "today"), "booking.list", 0),
    "registrants list": (("registrants", "list"), "registrant.list", 0),
    "bookings list": (("bookings", "list"), "booking.list", 0),
    "houses list": (("houses", "list"), "house.list", 0),
    "houses for": (("houses", "for", "1"), "house.list", 0),
    "verify-card": (("verify-card", "FT1.042021.C.X.0.-.AAAA"), "card.verify", 4),
    "audit list": (("audit", "list"), "audit.list", 5),  # a counter clerk may not read it
}


def test_a_read_without_a_password_or_with_a_wrong_one_is_refused_with_5(
        town, db_path, monkeypatch, capsys):
    for name, (args, action, _code) in READS.items():
        monkeypatch.delenv("FUTASATO_PASSWORD")
        assert futasato(db_path, *args) == 5, name
        monkeypatch.setenv("FUTASATO_PASSWORD", "not-the-password")
        assert futasato(db_path, *args) == 5, name
        out, err = capsys.readouterr()
        assert out == "" and "FUTASATO_PASSWORD" in err and "wrong" in err, name
        assert audit_rows(db_path, action) == [], name
        monkeypatch.setenv("FUTASATO_PASSWORD", CLERK_PASSWORD)


def test_each_read_writes_one_audit_row_naming_the_clerk(town, db_path, capsys):
    for name, (args, action, code) in READS.items():
        earlier = len(audit_rows(db_path, action))
        capsys.readouterr()
        assert futasato(db_path, *args) == code, name
        added = [row["clerk"] for row in audit_rows(db_path, action)][earlier:]
        if code == 5:  # refused before anything was shown: nothing to audit
            assert added == [] and capsys.readouterr().out == "", name
        else:
            assert added == ["clerk1"], name


def test_the_audit_row_says_whose_data_was_shown(town, db_path, capsys):
    assert futasato(db_path, "registrants", "show", "1") == 0
    assert futasato(db_path, "--json", "registrants", "find", "サトウ") == 0
    assert futasato(db_path, "houses", "for", "1") == 0
    view, = audit_rows(db_path, "registrant.view")
    assert (view["entity"], view["entity_id"]) == ("registrant", str(town))
    search, = audit_rows(db_path, "registrant.list")
    assert json.loads(search["after_json"]) == {"list": "search", "shown": 1, "ids": [town]}
    assert "サトウ" not in search["after_json"]  # what was typed is not kept
    wish, = audit_rows(db_path, "house.list")
    assert json.loads(wish["after_json"])["registrant_id"] == town


def test_registrants_list_and_bookings_list_show_and_note_their_rows(town, db_path, capsys):
    assert futasato(db_path, "--json", "registrants", "list") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["total"] == 1 and [r["id"] for r in shown["registrants"]] == [town]
    assert futasato(db_path, "registrants", "list", "--status", "registered") == 0
    assert capsys.readouterr().out.strip() == "0 of 0 shown."
    listed = [json.loads(r["after_json"]) for r in audit_rows(db_path, "registrant.list")]
    assert [(a["list"], a["ids"]) for a in listed] == [("registry", [town]), ("registry", [])]
    assert futasato(db_path, "--json", "bookings", "list") == 0
    [booking] = json.loads(capsys.readouterr().out)
    assert (booking["check_in"], booking["family_name"]) == (TODAY.isoformat(), "佐藤")
    later = (TODAY + timedelta(days=10)).isoformat()
    assert futasato(db_path, "bookings", "list", "--from", later) == 0
    assert capsys.readouterr().out.strip() == "No bookings in this period."
    assert futasato(db_path, "bookings", "list", "--from", later, "--to", TODAY.isoformat()) == 3
    periods = [json.loads(r["after_json"]) for r in audit_rows(db_path, "booking.list")]
    assert [(p["list"], p["ids"]) for p in periods] == [("period", [booking["id"]]),
                                                         ("period", [])]


def test_an_administrator_reading_the_trail_is_audited_too(town, db_path, monkeypatch, capsys):
    from tests.conftest import ADMIN_PASSWORD

    monkeypatch.setenv("FUTASATO_CLERK", "admin")
    monkeypatch.setenv("FUTASATO_PASSWORD", ADMIN_PASSWORD)
    assert futasato(db_path, "audit", "list", "--action", "booking.") == 0
    assert futasato(db_path, "clerk", "list") == 0
    audit, = audit_rows(db_path, "audit.list")
    assert audit["clerk"] == "admin" and json.loads(audit["after_json"])["filter"]["action"] == (
        "booking.")
    assert [row["clerk"] for row in audit_rows(db_path, "clerk.list")] == ["admin"]


def test_facilities_list_shows_no_one_and_needs_no_sign_in(town, db_path, monkeypatch, capsys):
    monkeypatch.delenv("FUTASATO_CLERK")
    assert futasato(db_path, "facilities", "list") == 0
    assert "お試し住宅" in capsys.readouterr().out


def _text_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("これはデータベースではありません\n", encoding="utf-8")
    return path


def _truncated_file(tmp_path, office):
    path = tmp_path / "truncated.sqlite"
    path.write_bytes(office.read_bytes()[:20_000])
    return path


def _unmakeable_folder(tmp_path):
    (tmp_path / "a-file").write_text("x")
    return tmp_path / "a-file" / "town" / "futasato.sqlite"  # a folder cannot sit in a file


@pytest.mark.parametrize("kind", ["text", "truncated", "folder", "unmakeable folder", "missing"])
def test_a_file_that_is_no_futasato_database_is_one_line_and_exit_3(
        kind, town, db_path, tmp_path, monkeypatch, capsys):
    path = {"text": lambda: _text_file(tmp_path),
            "truncated": lambda: _truncated_file(tmp_path, db_path),
            "folder": lambda: tmp_path,
            "unmakeable folder": lambda: _unmakeable_folder(tmp_path),
            "missing": lambda: tmp_path / "typo" / "futasato.sqlite"}[kind]()
    assert main(["--db", str(path), "--lang", "en", "registrants", "find", "サトウ"]) == 3
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and str(path) in err
    assert "Traceback" not in err and "sqlite3" not in err
    assert not (tmp_path / "typo").exists()  # a mistyped path does not become a new office


def test_a_page_found_damaged_during_a_read_is_one_line_and_exit_3(town, db_path, capsys):
    import sqlite3

    with sqlite3.connect(db_path) as connection:  # the file opens; one index's page is bad
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'registrants_kana'").fetchone()[0]
    with db_path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\x0d" + b"\xff" * 200)
    assert futasato(db_path, "registrants", "find", "サトウ") == 3
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "futasato check" in err


def test_init_in_a_folder_that_cannot_be_made_is_refused_with_exit_3(tmp_path, capsys,
                                                                     monkeypatch):
    monkeypatch.setenv("FUTASATO_PASSWORD", "admin-pass-1")
    path = _unmakeable_folder(tmp_path)
    assert main(["--db", str(path), "--lang", "en", "init", "--municipality-code", "042021",
                 "--office", "石巻市役所", "--admin", "admin"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is not a Futasato database" in err


def _run(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop_app", "--lang", "en", *args],
                          capture_output=True, text=True, env=env, timeout=120)


def test_as_a_process_a_text_file_is_exit_3_without_a_traceback(tmp_path):
    env = {**os.environ, "FUTASATO_CLERK": "clerk1", "FUTASATO_PASSWORD": CLERK_PASSWORD}
    result = _run("--db", str(_text_file(tmp_path)), "registrants", "find", "佐藤", env=env)
    assert result.returncode == 3 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_an_unexpected_error_is_one_line_naming_the_log_that_holds_the_traceback(
        town, db_path, tmp_path):
    from desktop_app.store.database import Database

    db = Database(db_path)  # a file someone "repaired" with a database browser
    db.execute("DROP TABLE consultations")
    db.close()
    env = {**os.environ, "FUTASATO_CLERK": "clerk1", "FUTASATO_PASSWORD": CLERK_PASSWORD,
           "XDG_STATE_HOME": str(tmp_path / "state"), "LOCALAPPDATA": str(tmp_path / "state")}
    result = _run("--db", str(db_path), "registrants", "consultations", "due", env=env)
    assert result.returncode == 3 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    log = next(word for word in result.stderr.split() if word.endswith(".log"))
    assert os.path.isfile(log) and log.startswith(str(tmp_path / "state"))
    text = Path(log).read_text(encoding="utf-8")
    assert "Traceback" in text and "no such table" in text and "consultations" in text
    assert "command: futasato registrants consultations due" in text


def test_no_error_of_ours_exits_outside_the_documented_codes():
    for module in pkgutil.walk_packages(desktop_app.__path__, "desktop_app."):
        if ".ui" not in module.name and module.name != "desktop_app.__main__":
            import_module(module.name)
    pending, seen = [FutasatoError], []
    while pending:
        error = pending.pop()
        seen.append(error)
        pending += error.__subclasses__()
    assert len(seen) > 5
    assert {error.__name__: error.exit_code for error in seen
            if error.exit_code not in (2, 3, 4, 5)} == {}


def test_registrants_edit_changes_the_fields_and_audits_before_and_after(town, db_path,
                                                                        capsys):
    assert futasato(db_path, "--json", "registrants", "edit", "1", "--phone", "090-2222-3333",
                    "--email", "hanako@example.jp", "--address", "北上町 2-3",
                    "--newsletter") == 0
    record = json.loads(capsys.readouterr().out)
    assert (record["phone"], record["email"], record["address"], record["consent_newsletter"]) \
        == ("090-2222-3333", "hanako@example.jp", "北上町 2-3", 1)
    assert record["family_name"] == "佐藤" and "name_key" not in record
    update, = audit_rows(db_path, "registrant.update")
    assert update["clerk"] == "clerk1" and update["entity_id"] == str(town)
    from desktop_app.store.database import Database

    db = Database(db_path)
    try:
        before, after = db.execute("SELECT before_json, after_json FROM audit WHERE action = "
                                   "'registrant.update'").fetchone()
    finally:
        db.close()
    assert json.loads(before)["phone"] == "" and json.loads(after)["phone"] == "090-2222-3333"
    assert json.loads(after)["email"] == "hanako@example.jp"


def test_registrants_edit_refuses_naming_the_field_and_changes_nothing(town, db_path, capsys):
    assert futasato(db_path, "registrants", "edit", "1", "--email", "not-an-address",
                    "--phone", "090-2222-3333") == 3
    err = capsys.readouterr().err
    assert err.startswith("futasato: E-mail:") and err.count("\n") == 1
    assert futasato(db_path, "registrants", "edit", "1", "--birth-date", "2199-01-01") == 3
    assert "Birth date" in capsys.readouterr().err
    assert audit_rows(db_path, "registrant.update") == []
    assert futasato(db_path, "--json", "registrants", "show", "1") == 0
    assert json.loads(capsys.readouterr().out)["phone"] == ""


def test_help_is_still_translated(capsys):
    assert main(["--lang", "ja", "registrants", "edit", "--help"]) == 0
    japanese = capsys.readouterr().out
    assert main(["--lang", "en", "registrants", "edit", "--help"]) == 0
    english = capsys.readouterr().out
    assert "the rest of the address" in english and "the rest of the address" not in japanese
    assert "住所" in japanese
