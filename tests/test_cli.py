"""The `futasato` command as a clerk's script runs it: real processes, real files, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

PASSWORD = "counter-pass-1"


def futasato(*args, password=PASSWORD, clerk=None, lang=None):
    env = {**os.environ, "FUTASATO_PASSWORD": password}
    env.pop("FUTASATO_CLERK", None)
    if clerk:
        env["FUTASATO_CLERK"] = clerk
    if lang:
        env["FUTASATO_LANG"] = lang
    return subprocess.run([sys.executable, "-m", "desktop_app", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def office_file(tmp_path):
    path = tmp_path / "town.sqlite"
    result = futasato("--db", path, "init", "--municipality-code", "042021",
                      "--office", "石巻市役所", "--admin", "admin")
    assert result.returncode == 0, result.stderr
    return path


def test_init_reports_the_municipality_and_check_finds_the_file_sound(office_file):
    result = futasato("--db", office_file, "--json", "check")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["sound"] and report["tables"]["office"] == 1 and report["tables"]["clerks"] == 1


def test_init_with_a_bad_check_digit_is_refused_with_exit_3(tmp_path):
    result = futasato("--db", tmp_path / "x.sqlite", "init", "--municipality-code", "042022",
                      "--office", "x", "--admin", "admin")
    assert result.returncode == 3
    assert "042022" in result.stderr and "検査数字" in result.stderr
    assert not (tmp_path / "x.sqlite").exists()


def test_messages_follow_the_chosen_language(tmp_path):
    args = ("--db", tmp_path / "x.sqlite", "init", "--municipality-code", "042022",
            "--office", "x", "--admin", "admin")
    english = futasato("--lang", "en", *args)
    assert english.returncode == 3 and "check digit" in english.stderr


def test_init_twice_is_refused(office_file):
    result = futasato("--db", office_file, "init", "--municipality-code", "042021",
                      "--office", "二重", "--admin", "other")
    assert result.returncode == 3


def test_usage_errors_exit_2():
    assert futasato("no-such-command").returncode == 2
    assert futasato("init").returncode == 2


def test_version():
    result = futasato("--version")
    assert result.returncode == 0 and result.stdout.startswith("futasato ")


def test_writing_needs_a_known_clerk_and_the_right_password(office_file):
    no_clerk = futasato("--db", office_file, "demo", "--registrants", "5")
    assert no_clerk.returncode == 5 and "FUTASATO_CLERK" in no_clerk.stderr  # nobody signed in
    wrong = futasato("--db", office_file, "demo", "--registrants", "5", clerk="admin",
                     password="not-the-password")
    assert wrong.returncode == 5


def test_check_reports_a_damaged_file(office_file):
    import sqlite3

    with sqlite3.connect(office_file) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'registrants_kana'").fetchone()[0]
    with office_file.open("r+b") as handle:  # scribble over one index's page, as a bad sector would
        handle.seek((root - 1) * page_size)
        handle.write(b"\x0d" + b"\xff" * 200)
    result = futasato("--db", office_file, "check")
    assert result.returncode == 3


def test_check_on_a_missing_file_is_refused(tmp_path):
    result = futasato("--db", tmp_path / "absent.sqlite", "check")
    assert result.returncode == 3 and "absent.sqlite" in result.stderr


def test_the_window_refuses_a_mistyped_db_path_instead_of_making_a_file(tmp_path):
    typo = tmp_path / "twon.sqlite"
    result = futasato("--db", typo, lang="ja")
    assert result.returncode == 3
    assert str(typo) in result.stderr and "futasato init" in result.stderr
    assert not typo.exists()


def test_argparse_headings_and_a_wrong_choice_read_in_japanese():
    shown = futasato("bookings", "cancel", "--help", lang="ja")
    assert "引数:" in shown.stdout and "positional arguments" not in shown.stdout
    assert "オプション:" in shown.stdout and "options:" not in shown.stdout
    refused = futasato("bookings", "frob", lang="ja")
    assert refused.returncode == 2
    assert "選べない値です: 'frob'" in refused.stderr and "invalid choice" not in refused.stderr
    refused = futasato("registrants", "list", "--limit", "many", lang="ja")
    assert refused.returncode == 2 and "invalid" not in refused.stderr


def test_the_help_and_argparses_own_errors_read_in_japanese():
    shown = futasato("--help", lang="ja")
    assert shown.returncode == 0
    assert shown.stdout.startswith("使い方: futasato")
    assert "このヘルプを表示して終了する" in shown.stdout
    assert "usage:" not in shown.stdout and "show this help" not in shown.stdout
    refused = futasato("return", "show", lang="ja")
    assert refused.returncode == 2
    assert "エラー: 次の引数が必要です: --quarter" in refused.stderr
    assert "the following arguments" in futasato("return", "show", lang="en").stderr
