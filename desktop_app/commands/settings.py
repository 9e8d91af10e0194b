"""`futasato settings list|set`: the office's printed texts (the office head who signs
certificates, the contact) and how dates are shown, as the 設定 page sets them."""

from __future__ import annotations

import argparse

from desktop_app.commands.common import EXIT_OK, emit, signed_in
from desktop_app.i18n import _
from desktop_app.services import preferences, print_settings

# The name typed on the command line → the stored setting.
NAMES = {"head-title": print_settings.MAYOR_TITLE, "head-name": print_settings.MAYOR_NAME,
         "contact": print_settings.CONTACT, "date-style": preferences.DATE_STYLE}


def register(commands) -> None:
    command = commands.add_parser("settings", help=_(
        "the office head printed on certificates, the office contact and the date style"))
    actions = command.add_subparsers(dest="settings_action", metavar=_("action"), required=True)
    listing = actions.add_parser("list", help=_("show each setting and its value"))
    listing.set_defaults(run=signed_in(run_list))
    change = actions.add_parser("set", help=_("change a setting (administrators); an empty "
                                              "value goes back to the default"))
    change.add_argument("name", choices=tuple(NAMES), help=_("the setting"))
    change.add_argument("value", help=_("the new value (date-style: wareki or seireki)"))
    change.set_defaults(run=signed_in(run_set))


def values(db) -> dict[str, str]:
    """Each setting as it prints now (a default filled in), by command-line name."""
    printed = print_settings.load(db)
    return {"head-title": printed.mayor_title, "head-name": printed.mayor_name,
            "contact": printed.contact, "date-style": printed.date_style}


def run_list(args: argparse.Namespace, session) -> int:
    shown = values(session.db)
    stored = session.db.settings.all()
    lines = []
    for name, value in shown.items():
        default = "" if NAMES[name] in stored else "  " + _("(default)")
        lines.append(f"{name:<11} {value or '—'}{default}")
    emit(args, shown, "\n".join(lines))
    return EXIT_OK


def run_set(args: argparse.Namespace, session) -> int:
    key = NAMES[args.name]
    if key == preferences.DATE_STYLE:
        preferences.save(session, key, args.value)  # refuses what is not a date style
    else:
        print_settings.change(session, key, args.value)
    now = values(session.db)[args.name]
    emit(args, {args.name: now}, _("{name} is now {value}.").format(name=args.name,
                                                                     value=now or "—"))
    return EXIT_OK
