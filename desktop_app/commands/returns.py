"""`futasato return …`: the quarterly return to the prefecture (報告): `show`, `export` and
`summary` here, the sign-off register's actions in return_ledger."""

from __future__ import annotations

import argparse
import json
import unicodedata
from pathlib import Path

from desktop_app.commands import return_ledger
from desktop_app.commands.common import (
    EXIT_OK,
    clerk_and_password,
    clerk_session,
    emit,
    open_database,
    signed_in,
)
from desktop_app.i18n import _


def return_group(commands) -> argparse._SubParsersAction:
    """The `return` command group; the sign-off and export commands add theirs to it."""
    parser = commands.choices.get("return")
    if parser is None:
        parser = commands.add_parser("return", help=_("the quarterly return to the prefecture"))
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return parser.add_subparsers(dest="return_command", metavar=_("command"), required=True)


def register(commands) -> None:
    actions = return_group(commands)
    show = actions.add_parser(
        "show", help=_("print a quarter's figures (supervisor)"))
    show.add_argument("--quarter", required=True, help=_("the fiscal quarter, e.g. 2025Q1"))
    show.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                      help=_("print one JSON object: figure key → number"))
    show.set_defaults(run=run_show)
    export = actions.add_parser("export", help=_(
        "sign a quarter off and write its package NAME.zip and NAME.zip.sig to a folder "
        "(supervisor)"))
    export.add_argument("--quarter", required=True, help=_("the fiscal quarter, e.g. 2025Q1"))
    export.add_argument("--out", type=Path, required=True,
                        help=_("the folder to write to (the USB stick)"))
    export.add_argument("--with-rows", action="store_true", help=_(
        "add the pseudonymous record-level rows, encrypted to the prefecture (rows.p7m)"))
    export.set_defaults(run=run_export)
    summary = actions.add_parser("summary", help=_(
        "write a quarter's PDF summary beside the previous quarter (supervisor)"))
    summary.add_argument("--quarter", required=True, help=_("the fiscal quarter, e.g. 2025Q1"))
    summary.add_argument("--out", type=Path, required=True, help=_("the PDF file to write"))
    summary.set_defaults(run=run_summary)
    return_ledger.add_actions(actions)


def run_show(args: argparse.Namespace) -> int:
    from desktop_app.domain.figure_keys import SECTIONS
    from desktop_app.domain.quarters import FiscalQuarter
    from desktop_app.services.preferences import date_style
    from desktop_app.services.return_figures import quarter_figures

    quarter = FiscalQuarter.parse(args.quarter)
    db = open_database(args)
    try:
        figures = quarter_figures(clerk_session(db), quarter).flat
        style = date_style(db)
    finally:
        db.close()
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return EXIT_OK
    from desktop_app.domain.dates import format_date

    lines = [_("{quarter} ({start} – {end})").format(
        quarter=quarter.label(style), start=format_date(quarter.start, style),
        end=format_date(quarter.end, style))]
    for section in SECTIONS:
        lines += ["", section.text()]
        lines += [f"  {_padded(figure.text(), 40)}{figures[figure.key]:>12,}"
                  for figure in section.figures]
    print("\n".join(lines))
    return EXIT_OK


def _padded(text: str, columns: int) -> str:
    """`text` padded to `columns` terminal columns: a kanji or kana takes two."""
    used = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(1, columns - used)


def run_export(args: argparse.Namespace) -> int:
    from desktop_app.domain.quarters import FiscalQuarter
    from desktop_app.services.return_export import export_return

    quarter = FiscalQuarter.parse(args.quarter)
    db = open_database(args)
    try:
        session, typed = clerk_and_password(db)  # the same password opens the exchange key
        exported = export_return(session, quarter, args.out, password=typed,
                                 with_rows=args.with_rows)
    finally:
        db.close()
    emit(args, {"zip": str(exported.zip_path), "version": exported.version,
                "sha256": exported.sha256, "size": exported.size}, str(exported.zip_path))
    return EXIT_OK


@signed_in
def run_summary(args: argparse.Namespace, session) -> int:
    from desktop_app.domain.quarters import FiscalQuarter
    from desktop_app.services.return_export import write_summary

    path = write_summary(session, FiscalQuarter.parse(args.quarter), args.out)
    emit(args, {"file": str(path)}, _("Summary written to {path}.").format(path=path))
    return EXIT_OK
