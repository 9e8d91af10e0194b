"""`futasato audit verify|list|export`: check the chain, search the trail, export it as CSV."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop_app.commands.common import EXIT_OK, UsageError, clerk_session, emit, open_database
from desktop_app.domain.audit_actions import audit_sentence, record_kind
from desktop_app.i18n import _, ngettext


def register(commands) -> None:
    command = commands.add_parser("audit", help=_("verify, search and export the audit trail"))
    actions = command.add_subparsers(dest="audit_action", metavar=_("action"), required=True)
    verify = actions.add_parser("verify", help=_("check that no audit row was changed, "
                                                 "removed or moved"))
    verify.add_argument("--against", type=Path, metavar="NAME.zip", help=_(
        "also check that the trail still holds the audit head this office's package carries"))
    verify.set_defaults(run=run_verify)
    listing = actions.add_parser("list", help=_("show audit rows, newest first"))
    _filters(listing)
    listing.add_argument("--limit", type=int, default=100, help=_("at most this many rows"))
    listing.set_defaults(run=run_list)
    export = actions.add_parser("export", help=_("write audit rows to a CSV file"))
    _filters(export)
    export.add_argument("--csv", type=Path, required=True, help=_("the CSV file to write"))
    export.add_argument("--encoding", choices=("utf-8", "cp932"), default="utf-8",
                        help=_("character encoding of the file"))
    export.set_defaults(run=run_export)


def _filters(command: argparse.ArgumentParser) -> None:
    command.add_argument("--person", default="",
                         help=_("a registrant's number, card code or id"))
    command.add_argument("--clerk", default="", help=_("a clerk's login"))
    command.add_argument("--action", default="",
                         help=_("an action, or a prefix ending in a dot (e.g. sign_in.)"))
    command.add_argument("--from", dest="date_from", default="",
                         help=_("first day (2026-04-01 or R8.4.1)"))
    command.add_argument("--to", dest="date_to", default="", help=_("last day, included"))


def _audit_filter(args: argparse.Namespace):
    from desktop_app.domain.dates import parse_date
    from desktop_app.services.audit_trail import AuditFilter

    return AuditFilter(person=args.person, clerk=args.clerk, action=args.action,
                       date_from=parse_date(args.date_from) if args.date_from else None,
                       date_to=parse_date(args.date_to) if args.date_to else None)


def run_verify(args: argparse.Namespace) -> int:
    from desktop_app.services.audit_trail import verify_audit

    db = open_database(args)
    try:
        session = clerk_session(db)
        if args.against is not None:
            return _verify_against(args, session)
        rows = verify_audit(session)  # NotGenuine (exit 4) names the first bad row
    finally:
        db.close()
    emit(args, {"intact": True, "rows": rows},
         ngettext("The audit trail is intact: {rows} row.",
                  "The audit trail is intact: {rows} rows.", rows).format(rows=rows))
    return EXIT_OK


def _verify_against(args: argparse.Namespace, session) -> int:
    from desktop_app.services.package_check import verify_against

    held = verify_against(session, args.against)  # NotGenuine (exit 4) says what no longer holds
    emit(args, {"intact": True, **held},
         _("The audit trail is intact ({rows} rows) and still holds row {row} with the hash "
           "{package} witnessed at sign-off.").format(
             rows=f"{held['rows']:,}", row=held["witness_row"], package=held["file"]))
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    from desktop_app.services.audit_trail import filter_detail, record_list_view, search_audit

    if args.limit < 1:
        raise UsageError(_("--limit must be at least 1."))
    db = open_database(args)
    try:
        session = clerk_session(db)
        wanted = _audit_filter(args)
        total, rows = search_audit(session, wanted, 0, args.limit)  # supervisors and up
        # The rows' details hold people's data as it was changed: who read them is noted.
        record_list_view(session, "audit", "search", [r["id"] for r in rows],
                         detail={"filter": filter_detail(wanted), "total": total})
    finally:
        db.close()
    # --json keeps the stored codes (scripts filter on them); the text reads as the window does
    lines = [f"{r['id']}\t{r['at']}\t{audit_sentence(r['action'], r['clerk_name'])}"
             f"\t{record_kind(r['entity'])}\t{r['entity_id'] or ''}" for r in rows]
    lines.append(ngettext("{shown} of {total} row.", "{shown} of {total} rows.",
                          total).format(shown=len(rows), total=total))
    emit(args, {"total": total, "rows": rows}, "\n".join(lines))
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from desktop_app.services.audit_trail import export_audit_csv

    db = open_database(args)
    try:
        rows = export_audit_csv(clerk_session(db), _audit_filter(args), args.csv,
                                encoding=args.encoding)
    finally:
        db.close()
    emit(args, {"file": str(args.csv), "rows": rows},
         ngettext("{rows} audit row written to {path}.", "{rows} audit rows written to {path}.",
                  rows).format(rows=rows, path=args.csv))
    return EXIT_OK
