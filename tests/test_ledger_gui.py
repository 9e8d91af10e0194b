"""The import wizard and the export action, driven as a clerk would (offscreen)."""

from __future__ import annotations

import pytest

from desktop_app.domain.application import Application
from desktop_app.domain.ledger_columns import LedgerField
from desktop_app.services import ledger_checks
from desktop_app.services.registration import register
from desktop_app.ui.import_wizard import MAPPING_PAGE, REPORT_PAGE, ImportWizard
from desktop_app.ui.ledger_actions import LedgerActions
from tests.ledger_helpers import SAMPLE_CSV, registrant_count


# With `shared`, the file counts as large: its rows are checked by a worker process too.
@pytest.mark.parametrize("shared", [False, True])
def test_wizard_maps_checks_and_imports_the_sample(admin, qtbot, monkeypatch, shared):
    if shared:
        monkeypatch.setattr(ledger_checks, "PARALLEL_FROM", 1)
        monkeypatch.setattr(ledger_checks.os, "cpu_count", lambda: 2)
    errors = []
    monkeypatch.setattr(ImportWizard, "show_error", classmethod(
        lambda cls, parent, text: errors.append(text)))
    wizard = ImportWizard(admin)
    qtbot.addWidget(wizard)
    wizard.load_file(str(SAMPLE_CSV))
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == MAPPING_PAGE, timeout=20000)
    assert wizard.combo_for("氏名").currentData() == LedgerField.FULL_NAME.value
    assert wizard.combo_for("備考").currentData() is None
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == REPORT_PAGE, timeout=20000)
    rows = [wizard.problems.item(i, 0).text() for i in range(wizard.problems.rowCount())]
    assert rows == ["19", "44", "90", "122"]
    assert wizard.problems.item(0, 1).text() == "生年月日"
    assert not wizard.import_button.isEnabled()  # bad rows: nothing until the clerk chooses
    wizard.skip_bad.setChecked(True)
    assert wizard.import_button.isEnabled()
    wizard.import_button.click()
    qtbot.waitUntil(lambda: wizard.imported is not None or bool(errors), timeout=30000)
    assert not errors
    assert wizard.imported == 196 == registrant_count(admin.db)
    assert not wizard.import_button.isEnabled()


def test_wizard_mapping_can_be_changed_by_the_clerk(admin, qtbot, monkeypatch, tmp_path):
    errors = []
    monkeypatch.setattr(ImportWizard, "show_error", classmethod(
        lambda cls, parent, text: errors.append(text)))
    wizard = ImportWizard(admin)
    qtbot.addWidget(wizard)
    wizard.load_file(str(SAMPLE_CSV))
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == MAPPING_PAGE, timeout=20000)
    combo = wizard.combo_for("ﾌﾘｶﾞﾅ")
    combo.setCurrentIndex(0)  # not imported: the kana is required, so the dry run is refused
    wizard.next_button.click()
    assert errors and wizard.pages.currentIndex() == MAPPING_PAGE
    assert registrant_count(admin.db) == 0


def test_export_action_reports_what_cp932_cannot_hold(admin, qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QMainWindow, QMenu

    register(admin, Application(family_name="𠮷田", given_name="誠", family_kana="ヨシダ",
                                given_kana="マコト", birth_date="1989-01-08", kind="furusato",
                                prefecture="埼玉県", city="川口市"))
    window = QMainWindow()
    qtbot.addWidget(window)
    menu = QMenu(window)
    actions = LedgerActions(window, admin, menu)
    messages = []
    monkeypatch.setattr(LedgerActions, "show_message", classmethod(
        lambda cls, parent, text, error: messages.append((text, error))))
    out = tmp_path / "out.csv"
    monkeypatch.setattr(LedgerActions, "ask_target", classmethod(
        lambda cls, parent: (str(out), "csv", "cp932")))
    actions.export_action.trigger()
    qtbot.waitUntil(lambda: bool(messages), timeout=20000)
    text, error = messages[0]
    assert error and "𠮷" in text and "2" in text
    assert not out.exists()
    monkeypatch.setattr(LedgerActions, "ask_target", classmethod(
        lambda cls, parent: (str(out), "csv", "utf-8-sig")))
    actions.export_action.trigger()
    qtbot.waitUntil(lambda: len(messages) == 2, timeout=20000)
    assert messages[1][1] is False
    assert "𠮷田" in out.read_text(encoding="utf-8-sig")
