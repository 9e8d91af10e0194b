"""`futasato prefecture …`: a prefecture's own file, which receives the towns' returns."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop_app.commands.common import (
    EXIT_NOT_GENUINE,
    EXIT_OK,
    clerk_and_password,
    clerk_session,
    emit,
    open_database,
)
from desktop_app.commands.office import add_init_arguments
from desktop_app.i18n import _


def register(commands) -> None:
    prefecture = commands.add_parser("prefecture", help=_(
        "a prefecture's file: set-up, and the towns' returns"))
    actions = prefecture.add_subparsers(dest="prefecture_command", metavar=_("action"),
                                        required=True)
    init = actions.add_parser("init", help=_(
        "set up a prefecture's file: its signing key, its RSA-3072 certificate and its "
        "pseudonym key"))
    add_init_arguments(init)
    init.set_defaults(prefecture=True)

    imports = actions.add_parser("import", help=_(
        "import towns' returns (NAME.zip with NAME.zip.sig beside it); exit 4 when any is "
        "refused"))
    imports.add_argument("files", nargs="+", type=Path, metavar="FILE",
                         help=_("a town's package, NAME.zip"))
    imports.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                         help=_("print the outcomes as JSON"))
    imports.set_defaults(run=run_import)

    status = actions.add_parser("status", help=_(
        "which towns have reported for a quarter, and each town's versions"))
    status.add_argument("--quarter", required=True, help=_("the fiscal quarter, e.g. 2025Q1"))
    status.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help=_("print the towns as JSON"))
    status.set_defaults(run=run_status)

    report = actions.add_parser("report", help=_(
        "the towns' figures added up: one row per town and a total row (.csv, .xlsx or .pdf)"))
    report.add_argument("--quarter", required=True, help=_("the fiscal quarter, e.g. 2025Q1"))
    report.add_argument("--out", required=True, type=Path, help=_("FILE.csv, .xlsx or .pdf"))
    report.set_defaults(run=run_report)


def run_import(args: argparse.Namespace) -> int:
    from desktop_app.services.prefecture_import import (
        ALREADY_IMPORTED,
        IMPORTED,
        REFUSED,
        import_packages,
    )

    db = open_database(args)
    try:
        session, typed = clerk_and_password(db)  # the same password opens the decryption key
        outcomes = import_packages(session, args.files, password=typed)
    finally:
        db.close()
    words = {IMPORTED: _("imported"), ALREADY_IMPORTED: _("already imported"),
             REFUSED: _("refused")}
    lines = []
    for outcome in outcomes:
        line = f"{outcome.path.name}: {words[outcome.status]}"
        if outcome.reason:
            line += f" — {outcome.reason}"
        lines.append(line)
    emit(args, [{"file": str(o.path), "status": o.status,
                 "municipality_code": o.municipality_code, "quarter": o.quarter,
                 "version": o.version, "rows_read": o.rows_read, "reason": o.reason}
                for o in outcomes], "\n".join(lines))
    refused = any(o.status == REFUSED for o in outcomes)
    return EXIT_NOT_GENUINE if refused else EXIT_OK


def run_status(args: argparse.Namespace) -> int:
    from desktop_app.domain.quarters import FiscalQuarter
    from desktop_app.services.prefecture_report import reporting_status

    quarter = FiscalQuarter.parse(args.quarter)
    db = open_database(args)
    try:
        statuses = reporting_status(clerk_session(db), quarter)
    finally:
        db.close()
    reported = [s for s in statuses if s.reported]
    lines = [_("{quarter}: {reported} of {towns} towns have reported.").format(
        quarter=quarter, reported=len(reported), towns=len(statuses))]
    for status in statuses:
        if status.reported:
            state = _("reported, versions {versions} (last imported {at})").format(
                versions=", ".join(map(str, status.versions)),
                at=status.latest_imported_at[:16].replace("T", " "))
        else:
            state = _("not reported")
        if not status.trusted:
            state += " " + _("(no key trusted now)")
        lines.append(f"  {status.municipality_code}  {status.office}  {state}")
    emit(args, {"quarter": str(quarter), "towns": [
        {"municipality_code": s.municipality_code, "office": s.office, "versions": s.versions,
         "latest_imported_at": s.latest_imported_at, "reported": s.reported,
         "trusted": s.trusted} for s in statuses]}, "\n".join(lines))
    return EXIT_OK


def run_report(args: argparse.Namespace) -> int:
    from desktop_app.domain.quarters import FiscalQuarter
    from desktop_app.services.prefecture_report import write_report

    quarter = FiscalQuarter.parse(args.quarter)
    db = open_database(args)
    try:
        written = write_report(clerk_session(db), quarter, args.out)
    finally:
        db.close()
    print(written)
    return EXIT_OK

