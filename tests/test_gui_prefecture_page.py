"""The prefecture's page: a prefecture's file shows it in the 報告・同期 area; it imports the
towns' real packages, says what became of each file, which towns have reported, and adds up."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.services.exchange_keys import exchange_public_key_pem
from desktop_app.services.sign_in import sign_in
from desktop_app.store.database import Database
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.prefecture_page import PrefecturePage
from desktop_app.ui.return_dialogs import KeyPasswordDialog
from desktop_app.ui.return_page import ReturnPage
from tests.conftest import ADMIN_PASSWORD
from tests.gui_fixtures import settle
from tests.return_helpers import (
    Q1,
    export_town,
    make_prefecture,
    make_town,
    trust_towns,
)

TOWNS = (("042021", "石巻市役所"), ("042030", "塩竈市役所"), ("042056", "気仙沼市役所"))
SILENT = "042064"  # 白石市: trusted, but sends nothing


@pytest.fixture(scope="module")
def reported(tmp_path_factory) -> dict:
    """宮城県 trusting four towns, and the 2025Q1 packages three of them wrote."""
    folder = tmp_path_factory.mktemp("prefecture")
    prefecture, pem = make_prefecture(folder)
    stick = folder / "stick"
    stick.mkdir()
    packages, keys = [], {}
    for seed, (code, office) in enumerate(TOWNS, start=1):
        town = make_town(folder / f"{code}.sqlite", code, office, people=30, seed=seed)
        package, keys[code] = export_town(town, pem, stick)
        packages.append(package)
    silent = make_town(folder / f"{SILENT}.sqlite", SILENT, "白石市役所", people=5)
    db = Database(silent)
    try:
        keys[SILENT] = exchange_public_key_pem(db)
    finally:
        db.close()
    trust_towns(prefecture, keys)
    return {"db": prefecture, "packages": packages}


@pytest.fixture
def official(reported, tmp_path):
    path = tmp_path / "pref.sqlite"
    shutil.copyfile(reported["db"], path)
    db = Database(path)
    yield sign_in(db, "admin", ADMIN_PASSWORD)
    db.close()


def _import(qtbot, page: PrefecturePage, monkeypatch, paths: list[Path]) -> None:
    monkeypatch.setattr(PrefecturePage, "ask_packages", classmethod(lambda cls, parent: paths))
    monkeypatch.setattr(KeyPasswordDialog, "ask", classmethod(
        lambda cls, parent, lead: ADMIN_PASSWORD))
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    settle(qtbot, timeout=60_000)


def _column(table, column: int) -> list[str]:
    return [table.item(row, column).text() for row in range(table.rowCount())]


def test_a_prefecture_imports_three_towns_and_sees_who_has_reported(
        qtbot, official, reported, monkeypatch, tmp_path):
    window = MainWindow(official)
    qtbot.addWidget(window)
    window.show()
    window.show_area("exchange")
    page = window.pages.currentWidget()
    assert isinstance(page, PrefecturePage) and not isinstance(page, ReturnPage)
    page.quarter.choose(Q1)
    qtbot.keyClick(page.quarter, Qt.Key.Key_Return)
    settle(qtbot)
    assert _column(page.towns, 2) == ["未報告"] * 4

    tampered = tmp_path / reported["packages"][0].name
    data = bytearray(reported["packages"][0].read_bytes())
    data[len(data) // 2] ^= 1
    tampered.write_bytes(bytes(data))
    shutil.copyfile(f"{reported['packages'][0]}.sig", f"{tampered}.sig")
    _import(qtbot, page, monkeypatch, [tampered, *reported["packages"]])
    assert _column(page.results, 1) == ["拒否しました"] + ["取り込みました"] * 3
    assert "署名" in page.results.item(0, 2).text()  # the reason, in words
    assert _column(page.results, 0)[1:] == [p.name for p in reported["packages"]]
    assert "取り込み 3 件" in page.message.text() and "拒否 1 件" in page.message.text()

    assert _column(page.towns, 0) == sorted([*(code for code, _o in TOWNS), SILENT])
    assert _column(page.towns, 2) == ["報告済み", "報告済み", "報告済み", "未報告"]
    assert _column(page.towns, 3)[:3] == ["v1"] * 3
    totals = page.totals
    assert totals.columnCount() == 2 + 3
    row = next(r for r in range(totals.rowCount())
               if totals.item(r, 0).text() == "登録中（登録・更新）")
    by_town = [int(totals.item(row, column).text().replace(",", "")) for column in (2, 3, 4)]
    assert int(totals.item(row, 1).text().replace(",", "")) == sum(by_town) > 0
    assert "4 団体のうち 3 団体が報告済み" in page.summary.text()

    _import(qtbot, page, monkeypatch, reported["packages"][:1])  # the same package again
    assert _column(page.results, 1) == ["取り込み済み（変更なし）"]
    out = tmp_path / "report.csv"
    monkeypatch.setattr(PrefecturePage, "ask_report_path", classmethod(
        lambda cls, parent, suggested: out))
    qtbot.mouseClick(page.report_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("municipality_code,") and lines[-1].startswith("total,")
    assert len(lines) == 1 + 3 + 1
    assert str(out) in page.message.text()
