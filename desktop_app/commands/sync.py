"""`futasato sync …`: pairing the town's counters and carrying change sets between them."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from desktop_app.commands import sync_conflicts
from desktop_app.commands.common import (
    EXIT_OK,
    UsageError,
    clerk_and_password,
    clerk_session,
    database_path,
    emit,
    login_and_password,
    open_database,
)
from desktop_app.i18n import _


def register(commands) -> None:
    sync = commands.add_parser("sync", help=_(
        "pair the town's counters and exchange change sets with them"))
    actions = sync.add_subparsers(dest="sync_command", metavar=_("action"), required=True)

    invite = actions.add_parser("invite", help=_(
        "write an invitation from which a new counter is set up (administrators)"))
    invite.add_argument("--out", required=True, type=Path, help=_("folder to write it in"))
    invite.set_defaults(run=run_invite)

    join = actions.add_parser("join", help=_(
        "set up this new counter's file (--db) from an invitation; the secret is asked for, or "
        "taken from FUTASATO_INVITE_SECRET"))
    join.add_argument("file", type=Path, metavar="FILE", help=_("the invitation, NAME.zip"))
    join.add_argument("--counter", required=True, type=int,
                      help=_("this counter's number, 1 to 9, not yet used in the town"))
    join.add_argument("--out", type=Path, default=None, help=_(
        "folder for the reply to take back to the inviting counter (default: beside FILE)"))
    join.set_defaults(run=run_join)

    peers = actions.add_parser("peers", help=_(
        "the paired counters, what each has acknowledged and when they last exchanged"))
    peers.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                       help=_("print the counters as JSON"))
    peers.set_defaults(run=run_peers)

    export = actions.add_parser("export", help=_(
        "write the changes a paired counter has not acknowledged, as a signed change set"))
    export.add_argument("--to", required=True, dest="peer", help=_(
        "the counter's number or terminal id"))
    export.add_argument("--out", required=True, type=Path, help=_("folder to write it in"))
    export.set_defaults(run=run_export)

    imports = actions.add_parser("import", help=_(
        "import a change set, or a new counter's reply to an invitation; exit 4 when refused"))
    imports.add_argument("file", type=Path, metavar="FILE", help=_("the package, NAME.zip"))
    imports.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                         help=_("print the outcome as JSON"))
    imports.set_defaults(run=run_import)
    sync_conflicts.add_actions(actions)


def run_invite(args: argparse.Namespace) -> int:
    from desktop_app.services.sync_pairing import invite

    db = open_database(args)
    try:
        session, typed = clerk_and_password(db)
        made = invite(session, typed, args.out)
    finally:
        db.close()
    print(made.path)
    print(_("One-time secret (give it to the new counter, not on the stick): {secret}").format(
        secret=made.secret))
    print(_("This office's key fingerprint (the new counter shows it to compare): "
            "{fingerprint}").format(fingerprint=made.fingerprint))
    return EXIT_OK


def _invite_secret() -> str:
    given = os.environ.get("FUTASATO_INVITE_SECRET")
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise UsageError(_("Set FUTASATO_INVITE_SECRET or run the command in a terminal."))
    return getpass.getpass(_("The invitation's one-time secret: "))


def run_join(args: argparse.Namespace) -> int:
    from desktop_app.services.sync_pairing import join

    login, typed = login_and_password()  # an administrator of the town, checked on joining
    secret = _invite_secret()
    joined = join(database_path(args), args.file, secret, args.counter, login, typed,
                  args.out or args.file.parent)
    print(_("Counter {counter} is set up in {path} (terminal {terminal}).").format(
        counter=joined.counter, path=database_path(args), terminal=joined.terminal))
    print(_("The inviting office's key fingerprint: {fingerprint} (compare it with the one the "
            "inviting counter showed)").format(fingerprint=joined.inviter_fingerprint))
    print(_("This counter's key fingerprint: {fingerprint}").format(
        fingerprint=joined.fingerprint))
    print(_("Take this reply back and import it there with `futasato sync import`: "
            "{file}").format(file=joined.reply))
    return EXIT_OK


def run_peers(args: argparse.Namespace) -> int:
    db = open_database(args)
    try:
        clerk_session(db)
        own = db.office.get()["terminal_id"]
        held = db.sync_peers.holdings()
        peers = [{"terminal": p["terminal"], "office": p["office"], "counter": p["counter"],
                  "fingerprint": p["fingerprint"], "paired_at": p["paired_at"],
                  "paired_by": p["paired_by"], "applied_here": held.get(p["terminal"], 0),
                  "acknowledged_ours": p["acknowledged"].get(own, 0),
                  "acknowledged": p["acknowledged"], "last_export_at": p["last_export_at"],
                  "last_import_at": p["last_import_at"]} for p in db.sync_peers.all()]
    finally:
        db.close()
    never = _("never")
    lines = [_("No counter is paired with this one.")] if not peers else [
        _("Counter {counter} {office} ({terminal}, key {fingerprint}): theirs applied here up "
          "to {applied}, ours acknowledged up to {acknowledged}; last export {exported}, last "
          "import {imported}").format(
            counter=p["counter"], office=p["office"], terminal=p["terminal"],
            fingerprint=p["fingerprint"], applied=p["applied_here"],
            acknowledged=p["acknowledged_ours"], exported=p["last_export_at"] or never,
            imported=p["last_import_at"] or never) for p in peers]
    emit(args, peers, "\n".join(lines))
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from desktop_app.services.sync_transfer import export_changes

    db = open_database(args)
    try:
        session, typed = clerk_and_password(db)
        exported = export_changes(session, typed, args.peer, args.out)
    finally:
        db.close()
    print(exported.path)
    print(_("{count} changes written.").format(count=exported.changes))
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from desktop_app.services.sync_transfer import import_package

    db = open_database(args)
    try:
        outcome = import_package(clerk_session(db), args.file)
    finally:
        db.close()
    peer = outcome.peer
    if outcome.kind == "counter-joined":
        text = _("Counter {counter} {office} is paired with this one (key {fingerprint}).").format(
            counter=peer["counter"], office=peer["office"], fingerprint=peer["fingerprint"])
    else:
        text = _("From counter {counter}: {changes} changes; applied {applied}, already had "
                 "{already_had}, held {held}, conflicts {conflicts}.").format(
            counter=peer["counter"], changes=outcome.changes, applied=outcome.applied,
            already_had=outcome.already_had, held=outcome.held, conflicts=outcome.conflicts)
    emit(args, {"kind": outcome.kind, "counter": peer["counter"], "terminal": peer["terminal"],
                "changes": outcome.changes, "applied": outcome.applied,
                "already_had": outcome.already_had, "held": outcome.held,
                "conflicts": outcome.conflicts}, text)
    return EXIT_OK
