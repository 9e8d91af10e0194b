"""`futasato prefecture …`: a prefecture's own file, which receives the towns' returns."""

from __future__ import annotations

from desktop_app.commands.office import add_init_arguments
from desktop_app.i18n import _


def register(commands) -> None:
    prefecture = commands.add_parser("prefecture", help=_(
        "a prefecture's file: set-up, and the towns' returns"))
    actions = prefecture.add_subparsers(dest="prefecture_command", metavar=_("action"),
                                        required=True)
    init = actions.add_parser("init", help=_(
        "set up a prefecture's file: its signing key, its RSA-3072 certificate and its "
        "pseudonym key"))
    add_init_arguments(init)
    init.set_defaults(prefecture=True)
