"""What the 同期 page shows, read in one go: the paired counters, the held changes, the open
conflicts and flags, each record named as a clerk knows it (a person by number and name, a
booking by facility and nights) and each writer as a counter and a clerk's display name.

Reading it is a view of personal data: refused to a role that may not see it, and noted in the
audit trail with the people it names (like the other lists).
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.roles import Permission
from desktop_app.services.audit_trail import record_list_view
from desktop_app.services.session import Session
from desktop_app.services.sync_resolve import is_search_key
from desktop_app.store.database import Database


@dataclass(frozen=True)
class SyncOverview:
    counter: int
    peers: list[dict]  # counter, office, terminal, applied_here, acknowledged_ours, last_…_at
    held: list[dict]  # counter, sequence, entity, record, held_because
    conflicts: list[dict]  # the stored conflict, with record, mine_by and theirs_by
    flags: list[dict]  # the stored flag, with record and the records its detail names
    people: frozenset[int] = frozenset()  # the registrants named anywhere above


def overview(session: Session, *, noted: frozenset[int] = frozenset()) -> SyncOverview:
    """What the page shows. The people it names are noted once: a redraw after a change notes
    only people not in `noted` (those the page has already shown and noted)."""
    session.require(Permission.VIEW_PERSONAL_DATA)
    db = session.db
    office = db.office.get()
    peers = db.sync_peers.all()
    names = _Names(db, office, peers)
    held_here = db.sync_peers.holdings()
    counters = [{"counter": p["counter"], "office": p["office"], "terminal": p["terminal"],
                 "applied_here": held_here.get(p["terminal"], 0),
                 "acknowledged_ours": p["acknowledged"].get(office["terminal_id"], 0),
                 "last_export_at": p["last_export_at"], "last_import_at": p["last_import_at"]}
                for p in peers]
    held = [{"counter": names.counter(c["terminal"]), "sequence": c["sequence"],
             "entity": c["entity"], "record": names.record(c["entity"], c["record_uuid"]),
             "held_because": c["held_because"]} for c in db.sync.held()]
    conflicts = [{**c, "record": names.record(c["entity"], c["record_uuid"]),
                  **names.writers(c)} for c in db.sync.conflicts() if not is_search_key(c)]
    flags = [{**f, "record": names.record(f["entity"], f["record_uuid"]),
              "named": _named(names, f), "counter": names.counter(f["detail"].get("terminal"))}
             for f in db.sync.flags(open_only=True)]
    if names.people - noted:
        record_list_view(session, "registrant", "sync", sorted(names.people))
    return SyncOverview(office["counter"], counters, held, conflicts, flags,
                        frozenset(names.people))


def _named(names: _Names, flag: dict) -> list[dict]:
    """The other records a flag is about: the kept bookings, both bookings of a voucher, the
    person a newcomer may be."""
    detail = flag["detail"]
    if flag["kind"] == "duplicate_person":
        return [names.record("registrants", detail["candidate"])]
    uuids = detail.get("bookings") or detail.get("kept") or []
    return [names.record("bookings", u) for u in ([uuids] if isinstance(uuids, str) else uuids)]


class _Names:
    def __init__(self, db: Database, office: dict, peers: list[dict]):
        self.db = db
        self.counters = {p["terminal"]: p["counter"] for p in peers}
        self.counters[office["terminal_id"]] = office["counter"]
        self.people: set[int] = set()

    def counter(self, terminal: str) -> int | None:
        return self.counters.get(terminal)

    def clerk(self, login: str | None) -> str:
        found = self.db.clerks.by_login(login) if login else None
        return found["display_name"] if found else (login or "")

    def writers(self, conflict: dict) -> dict:
        """Who wrote each side: the counter and the clerk's display name."""
        changes = self.db.changes.of_record(conflict["entity"], conflict["record_uuid"])
        theirs = next((c for c in changes if c["change_id"] == conflict["theirs_change"]), None)
        mine = next((c for c in reversed(changes) if c["terminal"] == conflict["mine_terminal"]
                     and c["at"] == conflict["mine_at"]), None)
        return {"mine_counter": self.counter(conflict["mine_terminal"]),
                "theirs_counter": self.counter(conflict["theirs_terminal"]),
                "mine_by": self.clerk(self.db.changes.clerk_of(mine) if mine else None),
                "theirs_by": self.clerk(self.db.changes.clerk_of(theirs) if theirs else None)}

    def record(self, entity: str, record_uuid: str | None) -> dict:
        """The record as a clerk knows it: kind, ids to open it by, and what names it."""
        row = self.db.sync.row(entity, record_uuid) if record_uuid else None
        found = {"entity": entity, "uuid": record_uuid, "id": row["id"] if row else None}
        if row is None:
            return found
        if entity == "registrants":
            return {**found, **self._person(row["id"])}
        if entity == "bookings":
            facility = self.db.facilities.get(row["facility_id"])
            return {**found, **self._person(row["registrant_id"]), "facility": facility["name"],
                    "check_in": row["check_in"], "check_out": row["check_out"],
                    "status": row["status"]}
        if entity == "vouchers":
            return {**found, "serial": row["serial"]}
        return found

    def _person(self, registrant_id: int | None) -> dict:
        person = self.db.registrants.get(registrant_id) if registrant_id else None
        if person is None:
            return {}
        self.people.add(person["id"])
        return {"registrant_id": person["id"], "registrant_no": person["registrant_no"],
                "name": f"{person['family_name']} {person['given_name']}".strip()}
