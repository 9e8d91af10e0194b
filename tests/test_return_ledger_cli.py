"""`futasato return reopen` and `futasato return register` as a script runs them."""

from __future__ import annotations

import codecs
import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.roles import Role
from desktop_app.services.office_setup import set_up_office
from desktop_app.services.quarter_returns import current_version, record_export, sign_off
from desktop_app.services.session import Session
from desktop_app.store.database import Database
from tests.accounts_helpers import add_account
from tests.conftest import ADMIN_PASSWORD

PASSWORD = "window-pass-22"
FIGURES = hashlib.sha256(b"figures").hexdigest()


@pytest.fixture(scope="module")
def office_file(tmp_path_factory) -> Path:
    """An office with a counter clerk and a supervisor, made once: accounts take seconds to
    make (each password is hashed with Argon2), a copy of the closed file takes none."""
    path = tmp_path_factory.mktemp("office") / "futasato.sqlite"
    admin = set_up_office(Database(path), municipality_code="042021",
                          office_name="石巻市役所 本庁", admin_login="admin",
                          admin_password=ADMIN_PASSWORD, admin_name="管理 太郎")
    add_account(admin, "clerk1", Role.CLERK, PASSWORD, "窓口 花子")
    add_account(admin, "super1", Role.SUPERVISOR, PASSWORD, "監督 次郎")
    admin.db.close()
    return path


@pytest.fixture
def supervisor(office_file, tmp_path) -> Iterator[Session]:
    path = tmp_path / office_file.name
    shutil.copyfile(office_file, path)
    db = Database(path)
    yield Session(db, clerk="super1", role=Role.SUPERVISOR)
    db.close()


@pytest.fixture
def run(supervisor, monkeypatch, capsys):
    """`futasato --db FILE …` in this process, in Japanese; returns (exit code, out, err)."""

    def futasato(*args, clerk="super1"):
        monkeypatch.setenv("FUTASATO_CLERK", clerk)
        monkeypatch.setenv("FUTASATO_PASSWORD", PASSWORD)
        code = cli.main(["--db", str(supervisor.db.path), *map(str, args)])
        out = capsys.readouterr()
        return code, out.out, out.err

    return futasato


def test_reopen_takes_a_supervisor_and_a_reason_then_the_next_is_version_2(run, supervisor):
    sign_off(supervisor, "2025Q1", figures_sha256=FIGURES)
    code, _out, err = run("return", "reopen", "--quarter", "2025Q1", "--reason", "訂正",
                          clerk="clerk1")
    assert code == 5 and "sign_off" in err
    assert run("return", "reopen", "--quarter", "2025Q1")[0] == 2  # --reason is required
    code, _out, err = run("return", "reopen", "--quarter", "2025Q1", "--reason", "  ")
    assert (code, err.strip()) == (3, "futasato: 理由: 締めを解除する理由を入力してください。")
    assert current_version(supervisor.db, "2025Q1").signed_off

    code, out, err = run("return", "reopen", "--quarter", "2025Q1", "--reason", "転入者の計上漏れ")
    assert (code, err) == (0, "")
    assert out.strip() == "2025Q1の締めを解除しました（第1版）。次の出力は第2版になります。"
    assert current_version(supervisor.db, "2025Q1").reopen_reason == "転入者の計上漏れ"
    assert sign_off(supervisor, "2025Q1", figures_sha256=FIGURES).supersedes == 1


def test_a_quarter_that_is_not_signed_off_is_named_in_the_refusal(run):
    code, _out, err = run("return", "reopen", "--quarter", "2025Q2", "--reason", "訂正")
    assert (code, err.strip()) == (
        3, "futasato: 2025年度第2四半期は締められていないため、解除できません。")
    code, _out, err = run("return", "reopen", "--quarter", "2025-2", "--reason", "訂正")
    assert code == 3 and "2025Q1 のように" in err


def test_a_second_sign_off_is_refused_with_exit_3_naming_the_quarter(supervisor, capsys):
    """`return export` (phase 2) signs off first; the refusal it meets is this one."""
    sign_off(supervisor, "2025Q1", figures_sha256=FIGURES)
    with pytest.raises(RuleRefused) as refused:
        sign_off(supervisor, "2025Q1", figures_sha256=FIGURES)
    assert cli._refused(refused.value) == 3
    assert capsys.readouterr().err.startswith("futasato: 2025年度第1四半期は締め済みです（第1版）")


def test_the_register_as_text_json_and_csv_and_not_for_a_clerk(run, supervisor, tmp_path):
    sign_off(supervisor, "2025Q1", figures_sha256=FIGURES)
    record_export(supervisor, quarter="2025Q1", version=1, file_name="042021_2025Q1_v1.zip",
                  sha256=FIGURES, size=2048, destination="=E:\\")
    code, out, _err = run("return", "register")
    assert code == 0
    lines = out.splitlines()
    assert lines[-1] == "管理簿にはパッケージが 1 件あります。"
    assert lines[0].split("\t")[1:] == ["super1", "2025Q1 v1", "042021_2025Q1_v1.zip", "2048",
                                        FIGURES, "=E:\\"]

    code, out, _err = run("return", "register", "--json")
    assert code == 0
    [row] = json.loads(out)
    assert (row["file_name"], row["sha256"], row["size"], row["destination"]) == (
        "042021_2025Q1_v1.zip", FIGURES, 2048, "=E:\\")

    path = tmp_path / "管理簿.csv"
    code, out, _err = run("return", "register", "--out", path)
    assert (code, out.strip()) == (0, f"管理簿の 1 行を {path} に書き出しました。")
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8) and data.rstrip().endswith(b",'=E:\\")

    assert run("return", "register", clerk="clerk1")[0] == 5
