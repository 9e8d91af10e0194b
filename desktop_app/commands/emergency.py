"""`futasato emergency list` and `futasato print emergency`: the 非常時 list (supervisors)."""

from __future__ import annotations

import argparse
from datetime import date

from desktop_app.commands.common import EXIT_OK, emit, signed_in
from desktop_app.domain.dates import parse_date
from desktop_app.domain.emergency import PRESENCE_LABELS
from desktop_app.i18n import _, translate_label


def register(commands) -> None:
    group = commands.add_parser("emergency", help=_(
        "who is in town on a day, or lives in an area hit elsewhere (supervisors)"))
    lists = group.add_subparsers(dest="emergency_command", metavar=_("command"), required=True)
    listing = lists.add_parser("list", help=_("the emergency list, grouped by district"))
    add_query_options(listing)
    listing.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                         help=_("print the list as JSON"))
    listing.set_defaults(run=run_list)


def add_query_options(parser: argparse.ArgumentParser) -> None:
    """The options `emergency list` and `print emergency` share."""
    parser.add_argument("--date", default=None,
                        help=_("the day (YYYY-MM-DD or R8.12.3; default today)"))
    parser.add_argument("--area", default="", help=_("only this district of the town"))
    parser.add_argument("--hit-prefecture", default="",
                        help=_("a disaster elsewhere: people whose address is in this "
                               "prefecture, and those who would help rebuild"))
    parser.add_argument("--hit-city", default="",
                        help=_("with --hit-prefecture: only this city, town or village"))


def query_of(args: argparse.Namespace):
    from desktop_app.services.emergency import EmergencyQuery

    return EmergencyQuery(day=parse_date(args.date) if args.date else date.today(),
                          area=args.area, hit_prefecture=args.hit_prefecture,
                          hit_city=args.hit_city)


@signed_in
def run_list(args: argparse.Namespace, session) -> int:
    from desktop_app.services.emergency import emergency_list

    found = emergency_list(session, query_of(args), purpose="export" if args.json else "view")
    lines = []
    for district, people in found.groups:
        lines.append(_("{district} ({count})").format(district=district, count=len(people)))
        lines.extend(f"  {e.name}  {translate_label(PRESENCE_LABELS[e.presence])}"
                     f"  {e.place}  {e.address}  {e.phone}  {e.contact}" for e in people)
    emit(args, found.as_data(), "\n".join(lines) or _("Nobody is on the list."))
    return EXIT_OK
