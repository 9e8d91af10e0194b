"""`futasato sync conflicts` and `futasato sync resolve ID --take mine|theirs`: the fields two
counters set to different values, and a clerk's choice between them (services/sync_resolve.py).

Registered into the `sync` group by `add_actions(actions)`; the group itself is commands/sync.py.
"""

from __future__ import annotations

import argparse

from desktop_app.commands.common import EXIT_OK, emit, signed_in
from desktop_app.domain.code_labels import code_label
from desktop_app.domain.sync_fields import RECORD_KINDS, field_label
from desktop_app.i18n import _, translate_label
from desktop_app.services.sync_resolve import TAKES, conflicts, resolve

_SHOWN = ("id", "entity", "record_uuid", "field", "mine", "mine_at", "mine_terminal", "theirs",
          "theirs_at", "theirs_terminal", "standing")


def add_actions(actions) -> None:
    listing = actions.add_parser("conflicts", help=_(
        "fields two counters changed to different values, waiting for a clerk"))
    listing.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                         help=_("print the conflicts as JSON"))
    listing.set_defaults(run=signed_in(run_conflicts))

    settle = actions.add_parser("resolve", help=_(
        "keep this counter's value (mine) or the other counter's (theirs); the choice "
        "travels to the other counters"))
    settle.add_argument("conflict", type=int, metavar="ID", help=_("the conflict's number"))
    settle.add_argument("--take", required=True, choices=TAKES,
                        help=_("whose value to keep"))
    settle.set_defaults(run=signed_in(run_resolve))


def _line(conflict: dict) -> str:
    return _("#{id} {entity} {record} {field}: mine {mine} ({mine_terminal}, {mine_at}) / "
             "theirs {theirs} ({theirs_terminal}, {theirs_at})").format(
        id=conflict["id"], entity=_record_kind(conflict["entity"]),
        record=conflict["record_uuid"], field=translate_label(field_label(conflict["field"])),
        mine=_value(conflict, "mine"), mine_terminal=conflict["mine_terminal"],
        mine_at=conflict["mine_at"], theirs=_value(conflict, "theirs"),
        theirs_terminal=conflict["theirs_terminal"], theirs_at=conflict["theirs_at"])


def _record_kind(entity: str) -> str:
    kind = RECORD_KINDS.get(entity)
    return translate_label(kind) if kind else entity


def _value(conflict: dict, side: str) -> str:
    return code_label(conflict["entity"], conflict["field"], conflict[side])


def run_conflicts(args: argparse.Namespace, session) -> int:
    found = conflicts(session)
    text = "\n".join(_line(c) for c in found) if found else _("No conflicts between counters.")
    emit(args, [{key: c[key] for key in _SHOWN} for c in found], text)
    return EXIT_OK


def run_resolve(args: argparse.Namespace, session) -> int:
    settled = resolve(session, args.conflict, args.take)
    emit(args, {key: settled[key] for key in (*_SHOWN, "taken", "resolved_by")},
         _("Conflict #{id} resolved: {field} = {value}.").format(
             id=settled["id"], field=translate_label(field_label(settled["field"])),
             value=_value(settled, args.take)))
    return EXIT_OK
