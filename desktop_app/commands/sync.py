"""`futasato sync …`: exchanging changes with the town's other counters.

A minimal group in this branch: the actions of commands/sync_conflicts.py only.
"""

from __future__ import annotations

from desktop_app.commands import sync_conflicts
from desktop_app.i18n import _


def register(commands) -> None:
    sync = commands.add_parser("sync", help=_("changes exchanged with the town's other counters"))
    actions = sync.add_subparsers(dest="sync_command", metavar=_("action"), required=True)
    sync_conflicts.add_actions(actions)
