"""Reading ledger files (CSV in any encoding a town uses, XLSX) and writing files safely.

Encodings are detected, never guessed loosely: a BOM means UTF-8; otherwise the bytes must be
valid UTF-8 to be read as UTF-8, and failing that valid CP932 (Shift_JIS as Windows writes it).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import os
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.file_problems import naming, reason
from desktop_app.domain.ledger_columns import recognised_count
from desktop_app.domain.ledger_rows import NumberText
from desktop_app.domain.ledger_values import FORMULA_STARTS
from desktop_app.domain.text import N_

# The header row is looked for among the first rows (a title row and blank rows may come first).
HEADER_SEARCH_ROWS = 20
# A ledger of 1,000,000 people is about 200 MB as CSV; the file is read whole, up to this.
MAX_LEDGER_BYTES = 1 << 30
# Excel's own limit: a longer cell was not typed, and no field of the register is near it.
MAX_CELL_CHARACTERS = 32_767
# Caps on a workbook, checked from its zip directory before anything is inflated. A ledger of
# 100,000 people unpacks to about 80 MB; its sheet compresses about 15 times (blank, formatted
# rows about 100). A zip bomb's part expands about 1,000 times, to gigabytes.
XLSX_MAX_UNPACKED = 1 << 30
XLSX_MAX_PARTS = 1000
XLSX_MAX_RATIO = 250
XLSX_RATIO_FLOOR = 1 << 20  # parts smaller than this may have any ratio


@dataclass
class LedgerTable:
    """The rows of a file below its header row, each with the row number Excel shows."""

    path: Path
    file_format: str  # 'csv' or 'xlsx'
    encoding: str  # 'utf-8', 'utf-8-sig', 'cp932', or '' for a workbook
    sha256: str
    header_row: int
    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name

    def cells(self, values: list[str]) -> dict[str, str]:
        return dict(zip(self.headers, values, strict=False))


def read_ledger(path: str | Path) -> LedgerTable:
    """Read a CSV or XLSX file into a table; refuses a file it cannot read, saying why."""
    path = Path(path)
    try:
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            # Read one byte past the cap: a pipe or device reports no size of its own.
            data = file.read(MAX_LEDGER_BYTES + 1) if size <= MAX_LEDGER_BYTES else b""
    except OSError as error:
        raise RuleRefused(N_("The file {name} cannot be read: {reason}"),
                          {"name": path.name, "reason": reason(error)}) from None
    if size > MAX_LEDGER_BYTES or len(data) > MAX_LEDGER_BYTES:
        raise RuleRefused(N_("The file {name} is larger than {limit:,} bytes; no ledger is "
                             "that large."), {"name": path.name, "limit": MAX_LEDGER_BYTES})
    digest = hashlib.sha256(data).hexdigest()
    if data[:4] == b"PK\x03\x04" or path.suffix.lower() in (".xlsx", ".xlsm"):
        records, encoding, file_format = _xlsx_records(path, data), "", "xlsx"
    else:
        text, encoding = decode_csv(data, path.name)
        records, file_format = _csv_records(text), "csv"
    return _table(path, file_format, encoding, digest, records)


def decode_csv(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8", errors="strict"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932", errors="strict"), "cp932"
    except UnicodeDecodeError as error:
        raise RuleRefused(N_("The file {name} is neither UTF-8 nor Shift_JIS (CP932) text "
                             "(unreadable byte at position {position}). Save it from Excel as "
                             "CSV UTF-8 or as an Excel workbook."),
                          {"name": name, "position": error.start}) from None


def _csv_records(text: str) -> list[list[str]]:
    records = _strict_records(text)
    if records is None:  # a stray quote inside a cell, which Excel reads as a character
        records = _records(csv.reader(io.StringIO(text, newline="")))
    if "=" not in text and "'" not in text:  # nothing to unwrap: the usual ledger
        return records
    # Only a cell starting with = or ' can need unwrapping ("" is `in` any string: harmless).
    return [[_unwrap(value) if value[:1] in "='" else value for value in record]
            for record in records]


def _strict_records(text: str) -> list[list[str]] | None:
    """The records, or None when a quote stands inside a cell; refuses a quote never closed,
    which would make the rest of the file one cell (and its rows vanish), naming its row."""
    records: list[list[str]] = []
    try:
        return _records(csv.reader(io.StringIO(text, newline=""), strict=True), records)
    except csv.Error as error:
        if str(error) != "unexpected end of data":  # the end of the file inside a quoted cell
            return None
    raise RuleRefused(N_("Row {row} opens a quote (\") that is never closed, so the rest of "
                         "the file would be read as one cell; nothing was read."),
                      {"row": len(records) + 1})


def _records(reader, records: list[list[str]] | None = None) -> list[list[str]]:
    """Every record of `reader` into `records` (which keeps those read before an error)."""
    records = [] if records is None else records
    try:
        for record in reader:
            records.append(record)
    except csv.Error as error:
        if str(error).startswith("field larger than field limit"):
            raise RuleRefused(N_("Row {row} holds a cell of more than {limit:,} characters; a "
                                 "ledger cell holds at most {most:,}."),
                              {"row": len(records) + 1, "limit": csv.field_size_limit(),
                               "most": MAX_CELL_CHARACTERS}) from None
        if reader.dialect.strict:
            raise
        raise RuleRefused(N_("The CSV file is damaged near row {row}: {reason}"),
                          {"row": reader.line_num, "reason": str(error)}) from None
    return records


def _unwrap(value: str) -> str:
    """Undo the protections export puts on cells for Excel: ="0123" and a leading apostrophe."""
    if len(value) >= 3 and value.startswith('="') and value.endswith('"'):
        return value[2:-1].replace('""', '"')
    if len(value) >= 2 and value[0] == "'" and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _xlsx_records(path: Path, data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook  # heavy, and only workbooks need it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        _check_workbook_sizes(data, path.name)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.active or workbook.worksheets[0]
            # Read-only sheets yield empty rows for gaps, so the index is Excel's row number.
            return [[_cell_text(value) for value in row]
                    for row in sheet.iter_rows(values_only=True)]
        finally:
            workbook.close()
    # A workbook is a zip of XML: a damaged one fails in zipfile, zlib or the XML parser
    # (SyntaxError), at opening or half way through the rows, which read-only mode streams.
    except (InvalidFileException, zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError,
            ValueError, IndexError, SyntaxError):
        # The parser's own words ("unclosed token: line 1, column 1921") tell a clerk nothing.
        raise RuleRefused(N_("The file {name} is not an Excel workbook that can be read: it is "
                             "damaged, cut short, or another kind of file under a workbook's "
                             "name. Open it in Excel and save it again as an Excel workbook "
                             "(.xlsx) or as CSV UTF-8."), {"name": path.name}) from None


def _check_workbook_sizes(data: bytes, name: str) -> None:
    """Refuse a workbook whose parts would inflate past the caps, from the zip's directory
    alone: nothing is decompressed before this holds."""
    infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    if len(infos) > XLSX_MAX_PARTS:
        raise RuleRefused(N_("The file {name} holds {count:,} parts; a ledger workbook has "
                             "at most {limit:,}."), {"name": name, "count": len(infos),
                                                      "limit": XLSX_MAX_PARTS})
    total = sum(info.file_size for info in infos)
    if total > XLSX_MAX_UNPACKED:
        raise RuleRefused(N_("The file {name} would unpack to {size:,} bytes; a ledger workbook "
                             "may unpack to at most {limit:,}."),
                          {"name": name, "size": total, "limit": XLSX_MAX_UNPACKED})
    for info in infos:
        if (info.file_size > XLSX_RATIO_FLOOR
                and info.file_size > XLSX_MAX_RATIO * max(info.compress_size, 1)):
            ratio = info.file_size // max(info.compress_size, 1)
            raise RuleRefused(N_("The file {name} holds a part ({part}) that would expand "
                                 "{ratio:,} times; a workbook's parts expand at most {limit} "
                                 "times."), {"name": name, "part": info.filename,
                                             "ratio": ratio, "limit": XLSX_MAX_RATIO})


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return NumberText(int(value))
    if isinstance(value, int | float):
        return NumberText(value)
    return str(value)


def _table(path: Path, file_format: str, encoding: str, digest: str,
           records: list[list[str]]) -> LedgerTable:
    header_index = _header_index(records)
    if header_index is None:
        raise RuleRefused(N_("The file {name} has no header row."), {"name": path.name})
    headers = _unique_headers(records[header_index])
    width = len(headers)
    rows = []
    for index in range(header_index + 1, len(records)):
        values = records[index][:width]
        if "".join(values).strip():  # not a blank row (every cell is text)
            _refuse_long_cells(index + 1, headers, values)
            rows.append((index + 1, values + [""] * (width - len(values))))
    return LedgerTable(path, file_format, encoding, digest, header_index + 1, headers, rows)


def _refuse_long_cells(row: int, headers: list[str], values: list[str]) -> None:
    for header, value in zip(headers, values, strict=False):
        if len(value) > MAX_CELL_CHARACTERS:
            raise RuleRefused(N_("Row {row}, {column}: the cell holds {length:,} characters; a "
                                 "ledger cell holds at most {most:,}."),
                              {"row": row, "column": header, "length": len(value),
                               "most": MAX_CELL_CHARACTERS})


def _header_index(records: list[list[str]]) -> int | None:
    """The first row that names at least two known columns, else the first row with two cells."""
    first_filled = None
    for index, record in enumerate(records[:HEADER_SEARCH_ROWS]):
        cells = [value.strip() for value in record if value and value.strip()]
        if len(cells) < 2:
            continue
        if recognised_count(cells) >= 2:
            return index
        if first_filled is None:
            first_filled = index
    return first_filled


def _unique_headers(record: list[str]) -> list[str]:
    """Header texts, trailing empty cells dropped; a repeated or empty name gets a number."""
    values = [value.strip() for value in record]
    while values and not values[-1]:
        values.pop()
    seen: dict[str, int] = {}
    headers = []
    for position, value in enumerate(values, 1):
        name = value or f"({position})"
        count = seen.get(name, 0) + 1
        seen[name] = count
        headers.append(name if count == 1 else f"{name} ({count})")
    return headers


@contextmanager
def replaced_atomically(target: str | Path, mode: str = "w", **options) -> Iterator[IO]:
    """Write to a temporary file beside `target` and rename it over `target` only when done.

    A full disk, an error or a refusal half way leaves no half-written file and keeps any old one.
    """
    target = Path(target)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                             dir=target.parent)
    except OSError as error:  # it names the temporary file it chose: name the target
        raise naming(error, target, error.filename) from None
    try:
        with os.fdopen(handle, mode, **options) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise naming(error, target, temporary) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
