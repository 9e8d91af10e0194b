"""What every command shares: exit codes, the database path, the clerk and password, output."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path

from desktop_app import paths
from desktop_app.domain.errors import PermissionDenied, RuleRefused
from desktop_app.domain.text import N_
from desktop_app.i18n import _

EXIT_OK, EXIT_USAGE, EXIT_REFUSED, EXIT_NOT_GENUINE, EXIT_DENIED = 0, 2, 3, 4, 5


class UsageError(Exception):
    """Something the command line itself got wrong (exit 2)."""


def database_path(args: argparse.Namespace) -> Path:
    return args.db or paths.default_database()


def open_database(args: argparse.Namespace, *, create: bool = False):
    """The file named by --db; only `init` may create it (a mistyped path is not a new office)."""
    from desktop_app.store.database import Database

    path = database_path(args)
    if not create:
        refuse_missing(path)
    return Database(path)


def refuse_missing(path: Path) -> None:
    """A named file that is not there is a typing mistake, refused (exit 3) rather than made."""
    if not path.exists():
        raise RuleRefused(N_("There is no database at {path}: give the right --db, or set up "
                             "an office there with `futasato init`."), {"path": str(path)})


def password(prompt: str, *, confirm: bool = False) -> str:
    """FUTASATO_PASSWORD, or asked at the terminal without echo."""
    given = os.environ.get("FUTASATO_PASSWORD")
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise UsageError(_("Set FUTASATO_PASSWORD or run the command in a terminal."))
    typed = getpass.getpass(prompt)
    if confirm and getpass.getpass(_("Repeat the password: ")) != typed:
        raise RuleRefused(N_("The two passwords differ."), field=N_("Password"))
    return typed


def clerk_session(db, *, changing_own_password: bool = False):
    """The session of the clerk named in FUTASATO_CLERK, after checking the password.

    Nobody signed in (no login, or no password and no terminal to ask it at) is a permission
    refused (exit 5), like a wrong password. A clerk whose password an administrator set is
    refused every command but `clerk passwd`.
    """
    return clerk_and_password(db, changing_own_password=changing_own_password)[0]


def clerk_and_password(db, *, changing_own_password: bool = False):
    """`clerk_session`, and the password it was opened with, for a command that also unlocks a
    key sealed under it (asked once at the terminal)."""
    from desktop_app.services.sign_in import sign_in

    login, typed = login_and_password()
    session = sign_in(db, login, typed)
    if session.must_change_password and not changing_own_password:
        raise PermissionDenied(
            N_("The password of {login} was set by an administrator: choose your own first "
               "with `futasato clerk passwd`, then run this command again."),
            {"login": session.clerk})
    return session, typed


def login_and_password() -> tuple[str, str]:
    """The login in FUTASATO_CLERK and its password, not yet checked against any file.

    Nobody named, or no password and no terminal to ask it at, is refused (exit 5).
    """
    login = os.environ.get("FUTASATO_CLERK")
    if not login:
        raise PermissionDenied(N_("Nobody is signed in: set FUTASATO_CLERK to your login."))
    if os.environ.get("FUTASATO_PASSWORD") is None and not sys.stdin.isatty():
        raise PermissionDenied(N_("Nobody is signed in: set FUTASATO_PASSWORD, or run the "
                                  "command in a terminal to be asked for it."))
    return login, password(_("Password for {login}: ").format(login=login))


def signed_in(work):
    """A command's runner that opens the file and signs the clerk in: `work(args, session)`.

    Reads of personal data need it as much as writes do; `work` audits what it shows.
    """
    def runner(args: argparse.Namespace, *more):
        db = open_database(args)
        try:
            return work(args, clerk_session(db), *more)
        finally:
            db.close()
    return runner


def emit(args: argparse.Namespace, data: object, text: str) -> None:
    """Print the result: JSON with --json, otherwise text for a person."""
    print(json.dumps(data, ensure_ascii=False, indent=2) if args.json else text)


def registrants_group(commands) -> argparse._SubParsersAction:
    """The `registrants` command group, shared by the registry and the ledger commands.

    Whichever module registers first creates it; the other adds its commands to it.
    """
    parser = commands.choices.get("registrants")
    if parser is None:
        parser = commands.add_parser("registrants", help=_("the register of people"))
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return parser.add_subparsers(dest="registrants_command", metavar=_("command"), required=True)
