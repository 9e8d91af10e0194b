"""`futasato registrants template|import|export`: the register to and from Excel ledgers."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from desktop_app.commands.common import (
    EXIT_OK,
    EXIT_REFUSED,
    UsageError,
    clerk_session,
    emit,
    open_database,
    registrants_group,
)
from desktop_app.i18n import _, ngettext


def register(commands) -> None:
    group = registrants_group(commands)
    template = group.add_parser("template", help=_("write the empty import template (CSV)"))
    template.add_argument("--out", type=Path, required=True, help=_("the file to write"))
    template.set_defaults(run=run_template)

    load = group.add_parser("import", help=_("import people from a CSV or Excel ledger"))
    load.add_argument("file", type=Path, help=_("CSV (UTF-8 or Shift_JIS) or XLSX file"))
    load.add_argument("--mapping", help=_("JSON (inline or a file) sending each column of the "
                                          "file to a field, e.g. {\"氏名\": \"full_name\"}"))
    load.add_argument("--dry-run", action="store_true",
                      help=_("check every row and list the problems; save nothing"))
    load.add_argument("--skip-bad-rows", action="store_true",
                      help=_("import the good rows and leave out the rows listed as bad"))
    load.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                      help=_("print the report as JSON"))
    load.set_defaults(run=run_import)

    export = group.add_parser("export", help=_("export the register as CSV or XLSX"))
    export.add_argument("--out", type=Path, required=True, help=_("the file to write"))
    export.add_argument("--encoding", default="utf-8-sig",
                        choices=("utf-8", "utf-8-sig", "cp932", "shift_jis"),
                        help=_("CSV encoding: UTF-8 with BOM (default) or Shift_JIS (CP932)"))
    export.add_argument("--format", dest="file_format", choices=("csv", "xlsx"),
                        help=_("csv or xlsx (default: from the file name)"))
    export.add_argument("--dates", choices=("iso", "wareki"),
                        help=_("dates as 2025-04-01 or 令和7年4月1日 (default: the office's "
                               "date setting)"))
    export.add_argument("--include-erased", action="store_true",
                        help=_("also export people erased at their request"))
    export.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help=_("print the result as JSON"))
    export.set_defaults(run=run_export)


def run_template(args: argparse.Namespace) -> int:
    from desktop_app.services.ledger_export import write_template

    path = write_template(args.out)
    print(_("Template written to {path}.").format(path=path))
    return EXIT_OK


def _mapping(text: str | None) -> dict | None:
    if text is None:
        return None
    candidate = Path(text)
    try:
        raw = candidate.read_text(encoding="utf-8-sig") if candidate.is_file() else text
        mapping = json.loads(raw)
    except (OSError, ValueError) as error:
        raise UsageError(_("--mapping takes JSON or a JSON file: {reason}").format(
            reason=error)) from None
    if not isinstance(mapping, dict):
        raise UsageError(_("--mapping must be a JSON object of column → field."))
    return mapping


def run_import(args: argparse.Namespace) -> int:
    from desktop_app.services.ledger_import import import_file

    mapping = _mapping(args.mapping)
    db = open_database(args)
    try:
        plan, result = import_file(clerk_session(db), args.file, mapping=mapping,
                                   dry_run=args.dry_run, skip_bad_rows=args.skip_bad_rows)
    finally:
        db.close()
    report = result.as_dict() if result else {**plan.as_dict(), "imported": 0}
    lines = [ngettext("{file}: {rows} row, {ready} ready to import, {bad} with problems.",
                      "{file}: {rows} rows, {ready} ready to import, {bad} with problems.",
                      len(plan.table.rows)).format(
        file=plan.table.name, rows=len(plan.table.rows), ready=len(plan.ready),
        bad=len(plan.bad_rows))]
    lines += [_("row {row}, {column} ({field}): {message}").format(
        row=p.row, column=p.column or "-", field=p.field_label or "-", message=p.message)
        for p in plan.problems]
    if result:
        lines.append(ngettext("Imported {count} person; nothing else changed.",
                              "Imported {count} people; nothing else changed.",
                              result.imported).format(count=result.imported))
    elif args.dry_run:
        lines.append(_("Dry run: nothing was saved."))
    else:
        lines.append(_("Nothing was saved. Correct the rows above, or import the others with "
                       "--skip-bad-rows."))
    emit(args, report, "\n".join(lines))
    return EXIT_REFUSED if plan.bad_rows and not (result and args.skip_bad_rows) else EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from desktop_app.services.ledger_export import ExportRefused, export_registrants

    file_format = args.file_format or ("xlsx" if args.out.suffix.lower() == ".xlsx" else "csv")
    db = open_database(args)
    try:
        result = export_registrants(clerk_session(db), args.out, file_format=file_format,
                                    encoding=args.encoding, date_style=args.dates,
                                    include_erased=args.include_erased)
    except ExportRefused as refused:
        lines = [_("row {row}, {column}: {message}").format(row=p.row, column=p.column,
                                                            message=p.message)
                 for p in refused.problems]
        print("\n".join([*lines, refused.message]), file=sys.stderr)
        return refused.exit_code
    finally:
        db.close()
    emit(args, result.as_dict(), ngettext("Exported {rows} person to {path}.",
                                           "Exported {rows} people to {path}.",
                                           result.rows).format(
        rows=result.rows, path=result.path))
    return EXIT_OK
