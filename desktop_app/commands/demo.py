"""`futasato demo`: fill an empty register with believable sample data."""

from __future__ import annotations

import argparse

from desktop_app.commands.common import EXIT_OK, UsageError, clerk_session, emit, open_database
from desktop_app.i18n import _, ngettext


def register(commands) -> None:
    command = commands.add_parser("demo", help=_("fill an empty register with sample data"))
    command.add_argument("--registrants", type=int, default=2000, help=_("how many people"))
    command.add_argument("--seed", type=int, default=1, help=_("same seed, same data"))
    command.set_defaults(run=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    from desktop_app.services.demo import fill_demo

    if args.registrants < 1:
        raise UsageError(_("--registrants must be at least 1."))
    db = open_database(args)
    try:
        summary = fill_demo(clerk_session(db), registrants=args.registrants, seed=args.seed)
    finally:
        db.close()
    counted = {key: phrase.format(n=f"{summary[key]:,}") for key, phrase in (
        ("registrants", ngettext("{n} registrant", "{n} registrants", summary["registrants"])),
        ("houses", ngettext("{n} house", "{n} houses", summary["houses"])),
        ("facilities", ngettext("{n} facility", "{n} facilities", summary["facilities"])),
        ("bookings", ngettext("{n} booking", "{n} bookings", summary["bookings"])))}
    emit(args, summary, _("Sample data added: {registrants}, {houses}, {facilities}, "
                          "{bookings}.").format(**counted))
    return EXIT_OK
