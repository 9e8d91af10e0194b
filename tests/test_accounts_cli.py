"""`futasato clerk …` and `futasato audit …` as a script runs them: roles, exit codes, output."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys

import pytest

from desktop_app import cli
from desktop_app.domain.roles import Role
from tests.accounts_helpers import add_account
from tests.conftest import ADMIN_PASSWORD

PASSWORD = "window-pass-22"


@pytest.fixture
def staff(admin):
    add_account(admin, "clerk1", Role.CLERK, PASSWORD, "窓口 花子")
    add_account(admin, "super1", Role.SUPERVISOR, PASSWORD, "監督 次郎")
    return admin.db.path


@pytest.fixture
def run(staff, monkeypatch, capsys):
    """Run `futasato --db FILE …` in this process as `clerk`; returns (exit code, out, err)."""

    def futasato(*args, clerk="admin", password=None, new_password=None):
        monkeypatch.setenv("FUTASATO_CLERK", clerk)
        monkeypatch.setenv("FUTASATO_PASSWORD",
                           password or (ADMIN_PASSWORD if clerk == "admin" else PASSWORD))
        if new_password:
            monkeypatch.setenv("FUTASATO_NEW_PASSWORD", new_password)
        else:
            monkeypatch.delenv("FUTASATO_NEW_PASSWORD", raising=False)
        code = cli.main(["--lang", "en", "--db", str(staff), *map(str, args)])
        out = capsys.readouterr()
        return code, out.out, out.err

    return futasato


COMMANDS = {
    "clerk add": (("clerk", "add", "new1", "--name", "新人"), {"new_password": "new-pass-1234"}),
    "clerk list": (("--json", "clerk", "list"), {}),
    "clerk reset-password": (("clerk", "reset-password", "clerk1"),
                             {"new_password": "new-pass-1234"}),
    "clerk deactivate": (("clerk", "deactivate", "clerk1"), {}),
    "clerk set-role": (("clerk", "set-role", "clerk1", "supervisor"), {}),
    "audit verify": (("audit", "verify"), {}),
    "audit list": (("audit", "list"), {}),
    "audit export": (("audit", "export", "--csv", "{tmp}/a.csv"), {}),
}
ALLOWED = {
    "clerk1": set(),
    "super1": {"audit verify", "audit list", "audit export"},
    "admin": set(COMMANDS),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("who", ["clerk1", "super1", "admin"])
def test_each_role_allowed_and_refused(run, tmp_path, who, command):
    args, extra = COMMANDS[command]
    args = [a.format(tmp=tmp_path) for a in args]
    code, _out, err = run(*args, clerk=who, **extra)
    allowed = command in ALLOWED[who]
    assert code == (0 if allowed else 5), err
    if not allowed:
        assert "may not" in err


def test_new_clerk_can_sign_in_and_list_shows_no_hash(run):
    assert run("clerk", "add", "new1", "--role", "supervisor",
               new_password="new-pass-1234")[0] == 0
    assert run("clerk", "passwd", clerk="new1", password="new-pass-1234",
               new_password="own-pass-5678")[0] == 0
    code, out, _ = run("audit", "verify", clerk="new1", password="own-pass-5678")
    assert code == 0 and "intact" in out
    code, out, _ = run("--json", "clerk", "list")
    listed = json.loads(out)
    assert [c["login"] for c in listed] == ["admin", "clerk1", "new1", "super1"]
    assert "hash" not in out


def test_own_password_change(run):
    code, _, err = run("clerk", "passwd", clerk="clerk1", new_password="changed-pass-1")
    assert code == 0, err
    assert run("clerk", "passwd", clerk="clerk1", new_password="x-pass-12345")[0] == 5
    assert run("clerk", "passwd", clerk="clerk1", password="changed-pass-1",
               new_password="x-pass-12345")[0] == 0


def test_wrong_password_is_5_and_lock_out_names_the_time(run):
    for _ in range(4):
        code, _, err = run("audit", "verify", clerk="super1", password="wrong-wrong")
        assert code == 5 and "wrong" in err
    code, _, err = run("audit", "verify", clerk="super1", password="wrong-wrong")
    assert code == 5 and "locked" in err and "15 min" in err
    code, _, err = run("audit", "verify", clerk="super1")
    assert code == 5 and "locked" in err


def test_usage_errors_are_2(run, monkeypatch, staff):
    assert run("clerk", "add")[0] == 2
    assert run("audit")[0] == 2
    monkeypatch.delenv("FUTASATO_CLERK")
    assert cli.main(["--db", str(staff), "audit", "verify"]) == 5  # nobody is signed in
    assert run("audit", "list", "--limit", "0")[0] == 2


def test_refused_input_is_3(run):
    code, _, err = run("clerk", "add", "clerk1", new_password="new-pass-1234")
    assert code == 3 and "clerk1" in err
    assert run("clerk", "add", "new2", new_password="short")[0] == 3
    assert run("audit", "list", "--from", "R8.13.1")[0] == 3


def test_verify_is_4_naming_the_first_bad_row(run, staff):
    with sqlite3.connect(staff) as raw:
        target = raw.execute("SELECT id FROM audit WHERE action = 'clerk.create'").fetchone()[0]
        raw.execute("UPDATE audit SET after_json = '{}' WHERE id = ?", (target,))
    code, out, err = run("audit", "verify", clerk="super1")
    assert code == 4 and f"row {target}" in err and out == ""


def test_list_and_export_filters(run, tmp_path):
    run("audit", "verify", clerk="super1", password="wrong-wrong")
    code, out, _ = run("--json", "audit", "list", "--clerk", "super1", "--action", "sign_in.")
    rows = json.loads(out)["rows"]
    # newest first: the failure, then the sign-in at which super1 chose their own password
    assert code == 0 and [r["action"] for r in rows] == ["sign_in.failed", "sign_in.ok"]
    out_file = tmp_path / "sign-ins.csv"
    code, _, _ = run("audit", "export", "--csv", out_file, "--action", "sign_in.failed",
                     "--from", "2020-01-01")
    with out_file.open(encoding="utf-8-sig") as handle:
        assert [r["clerk"] for r in csv.DictReader(handle)] == ["super1"]


def test_a_real_process_reports_a_broken_chain_with_exit_4(staff, tmp_path):
    with sqlite3.connect(staff) as raw:
        raw.execute("DELETE FROM audit WHERE id = 2")
    env = {"FUTASATO_CLERK": "admin", "FUTASATO_PASSWORD": ADMIN_PASSWORD, "PATH": "/usr/bin"}
    result = subprocess.run([sys.executable, "-m", "desktop_app", "--lang", "en", "--db",
                             str(staff), "audit", "verify"], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 4 and "row 3" in result.stderr
