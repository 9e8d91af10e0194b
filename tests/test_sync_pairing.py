"""Pairing counters and carrying change sets between them, on two (or three) real files through
the command line, with the engine that applies them (services/sync_apply.py)."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.store.database import Database
from tests.conftest import ADMIN_PASSWORD
from tests.stays_helpers import add_person


def futasato(path, *args) -> int:
    return main(["--db", str(path), "--lang", "en", *args])


@pytest.fixture
def main_office(admin, db_path, monkeypatch):
    add_person(admin)
    admin.db.close()
    monkeypatch.setenv("FUTASATO_CLERK", "admin")
    monkeypatch.setenv("FUTASATO_PASSWORD", ADMIN_PASSWORD)
    return db_path


def _invite(path, stick, capsys):
    assert futasato(path, "sync", "invite", "--out", str(stick)) == 0
    out = capsys.readouterr().out
    secret = re.search(r"([A-Z2-7]{4}(?:-[A-Z2-7]{4}){5})", out).group(1)
    fingerprint = re.search(r"fingerprint[^:]*: ([A-Z2-7-]{19})", out).group(1)
    return Path(out.splitlines()[0]), secret, fingerprint


def _join(branch, invitation, secret, counter, monkeypatch, capsys):
    monkeypatch.setenv("FUTASATO_INVITE_SECRET", secret)
    code = futasato(branch, "sync", "join", str(invitation), "--counter", str(counter))
    out, err = capsys.readouterr()
    reply = re.search(r"(\S+joined-\S+\.zip)", out)
    return code, out + err, reply and reply.group(1)


@pytest.fixture
def paired(main_office, tmp_path, monkeypatch, capsys):
    stick = tmp_path / "stick"
    stick.mkdir()
    invitation, secret, fingerprint = _invite(main_office, stick, capsys)
    branch = tmp_path / "branch.sqlite"
    code, out, reply = _join(branch, invitation, secret, 1, monkeypatch, capsys)
    assert code == 0, out
    assert fingerprint in out  # the inviter's, shown at the new counter to compare
    assert futasato(main_office, "sync", "import", reply) == 0
    assert "paired" in capsys.readouterr().out
    return main_office, branch, stick


def _peers(path, capsys) -> list[dict]:
    assert futasato(path, "sync", "peers", "--json") == 0
    return json.loads(capsys.readouterr().out)


def _edit(path, phone: str, capsys) -> None:
    assert futasato(path, "registrants", "edit", "1", "--phone", phone) == 0
    capsys.readouterr()


def _phone(path) -> str:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT phone FROM registrants WHERE id = 1").fetchone()[0]
    finally:
        connection.close()


def test_invite_and_join_pair_the_two_counters(paired, capsys):
    main_office, branch, _stick = paired
    main_peer, = _peers(main_office, capsys)
    branch_peer, = _peers(branch, capsys)
    assert main_peer["counter"] == 1 and branch_peer["counter"] == 0
    db = Database(branch)
    try:
        office = db.office.get()
        assert office["counter"] == 1 and office["terminal_id"] == main_peer["terminal"]
        assert db.registrants.get(1)["family_name"] == "佐藤"  # the register came along
        assert db.execute("SELECT count(*) FROM key_slots WHERE key_id NOT IN"
                          " (SELECT id FROM exchange_keys)").fetchone()[0] == 0
        own_key = db.exchange_keys.active("signing")
    finally:
        db.close()
    assert own_key["fingerprint"] == main_peer["fingerprint"] != branch_peer["fingerprint"]


def test_a_wrong_secret_or_a_changed_byte_is_refused_and_sets_nothing_up(
        main_office, tmp_path, monkeypatch, capsys):
    stick = tmp_path / "stick"
    stick.mkdir()
    invitation, secret, _ = _invite(main_office, stick, capsys)
    branch = tmp_path / "branch.sqlite"
    wrong = "AAAA-" + secret[5:]
    code, out, _reply = _join(branch, invitation, wrong, 1, monkeypatch, capsys)
    assert code == 4 and "secret" in out and not branch.exists()
    data = bytearray(invitation.read_bytes())
    data[len(data) // 2] ^= 1
    invitation.write_bytes(bytes(data))
    code, out, _reply = _join(branch, invitation, secret, 1, monkeypatch, capsys)
    assert code == 4 and "signature" in out and not branch.exists()


def test_a_wrong_password_at_join_leaves_no_file(main_office, tmp_path, monkeypatch, capsys):
    invitation, secret, _ = _invite(main_office, tmp_path, capsys)
    monkeypatch.setenv("FUTASATO_PASSWORD", "not-the-password")
    code, _out, _reply = _join(tmp_path / "b.sqlite", invitation, secret, 1, monkeypatch, capsys)
    assert code == 5 and not list(tmp_path.glob("b.sqlite*"))


def test_counter_zero_and_a_number_in_use_are_refused(paired, tmp_path, monkeypatch, capsys):
    main_office, _branch, _stick = paired
    second = tmp_path / "second"
    second.mkdir()
    invitation, secret, _ = _invite(main_office, second, capsys)
    for taken in (0, 1):
        code, _out, _reply = _join(tmp_path / f"c{taken}.sqlite", invitation, secret, taken,
                                   monkeypatch, capsys)
        assert code == 3, taken
        assert not (tmp_path / f"c{taken}.sqlite").exists()


def test_an_edit_travels_once_and_the_same_package_again_changes_nothing(paired, capsys):
    main_office, branch, stick = paired
    _edit(main_office, "090-1111-2222", capsys)
    assert futasato(main_office, "sync", "export", "--to", "1", "--out", str(stick)) == 0
    package = capsys.readouterr().out.splitlines()[0]
    assert _phone(branch) == ""
    assert futasato(branch, "--json", "sync", "import", package) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["applied"] == 1 and _phone(branch) == "090-1111-2222"
    before = Database(branch)
    counts = {k: v for k, v in before.table_counts().items() if k not in ("audit",
                                                                          "change_writes")}
    before.close()
    assert futasato(branch, "--json", "sync", "import", package) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["applied"] == 0 and again["already_had"] == first["changes"]
    after = Database(branch)
    assert {k: v for k, v in after.table_counts().items()
            if k not in ("audit", "change_writes")} == counts
    after.close()
    branch_peer, = _peers(branch, capsys)
    assert branch_peer["applied_here"] >= 1 and branch_peer["last_import_at"]


def test_an_older_package_is_a_replay_and_refused(paired, capsys):
    main_office, branch, stick = paired
    written = []
    for phone in ("090-1111-0001", "090-1111-0002"):
        _edit(main_office, phone, capsys)
        assert futasato(main_office, "sync", "export", "--to", "1", "--out", str(stick)) == 0
        written.append(capsys.readouterr().out.splitlines()[0])
    assert futasato(branch, "sync", "import", written[1]) == 0
    capsys.readouterr()
    assert futasato(branch, "sync", "import", written[0]) == 4
    assert "replay" in capsys.readouterr().err
    assert _phone(branch) == "090-1111-0002"


def test_a_package_from_an_unpaired_counter_is_refused(paired, tmp_path, monkeypatch, capsys):
    main_office, _branch, stick = paired
    invitation, secret, _ = _invite(main_office, stick, capsys)
    third = tmp_path / "third.sqlite"
    code, _out, _reply = _join(third, invitation, secret, 2, monkeypatch, capsys)
    assert code == 0  # its reply never reaches the main office: it is not paired there
    _edit(third, "090-3333-4444", capsys)
    assert futasato(third, "sync", "export", "--to", "0", "--out", str(stick)) == 0
    package = capsys.readouterr().out.splitlines()[0]
    assert futasato(main_office, "sync", "import", package) == 4
    assert "paired" in capsys.readouterr().err
    assert _phone(main_office) == ""


def test_edits_on_both_counters_cross_over_and_both_end_equal(paired, capsys):
    main_office, branch, stick = paired
    _edit(main_office, "090-5555-0000", capsys)
    assert futasato(branch, "registrants", "edit", "1", "--email", "hanako@example.jp") == 0
    capsys.readouterr()
    packages = []
    for source, peer in ((main_office, "1"), (branch, "0")):
        assert futasato(source, "sync", "export", "--to", peer, "--out", str(stick)) == 0
        packages.append(capsys.readouterr().out.splitlines()[0])
    assert futasato(branch, "sync", "import", packages[0]) == 0
    assert futasato(main_office, "sync", "import", packages[1]) == 0
    capsys.readouterr()
    rows = []
    for path in (main_office, branch):
        connection = sqlite3.connect(path)
        rows.append(connection.execute("SELECT uuid, phone, email, version FROM registrants"
                                       " ORDER BY uuid").fetchall())
        connection.close()
    assert rows[0] == rows[1] and rows[0][0][1:3] == ("090-5555-0000", "hanako@example.jp")
    main_peer, = _peers(main_office, capsys)
    assert main_peer["acknowledged_ours"] >= 1  # the branch's package said what it holds
