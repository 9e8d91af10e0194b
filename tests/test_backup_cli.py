"""`futasato backup` and `futasato restore` as a script runs them."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from desktop_app import cli
from desktop_app.domain.roles import Role
from tests.accounts_helpers import add_account
from tests.conftest import ADMIN_PASSWORD

PASSWORD = "window-pass-22"
PASSPHRASE = "long enough passphrase"


@pytest.fixture
def run(admin, monkeypatch, capsys):
    add_account(admin, "clerk1", Role.CLERK, PASSWORD)
    add_account(admin, "super1", Role.SUPERVISOR, PASSWORD)
    path = admin.db.path
    admin.db.close()  # the command is the only one with the file open, as at a real counter

    def futasato(*args, clerk="admin", passphrase=None):
        monkeypatch.setenv("FUTASATO_CLERK", clerk)
        monkeypatch.setenv("FUTASATO_PASSWORD", ADMIN_PASSWORD if clerk == "admin" else PASSWORD)
        if passphrase is None:
            monkeypatch.delenv("FUTASATO_BACKUP_PASSPHRASE", raising=False)
        else:
            monkeypatch.setenv("FUTASATO_BACKUP_PASSPHRASE", passphrase)
        code = cli.main(["--lang", "en", "--db", str(path), *map(str, args)])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    futasato.path = path
    return futasato


def _clerks(path) -> list[str]:
    with closing(sqlite3.connect(path)) as raw:
        return [r[0] for r in raw.execute("SELECT login FROM clerks ORDER BY login")]


@pytest.mark.parametrize(("who", "backup_code", "restore_code"),
                         [("clerk1", 5, 5), ("super1", 0, 5), ("admin", 0, 0)])
def test_roles_for_backup_and_restore(run, tmp_path, who, backup_code, restore_code):
    assert run("backup", "--out", tmp_path / "mine.sqlite", clerk=who)[0] == backup_code
    run("backup", "--out", tmp_path / "admin.sqlite")
    code, _, err = run("restore", tmp_path / "admin.sqlite", clerk=who)
    assert code == restore_code, err


def test_back_up_change_restore(run, tmp_path):
    out = tmp_path / "b.sqlite"
    code, text, _ = run("backup", "--out", out)
    assert code == 0 and "SHA-256" in text
    run("clerk", "add", "late1", "--role", "clerk")  # needs a new password: refused below
    assert run("clerk", "deactivate", "clerk1")[0] == 0
    code, text, err = run("restore", out)
    assert code == 0, err
    assert "kept as" in text
    with closing(sqlite3.connect(run.path)) as raw:
        assert raw.execute("SELECT active FROM clerks WHERE login = 'clerk1'").fetchone()[0] == 1
    assert run("audit", "verify", clerk="super1")[0] == 0


def test_encrypted_backup_and_wrong_passphrase_is_4(run, tmp_path):
    out = tmp_path / "b.sqlite.enc"
    assert run("backup", "--out", out, "--encrypt", passphrase=PASSPHRASE)[0] == 0
    assert out.read_bytes()[:6] == b"FTSBAK"
    run("clerk", "deactivate", "clerk1")
    code, _, err = run("restore", out, passphrase="wrong passphrase")
    assert code == 4 and "passphrase" in err
    with closing(sqlite3.connect(run.path)) as raw:
        assert raw.execute("SELECT active FROM clerks WHERE login = 'clerk1'").fetchone()[0] == 0
    assert run("restore", out, passphrase=PASSPHRASE)[0] == 0


def test_a_corrupt_file_is_3_and_the_database_is_untouched(run, tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    before = _clerks(run.path)
    code, _, err = run("restore", bad)
    assert code == 3 and "bad.sqlite" in err
    assert _clerks(run.path) == before
    assert run("restore", tmp_path / "missing.sqlite")[0] == 3
