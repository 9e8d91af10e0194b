"""A clerk settles a conflict between counters: `resolve(session, conflict_id, take)`.

The resolution is an ordinary write through `Session.write`, so the change-log triggers log it
and it travels: taking the value that does not stand sets it (a change from the value standing on
every counter, so it applies cleanly there and closes their conflict too); taking the value that
stands writes a change keeping it (no trigger fires for an unchanged row, so the store logs that
change itself), which closes the conflict on the other counters the same way.

A conflict is settled with the other fields the same change brought into conflict on the record
(a phone number and its search keys): one edit's fields belong together.
"""

from __future__ import annotations

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.services.session import Session

TAKES = ("mine", "theirs")


def conflicts(session: Session) -> list[dict]:
    """The open conflicts, oldest first."""
    session.require(Permission.VIEW_PERSONAL_DATA)
    return session.db.sync.conflicts()


def resolve(session: Session, conflict_id: int, take: str) -> dict:
    """Keep `take` ("mine" or "theirs") for the conflict's field; returns the conflict."""
    session.require(Permission.REGISTER)
    if take not in TAKES:
        raise RuleRefused(N_("Choose mine or theirs."))
    db = session.db
    conflict = db.sync.conflict(conflict_id)
    if conflict is None:
        raise RuleRefused(N_("There is no conflict {id}."), {"id": conflict_id})
    if conflict["resolved_at"] is not None:
        raise RuleRefused(N_("Conflict {id} is already resolved."), {"id": conflict_id})
    table, record_uuid = conflict["entity"], conflict["record_uuid"]
    together = [c for c in db.sync.conflicts()
                if (c["entity"], c["record_uuid"], c["theirs_change"])
                == (table, record_uuid, conflict["theirs_change"])]
    with session.write("sync.resolve", table) as change:
        record = db.sync.row(table, record_uuid)
        if record is None:
            raise RuleRefused(N_("The record of conflict {id} has been deleted."),
                              {"id": conflict_id})
        chosen = {c["field"]: c[take] for c in together}
        kept = {name: value for name, value in chosen.items() if record[name] == value}
        setting = {name: value for name, value in chosen.items() if name not in kept}
        change.entity_id = record_uuid
        change.before = {name: record[name] for name in chosen}
        change.after = {**chosen, "take": take}
        # A new version either way, so every counter takes this clerk's stamps with it.
        stamps = {"version": record["version"] + 1, **session.changed_record()}
        db.sync.update(table, record_uuid, {**setting, **stamps})
        if kept:
            db.sync.log_confirmation(table, record_uuid, record["version"], stamps, kept)
        for name in chosen:
            db.sync.close_conflicts(table, record_uuid, name, session.clerk, take)
    return db.sync.conflict(conflict_id)
