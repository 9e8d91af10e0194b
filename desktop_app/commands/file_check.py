"""`futasato check`: is the database file sound."""

from __future__ import annotations

import argparse

from desktop_app.commands.common import EXIT_OK, EXIT_REFUSED, database_path, emit
from desktop_app.i18n import _


def register(commands) -> None:
    command = commands.add_parser("check", help=_("check the database file is sound"))
    command.set_defaults(run=run_check)


def run_check(args: argparse.Namespace) -> int:
    from desktop_app.services.file_check import check_file

    report = check_file(database_path(args))
    lines = [_("File: {path}").format(path=report["path"]),
             _("Schema version: {version}").format(version=report["schema_version"])]
    lines += [f"  {table}: {count}" for table, count in report["tables"].items()]
    lines += [_("Problem: {problem}").format(problem=p) for p in report["problems"]]
    lines.append(_("The file is sound.") if report["sound"] else _("The file has problems."))
    emit(args, report, "\n".join(lines))
    return EXIT_OK if report["sound"] else EXIT_REFUSED
