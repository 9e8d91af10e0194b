"""Merging two records of one person, and undoing a merge."""

from __future__ import annotations

from desktop_app.domain.duplicates import check_mergeable, merged_values
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.registrant import Status
from desktop_app.domain.registry_search import registrant_keys
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.services.session import Session
from desktop_app.store.records import now_iso

# What the merged-away record looked like, so that an undo can put it back exactly.
_RESTORED = ("status", "status_reason", "merged_into")


def _get(session: Session, registrant_id: int) -> dict:
    record = session.db.registrants.get(registrant_id)
    if record is None:
        raise RuleRefused(N_("There is no registrant {id}."), {"id": registrant_id})
    return record


def merge(session: Session, survivor_id: int, other_id: int,
          take_from_other: set[str] | frozenset[str] = frozenset()) -> int:
    """Keep `survivor_id`, taking the named fields from `other_id`; the other record is 抹消
    with a note pointing at the survivor, and its involvement, consultations, bookings and
    certificates move to the survivor. Returns the merge's id (for undo)."""
    session.require(Permission.APPROVE)
    survivor, other = _get(session, survivor_id), _get(session, other_id)
    check_mergeable(survivor, other)
    values = merged_values(survivor, other, set(take_from_other))
    changes = {**values, **{k: v for k, v in registrant_keys({**survivor, **values}).items()
                            if survivor[k] != v}}
    label = other["registrant_no"] or f"#{other['id']}"
    with session.write("registrant.merge", "registrant") as change:
        stamp = session.changed_record()
        moved = session.db.registrants.reassign(other["id"], survivor["id"])
        if changes:
            session.db.registrants.update(survivor["id"], changes, stamp)
        session.db.registrants.update(other["id"], {
            "status": Status.ERASED.value, "merged_into": survivor["id"],
            "status_reason": f"merged into {survivor['registrant_no'] or survivor['id']}",
        }, stamp)
        merge_id = session.db.merges.add({
            "survivor_id": survivor["id"], "merged_id": other["id"],
            "survivor_before": {k: survivor[k] for k in changes},
            "merged_before": {k: other[k] for k in _RESTORED},
            "moved": moved, **session.new_record(),
        })
        change.entity_id = survivor["id"]
        change.before = {"survivor": {k: survivor[k] for k in changes}, "merged": label}
        change.after = {"merge": merge_id, "merged_id": other["id"], "changes": changes,
                        "moved": {k: len(v) for k, v in moved.items()}}
    return merge_id


def undo_merge(session: Session, merge_id: int) -> None:
    """Put both records back as they were before the merge, with what each owned."""
    session.require(Permission.APPROVE)
    merge_row = session.db.merges.get(merge_id)
    if merge_row is None:
        raise RuleRefused(N_("There is no merge {id}."), {"id": merge_id})
    if merge_row["undone_at"]:
        raise RuleRefused(N_("This merge has already been undone."))
    pair = (merge_row["survivor_id"], merge_row["merged_id"])
    if session.db.merges.later_open_merges(merge_id, pair):
        raise RuleRefused(N_("A later merge involves these records; undo that one first."))
    with session.write("registrant.unmerge", "registrant") as change:
        stamp = session.changed_record()
        session.db.registrants.give_back(merge_row["moved"], merge_row["merged_id"])
        if merge_row["survivor_before"]:
            session.db.registrants.update(merge_row["survivor_id"],
                                          merge_row["survivor_before"], stamp)
        session.db.registrants.update(merge_row["merged_id"], merge_row["merged_before"], stamp)
        session.db.merges.mark_undone(merge_id, now_iso(), session.clerk)
        change.entity_id = merge_row["survivor_id"]
        change.before = {"merge": merge_id}
        change.after = {"restored": merge_row["merged_id"],
                        "survivor": merge_row["survivor_before"]}
