"""Ledger CSV files as a town's PC might really hand them over: other encodings, joined files,
stray bytes, absurd sizes. Each builder returns the file's bytes."""

from __future__ import annotations

import codecs
import csv
import io

from desktop_app.domain.ledger_columns import TEMPLATE_HEADERS
from tests.ledger_helpers import template_row

# Three people not on the town made by tests/return_helpers.make_town (its people are random
# sample names; these carry a mark in their kana no sample person has).
PEOPLE = [template_row(氏="山田", 氏カナ="ヤマダヴ", 電話番号="090-0000-0001"),
          template_row(氏="田中", 氏カナ="タナカヴ", 電話番号="090-0000-0002"),
          template_row(氏="鈴木", 氏カナ="スズキヴ", 電話番号="090-0000-0003")]


def ledger_text(rows: list[list[str]] | None = None, headers=TEMPLATE_HEADERS) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(PEOPLE if rows is None else rows)
    return out.getvalue()


def lines() -> list[str]:
    """The good ledger's lines (header first), without line ends."""
    return ledger_text().split("\r\n")[:-1]


def encoded(encoding: str) -> bytes:
    """The good ledger in another encoding (utf-16 writes a BOM, utf-16-le/-be do not)."""
    return ledger_text().encode(encoding)


def bom_before_row(row: int) -> bytes:
    """A UTF-8 BOM at the start of the given Excel row, as two files pasted together leave."""
    parts = lines()
    parts[row - 1] = "\ufeff" + parts[row - 1]
    return ("\r\n".join(parts) + "\r\n").encode("utf-8")


def two_files_joined() -> bytes:
    """`copy /b a.csv + b.csv`: the second file's BOM and header row land in the data."""
    first = ledger_text(PEOPLE[:1]).encode("utf-8-sig")
    return first + ledger_text(PEOPLE[1:]).encode("utf-8-sig")


def with_cell(row: int, header: str, value: str) -> bytes:
    rows = [list(person) for person in PEOPLE]
    rows[row - 2][TEMPLATE_HEADERS.index(header)] = value
    return ledger_text(rows).encode("utf-8")


def mixed_line_ends() -> bytes:
    header, *rows = lines()
    return (header + "\r\n" + rows[0] + "\r" + rows[1] + "\n" + rows[2] + "\r\n").encode()


def unterminated_quote(row: int) -> bytes:
    """A quote opened in the address of `row` and never closed: the rest of the file follows."""
    parts = lines()
    parts[row - 1] = parts[row - 1].replace("宮城県", '"宮城県', 1)
    return ("\r\n".join(parts) + "\r\n").encode("utf-8")


def many_columns(count: int) -> bytes:
    header = ",".join([*TEMPLATE_HEADERS, *(f"列{n}" for n in range(count))])
    return (codecs.BOM_UTF8 + (header + "\r\n" + ",".join(PEOPLE[0]) + "\r\n").encode())


def empty_rows(count: int) -> bytes:
    """The header, then `count` rows of nothing but commas."""
    return (lines()[0] + "\r\n" + ("," * (len(TEMPLATE_HEADERS) - 1) + "\r\n") * count).encode()
