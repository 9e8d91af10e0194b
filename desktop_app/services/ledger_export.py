"""Writing the register out as the app's template: CSV (UTF-8 with BOM, or CP932) or XLSX.

The file is written beside its target and renamed into place only when complete, so a full disk
or a refusal leaves no half file. A value that CP932 cannot hold (𠮷, 𩸽) is reported by row and
column and the CP932 export is refused: it is never written as '?'.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.ledger_columns import TEMPLATE_COLUMNS, TEMPLATE_HEADERS, LedgerField
from desktop_app.domain.ledger_rows import RowProblem
from desktop_app.domain.ledger_values import (
    DATE_STYLES,
    excel_csv_cell,
    for_cp932,
    not_in_cp932,
    template_values,
)
from desktop_app.domain.progress import Progress
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_, Count, Nn_
from desktop_app.services import preferences
from desktop_app.services.ledger_files import replaced_atomically
from desktop_app.services.session import Session

ENCODINGS = {"utf-8": "utf-8-sig", "utf-8-sig": "utf-8-sig", "utf8": "utf-8-sig",
             "cp932": "cp932", "shift_jis": "cp932", "sjis": "cp932", "shift-jis": "cp932"}
FORMATS = ("csv", "xlsx")


class ExportRefused(RuleRefused):
    """Some values cannot be written as asked; `problems` names each. No file was written."""

    def __init__(self, msgid: str, params: dict, problems: list[RowProblem]):
        super().__init__(msgid, params)
        self.problems = problems


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    file_format: str
    encoding: str
    sha256: str

    def as_dict(self) -> dict:
        return {"file": str(self.path), "rows": self.rows, "format": self.file_format,
                "encoding": self.encoding, "sha256": self.sha256}


def _values(problems: list) -> Count:
    return Count(len(problems), Nn_("{n} value", "{n} values"))


def write_template(out: str | Path) -> Path:
    """The empty template (CSV, UTF-8 with BOM) that import accepts with no mapping step."""
    out = Path(out)
    with replaced_atomically(out, "w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream, lineterminator="\r\n").writerow(TEMPLATE_HEADERS)
    return out


def export_date_style(session: Session) -> str:
    """和暦 when the office shows dates in 和暦, else ISO (which Excel reads as a date)."""
    return "wareki" if preferences.date_style(session.db) == "wareki" else "iso"


def export_registrants(session: Session, out: str | Path, *, file_format: str = "csv",
                       encoding: str = "utf-8-sig", date_style: str | None = None,
                       include_erased: bool = False,
                       progress: Progress | None = None) -> ExportResult:
    """Write every registrant to `out`; one audit row records the file, its rows and hash."""
    session.require(Permission.EXPORT)
    out = Path(out)
    if file_format not in FORMATS:
        raise RuleRefused(N_("Export writes CSV or XLSX, not {format}."),
                          {"format": file_format}, field=N_("Format"))
    if encoding.lower() not in ENCODINGS:
        raise RuleRefused(N_("Export writes UTF-8 or Shift_JIS (CP932), not {encoding}."),
                          {"encoding": encoding}, field=N_("Encoding"))
    encoding = ENCODINGS[encoding.lower()] if file_format == "csv" else ""
    date_style = date_style or export_date_style(session)
    if date_style not in DATE_STYLES:
        raise RuleRefused(N_("Dates are written as iso or wareki, not {style}."),
                          {"style": date_style}, field=N_("Dates"))
    ledger = session.db.ledger
    total = ledger.count_for_export(include_erased)
    rows = _rows(ledger.rows_for_export(include_erased), date_style, total, progress)
    if file_format == "csv":
        count = _write_csv(out, rows, encoding)
    else:
        count = _write_xlsx(out, rows, date_style)
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    result = ExportResult(out, count, file_format, encoding, digest)
    with session.write("registrant.export", "registrant_export") as change:
        change.entity_id = digest
        change.after = {"file": out.name, "rows": count, "format": file_format,
                        "encoding": encoding, "sha256": digest, "dates": date_style}
    if progress:
        progress(1.0, "")
    return result


def _rows(records: Iterator[dict], date_style: str, total: int,
          progress: Progress | None) -> Iterator[tuple[int, list[str]]]:
    """(row number in the file, cells): the header is row 1."""
    for index, record in enumerate(records):
        if progress and index % 2000 == 0:
            progress(0.95 * index / max(total, 1), "")
        yield index + 2, template_values(record, date_style)


def _write_csv(out: Path, rows: Iterator[tuple[int, list[str]]], encoding: str) -> int:
    cp932 = encoding == "cp932"
    problems: list[RowProblem] = []
    count = 0
    with replaced_atomically(out, "w", encoding=encoding, newline="",
                             errors="strict") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(TEMPLATE_HEADERS)
        for row, values in rows:
            count += 1
            if cp932:
                values = [for_cp932(value) for value in values]
                for (header, target), value in zip(TEMPLATE_COLUMNS, values, strict=True):
                    missing = not_in_cp932(value)
                    if missing:
                        problems.append(RowProblem(row, header, target, N_(
                            "'{value}' has characters Shift_JIS (CP932) cannot hold: {chars}."),
                            {"value": value, "chars": " ".join(missing)}))
            if problems:
                continue  # keep looking so that every problem is listed; the file is dropped
            writer.writerow([excel_csv_cell(target, value) for (_h, target), value
                             in zip(TEMPLATE_COLUMNS, values, strict=True)])
        if problems:
            raise ExportRefused(
                N_("{values} cannot be written in Shift_JIS (CP932); nothing was "
                   "written. Export in UTF-8 instead."), {"values": _values(problems)}, problems)
    return count


def _write_xlsx(out: Path, rows: Iterator[tuple[int, list[str]]], date_style: str) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("台帳")
    for letter, width in zip("ABCDEFGHIJKLMN", (10, 10, 12, 12, 12, 6, 10, 40, 16, 28, 14, 10,
                                                 12, 8), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append(list(TEMPLATE_HEADERS))
    problems: list[RowProblem] = []
    count = 0
    for row, values in rows:
        count += 1
        cells: list = []
        for (header, target), value in zip(TEMPLATE_COLUMNS, values, strict=True):
            if ILLEGAL_CHARACTERS_RE.search(value):
                problems.append(RowProblem(row, header, target, N_(
                    "'{value}' has control characters that Excel cannot hold."), {"value": value}))
            cells.append(_xlsx_cell(sheet, WriteOnlyCell, target, value, date_style))
        if not problems:
            sheet.append(cells)
    if problems:
        raise ExportRefused(N_("{values} cannot be written to Excel; nothing was written."),
                            {"values": _values(problems)}, problems)
    with replaced_atomically(out, "wb") as stream:
        workbook.save(stream)
    return count


def _xlsx_cell(sheet, cell_type, target: LedgerField, value: str, date_style: str):
    if target is LedgerField.BIRTH_DATE and value and date_style == "iso":
        cell = cell_type(sheet, value=date.fromisoformat(value))
        cell.number_format = "yyyy-mm-dd"
        return cell
    if value.startswith("="):  # text, never a formula
        cell = cell_type(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value
