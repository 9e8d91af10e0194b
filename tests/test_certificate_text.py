"""The certificate as the clerk reads it: フリガナ over the katakana, the date once, and the
office head as 設定 names them (set here through `futasato settings`)."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.cli import main
from desktop_app.domain.errors import PermissionDenied, RuleRefused
from desktop_app.services import print_settings, printing
from tests.conftest import ADMIN_PASSWORD
from tests.printing_helpers import needs_poppler, pdf_text, register_people, supervisor_of

DAY = date(2026, 4, 1)


@pytest.fixture
def person(admin, clerk) -> int:
    return register_people(clerk, supervisor_of(admin), count=1)[0]


def _settings(db_path, *words: str) -> int:
    return main(["--db", str(db_path), "settings", *words])


@needs_poppler
def test_the_certificate_names_the_head_from_settings_and_dates_itself_once(
        admin, clerk, person, db_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FUTASATO_CLERK", "admin")
    monkeypatch.setenv("FUTASATO_PASSWORD", ADMIN_PASSWORD)
    text = pdf_text(printing.issue_certificate(clerk, person, today=DAY)[1], tmp_path)
    assert "石巻市長" in text  # the default: the town's name and 長
    assert _settings(db_path, "set", "head-name", "齋藤　正美") == 0
    assert _settings(db_path, "set", "head-title", "石巻市長職務代理者　副市長") == 0
    capsys.readouterr()
    assert _settings(db_path, "list") == 0
    listed = capsys.readouterr().out
    assert "齋藤　正美" in listed and "副市長" in listed
    text = pdf_text(printing.issue_certificate(clerk, person, today=DAY)[1], tmp_path)
    [issuer] = [line.split() for line in text.splitlines() if "副市長" in line]
    assert issuer == ["石巻市長職務代理者", "副市長", "齋藤", "正美", "印"]
    assert text.count("令和8年4月1日") == 1
    assert "フリガナ" in text and "ふりがな" not in text
    assert text.index("フリガナ") < text.index("ヨシダ") < text.index("氏名")


def test_only_an_administrator_sets_the_head_and_the_text_must_print(admin, clerk):
    with pytest.raises(PermissionDenied):
        print_settings.change(clerk, print_settings.MAYOR_NAME, "齋藤　正美")
    with pytest.raises(RuleRefused):
        print_settings.change(admin, print_settings.MAYOR_NAME, "齋" * 81)
    print_settings.change(admin, print_settings.MAYOR_NAME, "  齋藤　正美\n")
    assert print_settings.load(admin.db).mayor_name == "齋藤　正美"
    [row] = [r for r in admin.db.audit.recent(20) if r["action"] == "setting.change"]
    assert row["entity_id"] == print_settings.MAYOR_NAME
