"""Nasty ledgers through the window's import wizard, as a clerk would pick them (offscreen).

The command line's cases are in `test_nasty_files.py`; the wizard reads with the same readers
but shows a refusal its own way: a message box for a file it cannot read, the problems table
for rows it can. Either way the clerk is told the row and field or the file's name, the wizard
does not fall over, and nothing is saved.
"""

from __future__ import annotations

import pytest

from desktop_app import i18n
from desktop_app.ui.import_wizard import FILE_PAGE, MAPPING_PAGE, REPORT_PAGE, ImportWizard
from tests.ledger_helpers import registrant_count
from tests.reliability.nasty import ledgers, workbooks


@pytest.fixture
def wizard(admin, qtbot, monkeypatch):
    i18n.set_language("en")
    errors: list[str] = []
    monkeypatch.setattr(ImportWizard, "show_error", classmethod(
        lambda cls, parent, text: errors.append(text)))
    dialog = ImportWizard(admin)
    dialog.errors = errors
    qtbot.addWidget(dialog)
    return dialog


def _refused_on_opening(wizard, qtbot, path) -> str:
    wizard.load_file(str(path))
    qtbot.waitUntil(lambda: bool(wizard.errors), timeout=20000)
    assert wizard.pages.currentIndex() == FILE_PAGE
    return wizard.errors[0]


def _problems(wizard, qtbot, path) -> list[tuple[str, ...]]:
    wizard.load_file(str(path))
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == MAPPING_PAGE or bool(wizard.errors),
                    timeout=20000)
    assert not wizard.errors
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == REPORT_PAGE or bool(wizard.errors),
                    timeout=20000)
    assert not wizard.errors
    table = wizard.problems
    return [tuple(table.item(row, column).text() for column in range(4))
            for row in range(table.rowCount())]


def _plain_words(text: str) -> None:
    # No traceback, and none of a library's own words (English, nothing a clerk can act on).
    for marker in ("Traceback", "unexpected error", "Error:", "codec", "zip file", "token"):
        assert marker not in text, text


@pytest.mark.parametrize(("name", "data", "says"), [
    ("euc-jp.csv", ledgers.encoded("euc-jp"), "Save it from Excel"),
    ("utf-16.csv", ledgers.encoded("utf-16"), "Save it from Excel"),
    ("quote.csv", ledgers.unterminated_quote(3), "Row 3 opens a quote"),
    ("big-cell.csv", ledgers.with_cell(3, "住所", "あ" * (1 << 20)), "Row 3"),
    ("truncated.xlsx", workbooks.truncated(), "truncated.xlsx"),
    ("broken-sheet.xlsx", workbooks.broken_sheet(), "broken-sheet.xlsx"),
])
def test_a_file_the_wizard_cannot_read_is_refused_in_a_message_naming_what_is_wrong(
        wizard, qtbot, admin, tmp_path, name, data, says):
    path = tmp_path / name
    path.write_bytes(data)
    message = _refused_on_opening(wizard, qtbot, path)
    assert says in message
    _plain_words(message)
    assert registrant_count(admin.db) == 0


@pytest.mark.parametrize(("data", "header"), [
    (ledgers.with_cell(3, "名", "花\x00子"), "名"),
    (ledgers.with_cell(3, "氏", "山\x1b[2J田"), "氏"),
    (ledgers.bom_before_row(3), "氏"),
])
def test_a_stray_byte_in_a_cell_is_listed_by_row_and_column_and_blocks_the_import(
        wizard, qtbot, admin, tmp_path, data, header):
    path = tmp_path / "stray.csv"
    path.write_bytes(data)
    problems = _problems(wizard, qtbot, path)
    assert [(row, column) for row, column, _field, _message in problems] == [("3", header)]
    assert "U+" in problems[0][3]
    assert not wizard.import_button.isEnabled()
    wizard.skip_bad.setChecked(True)  # the clerk may still bring in the two good rows
    wizard.import_button.click()
    qtbot.waitUntil(lambda: wizard.imported is not None or bool(wizard.errors), timeout=20000)
    assert not wizard.errors and wizard.imported == 2 == registrant_count(admin.db)
