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
from desktop_app.domain.text import N_

# The header row is looked for among the first rows (a title row and blank rows may come first).
HEADER_SEARCH_ROWS = 20


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
        data = path.read_bytes()
    except OSError as error:
        raise RuleRefused(N_("The file {name} cannot be read: {reason}"),
                          {"name": path.name, "reason": reason(error)}) from None
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
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        if "=" not in text and "'" not in text:  # nothing to unwrap: the usual ledger
            return list(reader)
        # Only a cell starting with = or ' can need unwrapping ("" is `in` any string: harmless).
        return [[_unwrap(value) if value[:1] in "='" else value for value in record]
                for record in reader]
    except csv.Error as error:
        raise RuleRefused(N_("The CSV file is damaged near row {row}: {reason}"),
                          {"row": reader.line_num, "reason": str(error)}) from None


def _unwrap(value: str) -> str:
    """Undo the protections export puts on cells for Excel: ="0123" and a leading apostrophe."""
    if len(value) >= 3 and value.startswith('="') and value.endswith('"'):
        return value[2:-1].replace('""', '"')
    if len(value) >= 2 and value[0] == "'" and value[1] in "=+-@":
        return value[1:]
    return value


def _xlsx_records(path: Path, data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as error:
        raise RuleRefused(N_("The file {name} is not an Excel workbook that can be read: "
                             "{reason}"), {"name": path.name, "reason": str(error)}) from None
    try:
        sheet = workbook.active or workbook.worksheets[0]
        # Read-only sheets yield empty rows for gaps, so the index is Excel's row number.
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


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
            rows.append((index + 1, values + [""] * (width - len(values))))
    return LedgerTable(path, file_format, encoding, digest, header_index + 1, headers, rows)


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
