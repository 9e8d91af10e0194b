"""What a prefecture sees of a quarter: which towns have reported, and their figures added up.

The consolidated figures take each town's newest imported version of the quarter. Their keys are
the union over the towns (a key missing from a town's package counts 0 there), known keys in the
order of domain/figure_keys.py, others after them by name. The pseudonymous rows show how many
people are registered in more than one town, and in more than three (a ふるさと住民 may register
in at most three municipalities, which only the prefecture can check).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.figure_keys import FIGURE_KEYS
from desktop_app.domain.quarters import FiscalQuarter
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.services.exchange_keys import is_prefecture
from desktop_app.services.ledger_files import replaced_atomically
from desktop_app.services.municipalities import all_municipalities
from desktop_app.services.session import Session

TOTAL = "total"
MOST_TOWNS = 3  # a ふるさと住民 registers in at most three municipalities
_KNOWN = {key: index for index, key in enumerate(FIGURE_KEYS)}


@dataclass(frozen=True)
class TownStatus:
    municipality_code: str
    office: str  # the office named in its newest package, else the municipality's name
    versions: list[int]  # imported versions of the quarter, oldest first
    latest_imported_at: str | None
    reported: bool
    trusted: bool  # a key is trusted for it now


@dataclass(frozen=True)
class Consolidated:
    quarter: FiscalQuarter
    keys: tuple[str, ...]  # the figure keys, as the report's columns
    rows: list[dict]  # per town: municipality_code, then every key
    total: dict  # municipality_code "total", then every key summed
    people_in_several_towns: int
    people_in_more_than_three_towns: int
    towns_reported: int
    towns_with_rows: int  # towns whose newest package's rows were read


def _require(session: Session) -> None:
    session.require(Permission.EXPORT)
    if not is_prefecture(session.db):
        raise RuleRefused(N_("Only a prefecture's file holds towns' returns."))


def reporting_status(session: Session, quarter: FiscalQuarter) -> list[TownStatus]:
    """One row per trusted town and per town with a package of the quarter, by 団体コード."""
    _require(session)
    db = session.db
    packages: dict[str, list[dict]] = {}
    for row in db.prefecture_returns.of_quarter(str(quarter)):
        packages.setdefault(row["municipality_code"], []).append(row)
    trusted = {row["municipality_code"] for row in db.trust.all() if row["revoked_at"] is None}
    names = all_municipalities()
    statuses = []
    for code in sorted(trusted | set(packages)):
        rows = packages.get(code, [])
        town = names.get(code)
        statuses.append(TownStatus(
            municipality_code=code,
            office=rows[-1]["office"] if rows else (town.full_name if town else code),
            versions=[row["version"] for row in rows],
            latest_imported_at=max((row["imported_at"] for row in rows), default=None),
            reported=bool(rows), trusted=code in trusted))
    return statuses


def consolidated(session: Session, quarter: FiscalQuarter) -> Consolidated:
    _require(session)
    repository = session.db.prefecture_returns
    latest = repository.latest_of_quarter(str(quarter))
    figures = {row["municipality_code"]: repository.figures(row["id"]) for row in latest}
    keys = tuple(sorted({key for values in figures.values() for key in values},
                        key=lambda key: (_KNOWN.get(key, len(_KNOWN)), key)))
    rows = [{"municipality_code": code, **{key: values.get(key, 0) for key in keys}}
            for code, values in figures.items()]
    total = {"municipality_code": TOTAL, **{key: sum(row[key] for row in rows) for key in keys}}
    people = repository.people_by_towns(str(quarter))
    return Consolidated(
        quarter=quarter, keys=keys, rows=rows, total=total,
        people_in_several_towns=sum(n for towns, n in people.items() if towns > 1),
        people_in_more_than_three_towns=sum(n for towns, n in people.items()
                                            if towns > MOST_TOWNS),
        towns_reported=len(latest), towns_with_rows=sum(row["rows_read"] for row in latest))


def write_report(session: Session, quarter: FiscalQuarter, out_path: Path) -> Path:
    """The consolidated figures as .csv (UTF-8 with a BOM, for Excel), .xlsx or .pdf."""
    out_path = Path(out_path)
    suffix = out_path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".pdf"):
        raise RuleRefused(N_("A report is written as .csv, .xlsx or .pdf, not {suffix}."),
                          {"suffix": out_path.suffix or out_path.name})
    report = consolidated(session, quarter)
    if suffix == ".pdf":
        from desktop_app.printing.prefecture_report import render_prefecture_report
        from desktop_app.services.preferences import date_style

        office = session.db.office.get()
        statuses = reporting_status(session, quarter)
        data = render_prefecture_report(report, statuses, office["office_name"],
                                        date_style=date_style(session.db))
        with replaced_atomically(out_path, "wb") as stream:
            stream.write(data)
    elif suffix == ".xlsx":
        _write_xlsx(report, out_path)
    else:
        with replaced_atomically(out_path, "w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.writer(stream, lineterminator="\r\n")
            for values in _table(report):
                writer.writerow(values)
    with session.write("prefecture.report", "prefecture_return") as change:
        change.entity_id = str(quarter)
        change.after = {"file": out_path.name, "towns": report.towns_reported}
    return out_path


def _table(report: Consolidated) -> list[list]:
    columns = ["municipality_code", *report.keys]
    return [columns, *([row[column] for column in columns]
                       for row in [*report.rows, report.total])]


def _write_xlsx(report: Consolidated, out_path: Path) -> None:
    # openpyxl is imported here: it costs start-up time and only this export needs it.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(report.quarter))
    for values in _table(report):
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula, whatever it starts with
            cells.append(cell)
        sheet.append(cells)
    with replaced_atomically(out_path, "wb") as stream:
        workbook.save(stream)
