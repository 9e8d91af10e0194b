"""`futasato return reopen|register`: unlocking a signed-off quarter, and the export register
(外部記録媒体の管理簿) of every package written to a medium."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop_app.commands.common import EXIT_OK, emit, signed_in
from desktop_app.i18n import _, ngettext


def add_actions(actions: argparse._SubParsersAction) -> None:
    """Add `reopen` and `register` to the `return` group's sub-commands."""
    reopen = actions.add_parser("reopen", help=_("re-open a signed-off quarter so that it can "
                                                 "be exported again, as the next version "
                                                 "(supervisors)"))
    reopen.add_argument("--quarter", required=True, help=_("the fiscal quarter, e.g. 2025Q1"))
    reopen.add_argument("--reason", required=True, help=_("why it is re-opened (kept in the "
                                                          "audit trail)"))
    reopen.set_defaults(run=run_reopen)
    register = actions.add_parser("register", help=_("the export register: every package "
                                                     "written, newest first (supervisors)"))
    register.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                          help=_("print the rows as JSON"))
    register.add_argument("--out", type=Path, help=_("write the register to this CSV file"))
    register.set_defaults(run=run_register)


@signed_in
def run_reopen(args: argparse.Namespace, session) -> int:
    from desktop_app.services.quarter_returns import reopen

    version = reopen(session, args.quarter, args.reason)
    emit(args, {"quarter": version.quarter, "version": version.version, "state": version.state,
                "reason": version.reopen_reason},
         _("{quarter} re-opened (version {version}); the next export will be version "
           "{next}.").format(quarter=version.quarter, version=version.version,
                             next=version.version + 1))
    return EXIT_OK


@signed_in
def run_register(args: argparse.Namespace, session) -> int:
    from desktop_app.services.quarter_returns import export_register, export_register_csv

    if args.out is not None:
        rows = export_register_csv(session, args.out)
        emit(args, {"file": str(args.out), "rows": rows},
             ngettext("{rows} register row written to {path}.",
                      "{rows} register rows written to {path}.", rows).format(
                 rows=rows, path=args.out))
        return EXIT_OK
    rows = export_register(session)
    lines = [f"{r['written_at']}\t{r['written_by']}\t{r['quarter']} v{r['version']}"
             f"\t{r['file_name']}\t{r['size']}\t{r['sha256']}\t{r['destination']}"
             for r in rows]
    lines.append(ngettext("{count} package in the register.",
                          "{count} packages in the register.", len(rows)).format(
        count=len(rows)))
    emit(args, rows, "\n".join(lines))
    return EXIT_OK
