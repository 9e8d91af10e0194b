"""The `futasato` command. With no command it opens the window; commands never import Qt.

Exit codes, for every command: 0 success, 2 usage, 3 input or rule refused, 4 not genuine,
5 permission denied. An error nobody foresaw also exits 3 (the command was not carried out and,
one transaction per write, nothing was half-changed), after one line naming the log file that
holds its traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop_app import __version__, i18n
from desktop_app.commands import (
    accounts,
    audit,
    backup,
    demo,
    emergency,
    file_check,
    houses,
    keys,
    ledger,
    office,
    packages,
    prefecture,
    printing,
    privacy,
    registrant_edit,
    registrants,
    returns,
    self_test,
    settings,
    stays,
    sync,
    vouchers,
)
from desktop_app.commands.argparse_words import use_catalogs
from desktop_app.commands.common import EXIT_REFUSED, EXIT_USAGE, UsageError, refuse_missing
from desktop_app.domain.errors import FutasatoError
from desktop_app.domain.file_problems import unusable_file
from desktop_app.domain.progress import Cancelled
from desktop_app.error_log import write_error_log
from desktop_app.i18n import _
from desktop_app.store.database import unreadable_file

COMMAND_MODULES = (office, demo, file_check, accounts, audit, ledger, stays, vouchers, houses,
                   registrants, registrant_edit, backup, printing, keys, prefecture, privacy,
                   packages, returns, settings, sync, emergency)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="futasato", description=_(
        "Futasato: registers for two-region residence and furusato residents."))
    parser.add_argument("--version", action="version", version=f"futasato {__version__}",
                        help=_("show the version and exit"))
    parser.add_argument("--db", type=Path,
                        help=_("the database file (default: in your data folder)"))
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language of messages"))
    parser.add_argument("--json", action="store_true", help=_("print lists as JSON"))
    parser.add_argument("--demo", action="store_true",
                        help=_("open the window on a demo database filled with sample data"))
    parser.add_argument("--self-test", action="store_true", help=_(
        "check that this copy of the app has everything it needs (fonts, catalogs, data, "
        "printing, signing) and exit"))
    commands = parser.add_subparsers(dest="command", metavar=_("command"))
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    i18n.set_language(_language_from(argv))
    use_catalogs()
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:  # argparse has printed its message; keep its code (0 or 2)
        return int(exit_.code or 0)
    if args.self_test:
        return self_test.run()
    if args.command is None:
        from desktop_app.app import open_window

        if args.db is not None and not args.demo:  # the default file is the wizard's to make
            try:
                refuse_missing(args.db)
            except FutasatoError as error:
                return _refused(error)

        return open_window(database=args.db, demo=args.demo, language=args.lang)
    try:
        return args.run(args)
    except UsageError as error:
        print(f"futasato: {error}", file=sys.stderr)
        return EXIT_USAGE
    except FutasatoError as error:
        return _refused(error)
    except KeyboardInterrupt:  # Ctrl+C, at a password prompt or during long work
        return _refused(Cancelled())
    except OSError as error:
        if error.filename is None:
            return _unexpected(error, args)
        return _refused(unusable_file(error))
    except Exception as error:  # the last net: one line and a log file, never a traceback
        unreadable = unreadable_file(error)
        return _refused(unreadable) if unreadable else _unexpected(error, args)


def _refused(error: FutasatoError) -> int:
    print(f"futasato: {error.message}", file=sys.stderr)
    return error.exit_code


def _unexpected(error: BaseException, args: argparse.Namespace) -> int:
    log = write_error_log(error, _command_name(args))
    print(_("futasato: the command stopped on an unexpected error ({error}); the details are "
            "in {log}").format(error=type(error).__name__, log=log), file=sys.stderr)
    return EXIT_REFUSED


def _command_name(args: argparse.Namespace) -> str:
    """`registrants show`: the chosen sub-commands, none of the values given to them."""
    chosen = [value for key, value in vars(args).items()
              if (key == "command" or key.endswith(("_command", "_action")) or key == "document")
              and isinstance(value, str)]
    return " ".join(chosen)


def _language_from(argv: list[str]) -> str:
    """--lang is read before argparse runs, so that the help text is translated too."""
    for index, value in enumerate(argv):
        if value == "--lang" and index + 1 < len(argv) and argv[index + 1] in i18n.LANGUAGES:
            return argv[index + 1]
        if value.startswith("--lang=") and value[7:] in i18n.LANGUAGES:
            return value[7:]
    return os.environ.get("FUTASATO_LANG", i18n.DEFAULT_LANGUAGE)
