"""Applying the changes of other counters: `apply_changes(session, changes)`.

One transaction, idempotent, order-independent:

- A change id seen before with the same content is already had; with other content it is
  refused (NotGenuine). The content hash is taken with every reference written as the record's
  UUID, so a change passed on through a third counter (whose row ids differ) hashes the same.
- A change applies only after its predecessor from the same terminal (sequence − 1); until then
  it is held in `sync_held`, visibly, and applied the moment the predecessor arrives. A change
  whose referenced record (a booking's person…) has not arrived from its own terminal is held too.
- The rows are written with the origin's version, terminal and stamps, and are not logged as
  this counter's changes: the change-log triggers are dropped for the length of the apply and
  made again before the transaction ends (`SyncState.unlogged`; no other connection sees the file
  without them, and a trigger cannot read a per-connection flag: SQLite refuses a main-schema
  trigger that reads a temp table). The origin's change is logged instead under its own terminal
  and sequence, so this counter knows it has it and can pass it on.
- Fields: a field whose value here is the one the origin started from takes the new value. A
  field changed here too to another value is a conflict (`sync_conflicts`, field by field): the
  value of the latest change (by time, then terminal, then sequence) stands meanwhile on every
  counter, so every order of application ends in the same rows. Different fields changed on two
  counters both apply, and the record is flagged as a parallel edit.
- Rules across counters: of two live bookings of one facility that overlap, the first made stands
  and the other is set aside as cancelled with a booking-conflict flag (the no-overlap trigger is
  never bypassed); a voucher redeemed on two counters keeps the first redemption and is flagged
  as a double redemption naming both bookings; a person registered here and on another counter
  is listed as a merge candidate (the duplicate check of services/duplicates.py).

Not covered: a deletion always wins over an edit made elsewhere meanwhile; a deletion that other
records still point to is held; a record inserted on two counters with the same UUID cannot
happen (UUIDs are random) and is applied as an update.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from desktop_app.domain.application import Application
from desktop_app.domain.errors import NotGenuine
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.services.duplicates import find_duplicates
from desktop_app.services.session import Session
from desktop_app.store.sync_state import LIVE_BOOKING, SyncState, blob_fields, references

# The status reason a booking set aside by the import carries, so a clerk finds it (data, in
# the town's language, like a reason a clerk types).
SET_ASIDE = "同期: 他の窓口の予約と重複（移動または取消が必要）"
_HASHED = ("change_id", "terminal", "sequence", "at", "entity", "record_uuid", "operation",
           "base_version", "version")


@dataclass
class ApplyResult:
    applied: int = 0
    already_had: int = 0
    held: int = 0
    conflicts: int = 0
    held_changes: list[dict] = field(default_factory=list)
    conflict_rows: list[dict] = field(default_factory=list)
    flags: list[dict] = field(default_factory=list)


class _Missing(Exception):
    """A referenced record that has not arrived yet."""


def content_hash(change: dict) -> str:
    """The change's content, every reference as its record's UUID (not a file's row id)."""
    refs = change.get("references") or {}
    body = {key: change.get(key) for key in _HASHED}
    for side, key in (("old", "old_values"), ("new", "new_values")):
        values = dict(change.get(key) or {}) if change.get(key) is not None else None
        if values is not None:
            values.update(refs.get(side, {}))
        body[key] = values
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False,
                                     default=str).encode()).hexdigest()


def _key(change: dict) -> tuple:
    return (change["at"], change["terminal"], change["sequence"])


def apply_changes(session: Session, changes: list[dict]) -> ApplyResult:
    """Apply other counters' changes in one transaction (the caller's, if one is open)."""
    session.require(Permission.REGISTER)
    if session.db.connection.in_transaction:
        return _Applier(session).run(changes)
    with session.write("sync.apply", "changes") as change:
        result = _Applier(session).run(changes)
        change.after = {"applied": result.applied, "already_had": result.already_had,
                        "held": result.held, "conflicts": result.conflicts}
    return result


class _Applier:
    def __init__(self, session: Session):
        self.session = session
        self.db = session.db
        self.state: SyncState = session.db.sync
        self.result = ApplyResult()
        self.local = self.state.local_terminal()

    def run(self, changes: list[dict]) -> ApplyResult:
        with self.state.unlogged():
            for change in sorted(changes, key=lambda c: (c["terminal"], c["sequence"])):
                self._receive(change)
            self._release_held()
        self.result.held_changes = self.state.held()
        self.result.held = len(self.result.held_changes)
        return self.result

    def _receive(self, change: dict) -> None:
        digest = content_hash(change)
        if change["terminal"] == self.local:  # our own change, come back through a peer
            ours = self.state.logged(change["change_id"])
            if ours is None or content_hash(ours) != digest:
                raise NotGenuine(N_("Change {change} claims to come from this counter but "
                                    "differs from what it wrote."), {"change": change["change_id"]})
            self.result.already_had += 1
            return
        known = self.state.received_hash(change["change_id"])
        if known is not None:
            if known != digest:
                raise NotGenuine(N_("Change {change} was received before with other content: "
                                    "the package is refused."), {"change": change["change_id"]})
            self.result.already_had += 1
            return
        last = self.state.applied_sequence(change["terminal"])
        if change["sequence"] <= last:  # a number already taken by another change of theirs
            raise NotGenuine(N_("Change {change} reuses sequence {sequence} of terminal "
                                "{terminal}: the package is refused."),
                             {"change": change["change_id"], "sequence": change["sequence"],
                              "terminal": change["terminal"]})
        if change["sequence"] > last + 1 or not self._try_apply(change, digest):
            reason = "predecessor" if change["sequence"] > last + 1 else "reference"
            self.state.hold(change, digest, reason)

    def _release_held(self) -> None:
        progress = True
        while progress:
            progress = False
            for change in self.state.held():
                change.pop("held_because")
                if change["sequence"] != self.state.applied_sequence(change["terminal"]) + 1:
                    continue
                if self._try_apply(change, content_hash(change)):
                    self.state.release(change["change_id"])
                    progress = True
                else:
                    self.state.hold(change, content_hash(change), "reference")

    def _try_apply(self, change: dict, digest: str) -> bool:
        try:
            old = self._translate(change, "old")
            new = self._translate(change, "new")
        except _Missing:
            return False
        self.db.execute("SAVEPOINT sync_change")
        try:
            self._apply(change, self._unhexed(change["entity"], old),
                        self._unhexed(change["entity"], new))
        except _Missing:
            self.db.execute("ROLLBACK TO sync_change")
            self.db.execute("RELEASE sync_change")
            return False
        except BaseException:
            self.db.execute("ROLLBACK TO sync_change")
            self.db.execute("RELEASE sync_change")
            raise
        self.db.execute("RELEASE sync_change")
        self.state.log_received(change, old, new)
        self.state.mark_received(change["change_id"], digest, change.get("clerk"))
        self.result.applied += 1
        return True

    def _translate(self, change: dict, side: str) -> dict | None:
        """The change's values with each reference as this file's row id."""
        values = change["old_values" if side == "old" else "new_values"]
        if values is None:
            return None
        values = dict(values)
        pointing = references(self.db, change["entity"])
        refs = (change.get("references") or {}).get(side, {})
        for name in pointing:
            if name in values and values[name] is not None:
                if refs.get(name) is None:
                    if side == "old":
                        values[name] = None  # the record pointed to is gone at the origin
                        continue
                    raise _Missing
                local = self.state.id_of(pointing[name], refs[name])
                if local is None:
                    if side == "old":
                        values[name] = None
                        continue
                    raise _Missing
                values[name] = local
        return values

    def _unhexed(self, table: str, values: dict | None) -> dict | None:
        """The values as the row holds them: the log keeps BLOBs as hex."""
        if values is None:
            return None
        blobs = blob_fields(self.db, table)
        return {name: bytes.fromhex(value) if name in blobs and value is not None else value
                for name, value in values.items()}

    # --- the writes ---------------------------------------------------------------------
    def _stamps(self, change: dict, *, new: bool) -> dict:
        by = change.get("clerk") or change["terminal"]
        stamps = {"terminal": change["terminal"], "updated_at": change["at"], "updated_by": by}
        if new:
            stamps.update(uuid=change["record_uuid"], version=change["version"] or 1,
                          created_at=change["at"], created_by=by)
        return stamps

    def _apply(self, change: dict, old: dict | None, new: dict | None) -> None:
        table, record_uuid = change["entity"], change["record_uuid"]
        here = self.state.row(table, record_uuid)
        if change["operation"] == "delete":
            if here is not None:
                try:
                    self.state.delete(table, record_uuid)
                except Exception as error:  # still pointed to by a record here
                    if "FOREIGN KEY" in str(error):
                        raise _Missing from None
                    raise
            return
        if here is None:
            if self._deleted_here(table, record_uuid):
                return  # deleted here (perhaps before its insert came): the deletion wins
            if change["operation"] == "update":
                raise _Missing  # its insert has not arrived
            self._insert(change, new)
            return
        self._update(change, here, old or {}, new or {})

    def _deleted_here(self, table: str, record_uuid: str) -> bool:
        return any(c["operation"] == "delete" for c in self.state.field_writers(table, record_uuid))

    def _insert(self, change: dict, new: dict) -> None:
        table = change["entity"]
        values = {**new, **self._stamps(change, new=True)}
        if table == "bookings" and values.get("status") in LIVE_BOOKING:
            values = self._first_booking_stands(change, values)
        row_id = self.state.insert(table, values)
        if table == "registrants":
            self._offer_merge(change, values, row_id)

    def _first_booking_stands(self, change: dict, values: dict) -> dict:
        clashes = self.state.clashing_bookings(values["facility_id"], values["check_in"],
                                               values["check_out"], change["record_uuid"])
        mine = (values["created_at"], values["terminal"], values["uuid"])
        if any((b["created_at"], b["terminal"], b["uuid"]) < mine for b in clashes):
            self._set_aside(values["uuid"], values["status"], clashes)
            return {**values, "status": "cancelled", "status_reason": SET_ASIDE}
        for booking in clashes:  # this one was made first: the later ones step aside
            self.state.update("bookings", booking["uuid"],
                              {"status": "cancelled", "status_reason": SET_ASIDE})
            self._set_aside(booking["uuid"], booking["status"], [values])
        return values

    def _set_aside(self, booking_uuid: str, status: str, kept: list[dict]) -> None:
        detail = {"status_was": status, "kept": [b["uuid"] for b in kept]}
        self.state.flag("booking_conflict", "bookings", booking_uuid, detail)
        self.result.flags.append({"kind": "booking_conflict", "record_uuid": booking_uuid,
                                  **detail})

    def _offer_merge(self, change: dict, values: dict, row_id: int) -> None:
        application = Application(
            family_name=values["family_name"], family_kana=values["family_kana"],
            birth_date=values["birth_date"], kind=values["kind"],
            given_name=values.get("given_name") or "", given_kana=values.get("given_kana") or "",
            phone=values.get("phone") or "", email=values.get("email") or "")
        for candidate in find_duplicates(self.db, application, exclude_id=row_id):
            other = self.state.uuid_of("registrants", candidate.record["id"])
            detail = {"candidate": other, "registrant_no": candidate.record["registrant_no"],
                      "reasons": [str(reason.value) for reason in candidate.reasons]}
            self.state.flag("duplicate_person", "registrants", change["record_uuid"], detail)
            self.result.flags.append({"kind": "duplicate_person",
                                      "record_uuid": change["record_uuid"], **detail})

    def _last_key(self, table: str, record_uuid: str, name: str) -> tuple:
        keys = [_key(c) for c in self.state.field_writers(table, record_uuid)
                if c["new_values"] and name in c["new_values"]]
        return max(keys) if keys else ("", "", 0)

    def _update(self, change: dict, here: dict, old: dict, new: dict) -> None:
        table, record_uuid = change["entity"], change["record_uuid"]
        setting: dict = {}
        clashed = False
        if table == "vouchers" and self._double_redemption(change, here, new):
            return
        for name, value in new.items():
            current = here.get(name)
            if current == value:
                if name in old and old[name] == value:  # a conflict settled elsewhere
                    self.state.close_conflicts(table, record_uuid, name, change["terminal"],
                                               "theirs")
                continue
            if name not in old or current == old[name]:
                setting[name] = value
                self.state.close_conflicts(table, record_uuid, name, change["terminal"])
                continue
            clashed = True
            theirs_stand = _key(change) > self._last_key(table, record_uuid, name)
            writer = max((c for c in self.state.field_writers(table, record_uuid)
                          if c["new_values"] and name in c["new_values"]), key=_key, default=None)
            conflict = {
                "entity": table, "record_uuid": record_uuid, "field": name,
                "mine": current, "mine_at": writer["at"] if writer else here["updated_at"],
                "mine_terminal": writer["terminal"] if writer else here["terminal"],
                "theirs": value, "theirs_at": change["at"], "theirs_terminal": change["terminal"],
                "theirs_change": change["change_id"],
                "standing": "theirs" if theirs_stand else "mine"}
            conflict["id"] = self.state.add_conflict(conflict)
            self.result.conflicts += 1
            self.result.conflict_rows.append(conflict)
            if theirs_stand:
                setting[name] = value
        if table == "bookings":
            after = {**here, **setting}
            if after["status"] in LIVE_BOOKING:  # moved onto another booking's nights
                kept = self._first_booking_stands(change, after)
                setting.update({k: kept[k] for k in ("status", "status_reason")
                                if kept[k] != here[k]})
        if setting and not clashed and here["version"] != change["base_version"]:
            detail = {"fields": sorted(setting), "terminal": change["terminal"]}
            self.state.flag("parallel_edit", table, record_uuid, detail)
            self.result.flags.append({"kind": "parallel_edit", "record_uuid": record_uuid,
                                      **detail})
        self._write(change, here, setting)

    def _write(self, change: dict, here: dict, setting: dict) -> None:
        stamps = {"version": max(here["version"], change["version"] or 0)}
        # The origin's stamps when it had seen this record as it is here (a later edit), or
        # when its change is the later one: the same stamps in any order of application.
        if (change["base_version"] >= here["version"]
                or (change["at"], change["terminal"]) > (here["updated_at"], here["terminal"])):
            stamps.update(self._stamps(change, new=False))
        if setting or any(here[name] != value for name, value in stamps.items()):
            self.state.update(change["entity"], change["record_uuid"], {**setting, **stamps})

    def _double_redemption(self, change: dict, here: dict, new: dict) -> bool:
        """Both counters redeemed the voucher: the first redemption stands, flagged once."""
        if not (here["status"] == "redeemed" and new.get("status") == "redeemed"
                and new.get("booking_id") not in (None, here["booking_id"])):
            return False
        redeemed_here = max((c for c in self.state.field_writers("vouchers", here["uuid"])
                             if c["new_values"] and "booking_id" in c["new_values"]),
                            key=_key)
        theirs_first = _key(change) < _key(redeemed_here)
        bookings = sorted([self.state.uuid_of("bookings", here["booking_id"]),
                           self.state.uuid_of("bookings", new["booking_id"])])
        detail = {"bookings": bookings, "kept": self.state.uuid_of(
            "bookings", new["booking_id"] if theirs_first else here["booking_id"])}
        self.state.flag("double_redemption", "vouchers", here["uuid"], detail)
        self.result.flags.append({"kind": "double_redemption", "record_uuid": here["uuid"],
                                  **detail})
        setting = {k: v for k, v in new.items() if theirs_first and here.get(k) != v}
        self._write(change, here, setting)
        return True
