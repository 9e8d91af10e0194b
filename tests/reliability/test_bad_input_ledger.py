"""Bad input, property-based: the ledger importers (CSV and XLSX) with generated rows.

Rows mix good people with arbitrary unicode, wrong types (numbers, dates, booleans in a
workbook), odd dates, missing and extra columns. Rules: never an unhandled exception; either
the whole file comes in (every row, one audit row) or it is refused, each problem naming a row
of the file and a field, and the database is exactly as before.
"""

from __future__ import annotations

import csv
from datetime import date, datetime

import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.ledger_columns import TEMPLATE_HEADERS
from desktop_app.services.ledger_import import import_file
from tests.reliability.conftest import file_contents

TODAY = date(2026, 12, 3)
KANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"

# Text a cell may hold (no NUL: the hand-made corpus covers it). Surrogates never occur.
any_text = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=30)
odd_dates = st.sampled_from([
    "R0.1.1", "H31.5.1", "令和元年4月30日", "S64.1.8", "明治元年1月1日", "2025-02-29", "2024-02-29",
    "20250431", "1868-10-22", "1500-01-01", "9999-12-31", "R7.4.1", "令和7年4月1日", "H1.1.8",
    "2100-01-01", "2025/13/1", "0", "-1", "昭和", "R99.1.1", "2026-12-04", "2026-12-03",
])
wrong_types = st.one_of(st.integers(-10**12, 10**12), st.floats(allow_nan=False),
                        st.booleans(), st.datetimes(datetime(1900, 1, 1), datetime(2100, 1, 1)),
                        st.none())


def _good_person(index: int, birth: date, premium: bool) -> dict[str, str]:
    """A valid ふるさと住民, distinct from every other index (kana and name differ)."""
    size = len(KANA)
    kana = KANA[index % size] + KANA[index // size % size] + KANA[index // size ** 2 % size]
    person = {"氏": f"山{kana}", "名": "花子", "氏カナ": kana, "名カナ": "ハナコ",
              "生年月日": birth.isoformat(), "性別": "女", "郵便番号": "980-0811",
              "住所": "宮城県仙台市青葉区一番町2-3-4", "電話番号": "090-1234-5678",
              "メールアドレス": f"p{index}@example.jp", "区分": "ふるさと住民",
              "種別": "ベーシック", "登録番号": "", "状態": ""}
    if premium:
        person |= {"種別": "プレミアム", "本人確認書類": "運転免許証", "本人確認者": "admin",
                   "本人確認日": "R7.4.1"}
    return person


@st.composite
def ledgers(draw, workbook: bool) -> tuple[list[str], list[list]]:
    """A header row and rows: mostly good people, some cells spoiled, some columns moved."""
    headers = list(TEMPLATE_HEADERS)
    if draw(st.booleans()):  # missing columns
        dropped = draw(st.sets(st.sampled_from(headers), max_size=3))
        headers = [h for h in headers if h not in dropped]
    extra = draw(st.lists(st.sampled_from(["備考", "メモ", "", "住所2", "氏", "ID"]) | any_text,
                          max_size=2))
    headers += extra
    spoil = draw(st.sampled_from([0.0, 0.0, 0.05, 0.3]))  # a clean file comes in whole
    rows = []
    # Examples share one file: people new to it each time, so clean files can come in.
    first = draw(st.integers(0, len(KANA) ** 3 - 10))
    for index in range(first, first + draw(st.integers(1, 6))):
        birth = draw(st.dates(date(1930, 1, 1), date(2005, 12, 31)))
        person = _good_person(index, birth, draw(st.booleans()))
        row: list = []
        for header in headers:
            value: object = person.get(header, "")
            if spoil and draw(st.floats(0, 1)) < spoil:
                choices = [any_text, odd_dates, st.just(""), st.just(" \u3000 ")]
                if workbook:
                    choices.append(wrong_types)
                value = draw(st.one_of(*choices))
            row.append(value)
        row += draw(st.lists(any_text, max_size=2))  # cells past the last header
        rows.append(row)
    return headers, rows


def _write_csv(path, headers, rows, encoding: str):
    cells = [[str(value) for value in row] for row in [headers, *rows]]
    text_rows = "\n".join("".join(row) for row in cells)
    try:
        text_rows.encode(encoding)
    except UnicodeEncodeError:
        encoding = "utf-8-sig"  # CP932 cannot carry every character; its errors are the corpus's
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(cells)


# Characters XML 1.0 cannot hold, which openpyxl writes all the same: reading such a sheet
# fails in the XML parser (see the plain test below).
_NOT_XML = str.maketrans("", "", "\ufffe\uffff")


def _xlsx_value(value: object) -> object:
    if isinstance(value, str):  # openpyxl refuses control characters
        return ILLEGAL_CHARACTERS_RE.sub("", value).translate(_NOT_XML)
    return value


def _write_xlsx(path, headers, rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in [headers, *rows]:
        sheet.append([_xlsx_value(value) for value in row])
    workbook.save(path)


def _check_import(session, path) -> None:
    db = session.db
    before = file_contents(db)
    registrants = len(before["registrants"])
    try:
        plan, result = import_file(session, path, today=TODAY)
    except RuleRefused as refused:  # the whole file (no header, no required column…)
        event("file refused")
        assert refused.message
        assert file_contents(db) == before
        return
    rows = {row for row, _values in plan.table.rows}
    if result is None:
        event("rows refused")
        assert plan.problems, "refused without saying why"
        for problem in plan.problems:
            assert problem.row in rows, problem
            assert problem.field is not None and problem.field_label, problem
            assert problem.message, problem
        assert file_contents(db) == before
        return
    event("imported")
    assert not plan.problems
    assert result.imported == len(rows)
    assert len(file_contents(db)["registrants"]) == registrants + len(rows)


@given(ledgers(workbook=False), st.sampled_from(["utf-8-sig", "utf-8", "cp932"]))
def test_a_csv_ledger_comes_in_whole_or_is_refused_row_by_row(office, tmp_path, ledger,
                                                               encoding):
    headers, rows = ledger
    path = tmp_path / "ledger.csv"
    _write_csv(path, headers, rows, encoding)
    _check_import(office, path)


@given(ledgers(workbook=True))
def test_an_xlsx_ledger_comes_in_whole_or_is_refused_row_by_row(office, tmp_path, ledger):
    headers, rows = ledger
    path = tmp_path / "ledger.xlsx"
    _write_xlsx(path, headers, rows)
    _check_import(office, path)


def test_a_cell_xml_cannot_hold_is_refused_naming_the_file(office, tmp_path):
    path = tmp_path / "ledger.xlsx"
    workbook = Workbook()
    workbook.active.append(["氏", "氏カナ", "生年月日", "区分"])
    workbook.active.append(["山\uffff", "ヤマ", "1980-04-01", "ふるさと住民"])
    workbook.save(path)
    before = file_contents(office.db)
    with pytest.raises(RuleRefused, match=r"ledger\.xlsx"):
        import_file(office, path, today=TODAY)
    assert file_contents(office.db) == before
