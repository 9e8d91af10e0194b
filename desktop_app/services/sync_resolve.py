"""A clerk settles what counter sync left open: `resolve(session, conflict_id, take)` for a
conflict, `clear_flag(session, flag_id)` for a flag looked at.

The resolution is an ordinary write through `Session.write`, so the change-log triggers log it
and it travels: taking the value that does not stand sets it (a change from the value standing on
every counter, so it applies cleanly there and closes their conflict too); taking the value that
stands writes a change keeping it (no trigger fires for an unchanged row, so the store logs that
change itself), which closes the conflict on the other counters the same way.

A conflict is settled field by field. A registrant's search keys (name_key, phone_digits…) are
not the clerk's to choose: they are worked out again from the fields as they now stand, and
their conflicts close with the last of the person's own fields.
"""

from __future__ import annotations

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.registry_search import registrant_keys
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.services.audit_trail import record_list_view
from desktop_app.services.session import Session

TAKES = ("mine", "theirs")
SEARCH_KEYS = frozenset(registrant_keys({}))


def conflicts(session: Session) -> list[dict]:
    """The open conflicts, oldest first. Both values of a person's field are personal data:
    showing them is audited, with the people they are about, like the 同期 page's list."""
    session.require(Permission.VIEW_PERSONAL_DATA)
    found = session.db.sync.conflicts()
    if found:
        record_list_view(session, "registrant", "sync_conflicts", _people(session.db, found))
    return found


def _people(db, found: list[dict]) -> list[int]:
    """The registrants the conflicts are about: the person, or the guest of a booking."""
    people = set()
    for conflict in found:
        row = db.sync.row(conflict["entity"], conflict["record_uuid"])
        person = (row or {}).get("id" if conflict["entity"] == "registrants"
                                 else "registrant_id")
        if person is not None:
            people.add(person)
    return sorted(people)


def is_search_key(conflict: dict) -> bool:
    return conflict["entity"] == "registrants" and conflict["field"] in SEARCH_KEYS


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
    with session.write("sync.resolve", table) as change:
        record = db.sync.row(table, record_uuid)
        if record is None:
            raise RuleRefused(N_("The record of conflict {id} has been deleted."),
                              {"id": conflict_id})
        chosen = {conflict["field"]: conflict[take]}
        if table == "registrants":
            chosen.update(_keys(db, conflict, {**record, **chosen}))
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


def _keys(db, conflict: dict, after: dict) -> dict:
    """The search keys worked out from the record as it will stand: those that change, and,
    once no other field of the person is in conflict, every key still in conflict."""
    keys = registrant_keys(after)
    changed = {name: value for name, value in keys.items() if after[name] != value}
    others = [c for c in db.sync.conflicts() if c["record_uuid"] == conflict["record_uuid"]
              and c["entity"] == "registrants" and c["id"] != conflict["id"]]
    if not any(not is_search_key(c) for c in others):
        changed.update({c["field"]: keys[c["field"]] for c in others})
    return changed


def clear_flag(session: Session, flag_id: int) -> dict:
    """Mark a flag (parallel edit, booking conflict…) as looked at; returns it."""
    session.require(Permission.REGISTER)
    flag = session.db.sync.flag_by_id(flag_id)
    if flag is None:
        raise RuleRefused(N_("There is no flag {id}."), {"id": flag_id})
    if flag["cleared_at"] is not None:
        raise RuleRefused(N_("Flag {id} is already cleared."), {"id": flag_id})
    with session.write("sync.flag_clear", "sync_flag") as change:
        session.db.sync.clear_flag(flag_id)
        change.entity_id = flag["record_uuid"]
        change.before = {"kind": flag["kind"], "detail": flag["detail"]}
        change.after = {"cleared": True}
    return session.db.sync.flag_by_id(flag_id)
