"""`futasato anonymise` and `futasato disclosure`: personal data at the end of its life, and on
a person's request."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from desktop_app.commands.common import EXIT_OK, UsageError, clerk_session, emit, open_database
from desktop_app.i18n import _, ngettext


def register(commands) -> None:
    anonymise = commands.add_parser(
        "anonymise", help=_("anonymise people removed from the register (抹消) after the "
                            "retention period (supervisors)"))
    anonymise.add_argument("--older-than", type=int, metavar=_("DAYS"),
                           help=_("erased more than this many days ago (default: the town's "
                                  "retention setting)"))
    anonymise.add_argument("--dry-run", action="store_true",
                           help=_("only count who would be anonymised"))
    anonymise.set_defaults(run=run_anonymise)
    disclosure = commands.add_parser(
        "disclosure", help=_("everything held about one person, for a disclosure request "
                             "(開示請求), as JSON (supervisors)"))
    disclosure.add_argument("person", help=_("registrant number or id"))
    disclosure.add_argument("--out", type=Path, required=True, help=_("the JSON file to write"))
    disclosure.set_defaults(run=run_disclosure)


def run_anonymise(args: argparse.Namespace) -> int:
    from desktop_app.services.anonymise import anonymise_erased, due_for_anonymising

    if args.older_than is not None and args.older_than < 0:
        raise UsageError(_("--older-than cannot be negative."))
    db = open_database(args)
    try:
        session = clerk_session(db)
        if args.dry_run:
            ids = due_for_anonymising(session, args.older_than)
        else:
            ids = anonymise_erased(session, args.older_than)
    finally:
        db.close()
    text = (ngettext("{count} person would be anonymised.",
                     "{count} people would be anonymised.", len(ids)) if args.dry_run
            else ngettext("{count} person anonymised.", "{count} people anonymised.",
                          len(ids))).format(count=len(ids))
    emit(args, {"ids": ids, "count": len(ids), "dry_run": args.dry_run}, text)
    return EXIT_OK


def run_disclosure(args: argparse.Namespace) -> int:
    from desktop_app.services.disclosure import disclosure_record

    db = open_database(args)
    try:
        record = disclosure_record(clerk_session(db), args.person)
    finally:
        db.close()
    args.out.write_text(json.dumps(record, ensure_ascii=False, indent=2, default=str),
                        encoding="utf-8")
    emit(args, {"file": str(args.out)},
         _("The full record was written to {path}.").format(path=args.out))
    return EXIT_OK
