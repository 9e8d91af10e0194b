"""The 報告 page as a town's supervisor and a counter clerk use it: a quarter's figures as the
service computes them, signing off and exporting, the lock, re-opening, the export register."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desktop_app.domain.figure_keys import FIGURE_KEYS, kind_tier_key
from desktop_app.domain.quarters import FiscalQuarter
from desktop_app.domain.roles import Role
from desktop_app.services import preferences
from desktop_app.services.return_figures import compute_figures
from desktop_app.services.session import Session
from desktop_app.services.sign_in import sign_in
from desktop_app.store.database import Database
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.return_dialogs import ExportChoice, ExportDialog, ReasonDialog
from desktop_app.ui.return_figures_view import difference
from desktop_app.ui.return_page import ReturnPage
from desktop_app.ui.return_register import RegisterTab
from tests.conftest import ADMIN_PASSWORD
from tests.gui_fixtures import settle
from tests.return_helpers import Q1, SAMPLE_DAY, make_town

NAME = "042021_2025Q1_v{}.zip"


@pytest.fixture(scope="module")
def town_file(tmp_path_factory) -> Path:
    return make_town(tmp_path_factory.mktemp("town") / "town.sqlite")


@pytest.fixture
def town_db(town_file, tmp_path):
    path = tmp_path / "town.sqlite"
    shutil.copyfile(town_file, path)
    db = Database(path)
    yield db
    db.close()


@pytest.fixture
def supervisor(town_db) -> Session:
    return sign_in(town_db, "admin", ADMIN_PASSWORD)  # its password opens the exchange key


def _page(qtbot, session: Session) -> ReturnPage:
    page = ReturnPage(session, today=SAMPLE_DAY)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    settle(qtbot)
    return page


def _export(qtbot, page: ReturnPage, monkeypatch, folder: Path) -> None:
    monkeypatch.setattr(ExportDialog, "ask", classmethod(
        lambda cls, parent, label: ExportChoice(ADMIN_PASSWORD, folder, False)))
    page.sign_off_and_export()
    settle(qtbot)


def _shown_as_computed(page: ReturnPage, db: Database, quarter: FiscalQuarter) -> None:
    now, before = compute_figures(db, quarter).flat, compute_figures(db, quarter.previous()).flat
    for key in FIGURE_KEYS:
        assert page.figures.shown(key) == (f"{now[key]:,}", f"{before[key]:,}",
                                           difference(now[key], before[key])), key


def test_the_page_shows_the_last_ended_quarter_as_compute_figures_does(qtbot, supervisor):
    page = _page(qtbot, supervisor)
    assert page.chosen() == Q1  # 2025-08-01: 2025Q1 is the last quarter that has ended
    style = preferences.date_style(supervisor.db)
    assert page.quarter.currentText() == Q1.label(style)
    flat = compute_figures(supervisor.db, Q1).flat
    assert flat["registrants_end"] > 0  # the sample has people on the register then
    _shown_as_computed(page, supervisor.db, Q1)
    bars = page.figures.kinds_chart.chart().series()[0].barSets()
    this_quarter = next(bar for bar in bars if bar.label() == "今期")
    assert [int(this_quarter.at(i)) for i in range(3)][::-1] == [
        flat[kind_tier_key(k, t)] for k, t in (("furusato", "basic"), ("furusato", "premium"),
                                               ("dual", None))]
    assert page.state.text() == "まだ締めていません。"
    assert page.export_button.isEnabled() and not page.reopen_button.isEnabled()

    page.quarter.setCurrentIndex(page.quarter.findData("2024Q4"))  # then Enter on the picker
    qtbot.keyClick(page.quarter, Qt.Key.Key_Return)
    settle(qtbot)
    _shown_as_computed(page, supervisor.db, FiscalQuarter(2024, 4))


def test_a_clerk_sees_neither_the_figures_nor_the_sign_off_nor_the_register(qtbot, town_db):
    clerk = Session(town_db, clerk="clerk1", role=Role.CLERK)
    page = _page(qtbot, clerk)
    assert page.figures.isHidden()  # as `return show` refuses a clerk
    assert not page.export_button.isEnabled() and not page.reopen_button.isEnabled()
    assert not page.summary_button.isEnabled()
    assert "監督者または管理者" in page.not_allowed.text()
    assert "窓口担当" in page.not_allowed.text()
    assert not page.register.csv_button.isEnabled()
    assert page.register.table.rowCount() == 0
    assert "監督者と管理者" in page.register.note.text()


def test_sign_off_export_lock_reopen_version_2_and_the_register(qtbot, supervisor, monkeypatch,
                                                                  tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    page = _page(qtbot, supervisor)
    _export(qtbot, page, monkeypatch, stick)
    assert sorted(p.name for p in stick.iterdir()) == [NAME.format(1), NAME.format(1) + ".sig"]
    assert str(stick / NAME.format(1)) in page.message.text()
    assert page.state.text().startswith("締め済み：第1版")
    assert not page.export_button.isEnabled() and page.reopen_button.isEnabled()

    page.sign_off_and_export()  # as a page that has not seen the sign-off would
    settle(qtbot)
    assert "締め済みです（第1版）" in page.message.text()
    assert "#b00020" in page.message.styleSheet()
    assert len(list(stick.iterdir())) == 2

    monkeypatch.setattr(ReasonDialog, "ask", classmethod(lambda cls, parent, label: "数値の訂正"))
    qtbot.mouseClick(page.reopen_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert "数値の訂正" in page.state.text() and "第2版" in page.state.text()
    assert page.export_button.isEnabled()
    _export(qtbot, page, monkeypatch, stick)
    assert (stick / NAME.format(2)).exists() and (stick / (NAME.format(2) + ".sig")).exists()
    assert page.state.text().startswith("締め済み：第2版")

    table = page.register.table
    assert table.rowCount() == 2
    assert [table.item(row, 4).text() for row in range(2)] == [NAME.format(2), NAME.format(1)]
    assert table.item(0, 5).text() == str(stick.resolve())
    out = tmp_path / "register.csv"
    monkeypatch.setattr(RegisterTab, "ask_csv_path", classmethod(lambda cls, parent: out))
    qtbot.mouseClick(page.register.csv_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    with out.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [row["file_name"] for row in rows] == [NAME.format(2), NAME.format(1)]
    assert "2 件" in page.message.text()


def test_the_pdf_summary_opens_in_the_preview(qtbot, supervisor):
    page = _page(qtbot, supervisor)
    qtbot.mouseClick(page.summary_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert page.preview is not None and page.preview.document.pageCount() == 1
    page.preview.close()


def test_every_button_has_a_mnemonic_and_takes_the_tab_key(qtbot, supervisor):
    page = _page(qtbot, supervisor)
    buttons = page.findChildren(QPushButton)
    assert len(buttons) == 7  # the quarter's five, the sync tab's export and import
    for button in buttons:
        assert "&" in button.text(), button.text()
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert page.quarter_label.buddy() is page.quarter


def test_the_town_file_shows_the_return_page_in_its_area(qtbot, supervisor):
    window = MainWindow(supervisor)
    qtbot.addWidget(window)
    window.show_area("exchange")
    assert isinstance(window.pages.currentWidget(), ReturnPage)
    settle(qtbot)


def test_the_export_dialog_asks_for_a_password_and_a_folder_that_exists(qtbot, tmp_path):
    dialog = ExportDialog("2025年度 第1四半期")
    qtbot.addWidget(dialog)
    dialog.check_and_accept()
    assert dialog.error.text() == "パスワードを入力してください。" and not dialog.result()
    dialog.password.setText(ADMIN_PASSWORD)
    dialog.folder.setText(str(tmp_path / "missing"))
    dialog.check_and_accept()
    assert dialog.error.text() == "存在するフォルダーを選んでください。" and not dialog.result()
    dialog.folder.setText(str(tmp_path))
    dialog.check_and_accept()
    assert dialog.result() == ExportDialog.DialogCode.Accepted
