"""`futasato return …`: the quarterly return to the prefecture."""

from __future__ import annotations

from desktop_app.commands import return_ledger
from desktop_app.i18n import _


def register(commands) -> None:
    command = commands.add_parser("return", help=_("the quarterly return to the prefecture"))
    actions = command.add_subparsers(dest="return_command", metavar=_("action"), required=True)
    return_ledger.add_actions(actions)
