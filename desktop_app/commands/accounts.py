"""`futasato clerk …`: accounts of the office's clerks.

The acting clerk comes from FUTASATO_CLERK and FUTASATO_PASSWORD; a new password (for `add`,
`reset-password` and `passwd`) from FUTASATO_NEW_PASSWORD or a prompt asked twice.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from desktop_app.commands.common import EXIT_OK, UsageError, clerk_session, emit, open_database
from desktop_app.domain.code_labels import code_label
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.i18n import _

ROLES = ("clerk", "supervisor", "admin")


def register(commands) -> None:
    command = commands.add_parser("clerk", help=_("manage clerk accounts"))
    actions = command.add_subparsers(dest="clerk_action", metavar=_("action"), required=True)

    add = actions.add_parser("add", help=_("create an account (administrators)"))
    add.add_argument("login", help=_("the new clerk's login"))
    add.add_argument("--name", default="", help=_("display name"))
    add.add_argument("--role", choices=ROLES, default="clerk", help=_("role"))
    add.set_defaults(run=run_add)

    listing = actions.add_parser("list", help=_("list every account (administrators)"))
    listing.set_defaults(run=run_list)

    reset = actions.add_parser("reset-password",
                               help=_("set a new password for another clerk (administrators)"))
    reset.add_argument("login")
    reset.set_defaults(run=run_reset)

    for name, helptext, active in (
            ("deactivate", _("deactivate an account; it stays on file"), False),
            ("reactivate", _("let a deactivated account sign in again"), True)):
        sub = actions.add_parser(name, help=helptext)
        sub.add_argument("login")
        sub.set_defaults(run=run_set_active, active=active)

    role = actions.add_parser("set-role", help=_("give a clerk another role (administrators)"))
    role.add_argument("login")
    role.add_argument("role", choices=ROLES)
    role.set_defaults(run=run_set_role)

    passwd = actions.add_parser("passwd", help=_("change your own password"))
    passwd.set_defaults(run=run_passwd)


def new_password(prompt: str) -> str:
    """FUTASATO_NEW_PASSWORD, or asked twice at the terminal without echo."""
    given = os.environ.get("FUTASATO_NEW_PASSWORD")
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise UsageError(_("Set FUTASATO_NEW_PASSWORD or run the command in a terminal."))
    typed = getpass.getpass(prompt)
    if getpass.getpass(_("Repeat the password: ")) != typed:
        raise RuleRefused(N_("The two passwords differ."), field=N_("Password"))
    return typed


def _with_session(args: argparse.Namespace, work, *, changing_own_password: bool = False):
    db = open_database(args)
    try:
        return work(clerk_session(db, changing_own_password=changing_own_password))
    finally:
        db.close()


def run_add(args: argparse.Namespace) -> int:
    from desktop_app.services.accounts import create_clerk

    def work(session):
        # Signed in and permitted before the new password is asked.
        session.require(Permission.MANAGE_CLERKS)
        return create_clerk(session, login=args.login, display_name=args.name, role=args.role,
                            password=new_password(_("New password for {login}: ").format(
                                login=args.login)))

    clerk_id = _with_session(args, work)
    emit(args, {"id": clerk_id, "login": args.login, "role": args.role},
         _("Account {login} created.").format(login=args.login))
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    from desktop_app.services.accounts import list_clerks

    def work(session):
        from desktop_app.services.audit_trail import record_list_view

        clerks = list_clerks(session)  # administrators only
        record_list_view(session, "clerk", "accounts", [c["id"] for c in clerks])
        return clerks

    clerks = _with_session(args, work)
    lines = [f"{c['login']}\t{c['display_name']}\t{code_label('clerk', 'role', c['role'])}\t"
             + (_("active") if c["active"] else _("deactivated"))
             + (f"\t{_('locked until')} {c['locked_until']}" if c["locked_until"] else "")
             + ("\t" + _("must choose a new password") if c["must_change_password"] else "")
             for c in clerks]
    emit(args, clerks, "\n".join(lines))
    return EXIT_OK


def run_reset(args: argparse.Namespace) -> int:
    from desktop_app.services.accounts import reset_password

    def work(session):
        session.require(Permission.MANAGE_CLERKS)
        reset_password(session, args.login,
                       new_password(_("New password for {login}: ").format(login=args.login)))

    _with_session(args, work)
    emit(args, {"login": args.login, "reset": True},
         _("The password of {login} was reset.").format(login=args.login))
    return EXIT_OK


def run_set_active(args: argparse.Namespace) -> int:
    from desktop_app.services.accounts import set_active

    _with_session(args, lambda session: set_active(session, args.login, args.active))
    text = (_("{login} can sign in again.") if args.active
            else _("{login} was deactivated.")).format(login=args.login)
    emit(args, {"login": args.login, "active": args.active}, text)
    return EXIT_OK


def run_set_role(args: argparse.Namespace) -> int:
    from desktop_app.services.accounts import change_role

    _with_session(args, lambda session: change_role(session, args.login, args.role))
    emit(args, {"login": args.login, "role": args.role},
         _("{login} now has the role {role}.").format(
             login=args.login, role=code_label("clerk", "role", args.role)))
    return EXIT_OK


def run_passwd(args: argparse.Namespace) -> int:
    from desktop_app.commands.common import password
    from desktop_app.services.accounts import change_own_password

    def work(session):
        change_own_password(session, password(_("Current password: ")),
                            new_password(_("New password: ")))
        return session.clerk

    login = _with_session(args, work, changing_own_password=True)
    emit(args, {"login": login, "changed": True},
         _("Your password was changed."))
    return EXIT_OK
