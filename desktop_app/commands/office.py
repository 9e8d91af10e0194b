"""`futasato init`: set up the office on a new database file."""

from __future__ import annotations

import argparse

from desktop_app.commands.common import EXIT_OK, database_path, emit, open_database, password
from desktop_app.i18n import _


def register(commands) -> None:
    add_init_arguments(commands.add_parser("init", help=_(
        "set up the office on a new database file")))


def add_init_arguments(command: argparse.ArgumentParser) -> None:
    """`init` and `prefecture init` take the same arguments and run the same set-up."""
    command.add_argument("--municipality-code", required=True,
                         help=_("全国地方公共団体コード, 6 digits with check digit"))
    command.add_argument("--office", required=True, help=_("name of the office or counter"))
    command.add_argument("--admin", required=True, help=_("login of the first administrator"))
    command.add_argument("--admin-name", default="", help=_("display name of the administrator"))
    command.add_argument("--counter", type=int, default=0, help=_(
        "which of the town's counters this file is: 0 the main office (the default), 1 to 9 a "
        "branch counter, whose registrant numbers and voucher serials carry it"))
    command.set_defaults(run=run_init)


def run_init(args: argparse.Namespace) -> int:
    from desktop_app.services.municipalities import look_up
    from desktop_app.services.office_setup import set_up_office

    prefecture = getattr(args, "prefecture", False)  # `futasato prefecture init`
    look_up(args.municipality_code)  # refuse a wrong code before asking for a password
    admin_password = password(_("Password for {login}: ").format(login=args.admin), confirm=True)
    db = open_database(args, create=True)
    try:
        session = set_up_office(db, municipality_code=args.municipality_code,
                                office_name=args.office, admin_login=args.admin,
                                admin_password=admin_password, admin_name=args.admin_name,
                                prefecture=prefecture, counter=args.counter)
        office = db.office.get()
    finally:
        db.close()
    path = database_path(args)
    emit(args, {"municipality_code": office["municipality_code"],
                "municipality": office["municipality_name"], "office": office["office_name"],
                "terminal": session.terminal, "counter": office["counter"],
                "database": str(path)},
         _("Set up {office} ({municipality}, {code}) in {path}; terminal {terminal}.").format(
             office=office["office_name"], municipality=office["municipality_name"],
             code=office["municipality_code"], path=path, terminal=session.terminal))
    return EXIT_OK
