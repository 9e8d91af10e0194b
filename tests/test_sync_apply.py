"""Applying other counters' changes: idempotent, held until in order, merged field by field,
conflicts left for a clerk, the rules across counters, and any order converging."""

from __future__ import annotations

import json
import random
from datetime import date

import pytest

from desktop_app.cli import main
from desktop_app.domain.application import Application
from desktop_app.domain.errors import NotGenuine
from desktop_app.services import stays, vouchers
from desktop_app.services.registration import update_details
from desktop_app.services.sync_resolve import resolve
from desktop_app.services.vouchers import BatchInput
from tests.conftest import ADMIN_PASSWORD
from tests.stays_helpers import add_person
from tests.sync_helpers import apply, counters, own_changes, synced_rows

TODAY = date(2026, 6, 1)


@pytest.fixture
def town(admin, persons, facility, tmp_path):
    """Three counters of one town with three people and a facility."""
    return counters(admin.db, tmp_path, 3)


def _edit(session, registrant_id: int, **values) -> None:
    person = session.db.registrants.get(registrant_id)
    fields = {name: person[name] for name in (
        "family_name", "family_kana", "birth_date", "kind", "given_name", "given_kana", "tier",
        "sex", "postal_code", "prefecture", "city", "address", "phone", "email",
        "local_address")}
    update_details(session, registrant_id, Application(**{**fields, **values}), today=TODAY)


def test_the_same_changes_twice_change_nothing_and_altered_content_is_refused(town, persons):
    a, b, _ = town
    _edit(a, persons[0], phone="090-1111-2222")
    changes = own_changes(a)
    triggers = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
    before = b.db.execute(triggers).fetchone()[0]
    first = apply(b, changes)
    assert b.db.execute(triggers).fetchone()[0] == before  # the change log is back whole
    assert (first.applied, first.already_had, first.held, first.conflicts) == (1, 0, 0, 0)
    assert b.db.registrants.get(persons[0])["phone"] == "090-1111-2222"
    rows = synced_rows(b.db)
    again = apply(b, changes)
    assert (again.applied, again.already_had) == (0, 1)
    assert synced_rows(b.db) == rows
    # Applying is not a change of this counter's: nothing of b's own to pass on.
    assert own_changes(b) == []
    altered = [{**changes[0], "new_values": {**changes[0]["new_values"], "phone": "0"}}]
    with pytest.raises(NotGenuine) as refused:
        apply(b, altered)
    assert refused.value.exit_code == 4
    assert b.db.registrants.get(persons[0])["phone"] == "090-1111-2222"


def _exchange(*sessions) -> None:
    """Every counter applies every other counter's own changes."""
    packages = {s.terminal: own_changes(s) for s in sessions}
    for session in sessions:
        apply(session, [c for t, cs in packages.items() if t != session.terminal for c in cs])


def test_a_change_whose_predecessor_is_missing_is_held_then_applied(town, persons):
    a, b, _ = town
    _edit(a, persons[0], phone="090-1111-2222")
    _edit(a, persons[0], email="hanako@example.jp")
    _edit(a, persons[1], phone="080-3333-4444")
    first, second, third = own_changes(a)
    held = apply(b, [third, second])
    assert (held.applied, held.held) == (0, 2)
    assert [c["sequence"] for c in held.held_changes] == [second["sequence"], third["sequence"]]
    assert {c["held_because"] for c in b.db.sync.held()} == {"predecessor"}
    assert b.db.registrants.get(persons[0])["email"] == ""
    released = apply(b, [first])
    assert (released.applied, released.held) == (3, 0)
    assert b.db.sync.held() == []
    assert synced_rows(b.db)["registrants"] == synced_rows(a.db)["registrants"]


def test_different_fields_changed_on_two_counters_both_apply_and_are_flagged(town, persons):
    a, b, _ = town
    _edit(a, persons[0], phone="090-1111-2222")
    _edit(b, persons[0], email="hanako@example.jp")
    _exchange(a, b)
    for session in (a, b):
        person = session.db.registrants.get(persons[0])
        assert (person["phone"], person["email"]) == ("090-1111-2222", "hanako@example.jp")
        assert [f["kind"] for f in session.db.sync.flags()] == ["parallel_edit"]
        assert session.db.sync.conflicts() == []
    assert synced_rows(a.db) == synced_rows(b.db)


@pytest.mark.parametrize("take", ["mine", "theirs"])
def test_the_same_field_changed_twice_is_a_conflict_resolved_on_one_counter_for_both(
        town, persons, take):
    a, b, _ = town
    _edit(a, persons[0], phone="090-1111-2222")
    _edit(b, persons[0], phone="080-9999-0000")
    _exchange(a, b)
    assert synced_rows(a.db) == synced_rows(b.db)  # the same value stands meanwhile on both
    (mine,) = [c for c in a.db.sync.conflicts() if c["field"] == "phone"]
    (theirs,) = [c for c in b.db.sync.conflicts() if c["field"] == "phone"]
    # The phone's search keys came with it: field by field, settled together.
    assert {c["field"] for c in a.db.sync.conflicts()} == {"phone", "phone_digits",
                                                           "phone_reversed"}
    assert (mine["field"], mine["mine"], mine["theirs"]) == ("phone", "090-1111-2222",
                                                            "080-9999-0000")
    assert mine["theirs_terminal"] == b.terminal and mine["mine_terminal"] == a.terminal
    assert (theirs["mine"], theirs["theirs"]) == ("080-9999-0000", "090-1111-2222")
    sent = len(own_changes(a))
    resolve(a, mine["id"], take)
    chosen = "090-1111-2222" if take == "mine" else "080-9999-0000"
    assert a.db.registrants.get(persons[0])["phone"] == chosen
    assert a.db.sync.conflicts() == []
    resolution = own_changes(a)[sent:]
    assert len(resolution) == 1  # the resolution travels as a change of a's
    result = apply(b, resolution)
    assert (result.applied, result.conflicts) == (1, 0)
    assert b.db.sync.conflicts() == []
    assert b.db.registrants.get(persons[0])["phone"] == chosen
    assert synced_rows(a.db) == synced_rows(b.db)


def _book(session, facility, person, first: int, last: int) -> int:
    return stays.book(session, facility_id=facility, registrant=person,
                      check_in=date(2026, 7, first), check_out=date(2026, 7, last))


def test_overlapping_bookings_from_two_counters_keep_the_first_made(town, persons, facility):
    a, b, _ = town
    first = _book(a, facility, persons[0], 10, 13)
    second = _book(b, facility, persons[1], 12, 15)
    first_uuid = a.db.sync.uuid_of("bookings", first)
    second_uuid = b.db.sync.uuid_of("bookings", second)
    # Made an hour apart (bookkeeping columns: no change is logged for this).
    for session, at in ((a, "2026-06-01T09:00:00+00:00"), (b, "2026-06-01T10:00:00+00:00")):
        session.db.execute("UPDATE bookings SET created_at = ?, updated_at = ?", (at, at))
    own = {s.terminal: own_changes(s) for s in (a, b)}
    for session in (a, b):
        other = [c for t, cs in own.items() if t != session.terminal for c in cs]
        for change in other:
            if change["entity"] == "bookings" and change["operation"] == "insert":
                change["at"] = ("2026-06-01T09:00:00+00:00"
                                if change["record_uuid"] == first_uuid
                                else "2026-06-01T10:00:00+00:00")
        apply(session, other)
    for session in (a, b):
        kept, set_aside = (session.db.sync.row("bookings", u)
                           for u in (first_uuid, second_uuid))
        assert kept["status"] == "provisional"
        assert set_aside["status"] == "cancelled"
        (flag,) = session.db.sync.flags("booking_conflict")
        assert flag["record_uuid"] == second_uuid
        assert flag["detail"] == {"status_was": "provisional", "kept": [first_uuid]}
    assert synced_rows(a.db)["bookings"] == synced_rows(b.db)["bookings"]


def test_a_voucher_redeemed_on_two_counters_is_recorded_once_and_flagged(town, persons,
                                                                       facility):
    a, b, _ = town
    _, (serial,) = vouchers.issue_batch(a, BatchInput(count=1, value=1000,
                                                      expires_on=date(2027, 3, 31)), today=TODAY)
    apply(b, own_changes(a))
    here = _book(a, facility, persons[0], 1, 3)
    there = _book(b, facility, persons[1], 20, 22)
    vouchers.redeem(a, serial, here, today=TODAY)
    vouchers.redeem(b, serial, there, today=TODAY)
    _exchange(a, b)
    bookings = sorted([a.db.sync.uuid_of("bookings", here), b.db.sync.uuid_of("bookings", there)])
    kept = set()
    for session in (a, b):
        voucher = session.db.vouchers.by_serial(serial)
        assert voucher["status"] == "redeemed"
        kept.add(session.db.sync.uuid_of("bookings", voucher["booking_id"]))
        (flag,) = session.db.sync.flags("double_redemption")
        assert flag["detail"]["bookings"] == bookings
        assert session.db.sync.conflicts() == []
    assert len(kept) == 1
    assert synced_rows(a.db) == synced_rows(b.db)


def test_a_person_registered_on_two_counters_is_offered_for_merge(town):
    a, b, _ = town
    add_person(a, "高橋", "タカハシ", "一郎", "イチロウ", "1990-02-02")
    add_person(b, "髙橋", "タカハシ", "一郎", "イチロウ", "1990-02-02")
    result = apply(a, own_changes(b))
    (flag,) = [f for f in result.flags if f["kind"] == "duplicate_person"]
    assert a.db.sync.flags("duplicate_person")[0]["detail"]["candidate"] == flag["candidate"]
    # Both records stand: a merge is the clerk's decision.
    assert a.db.execute("SELECT count(*) FROM registrants WHERE family_kana = 'タカハシ'"
                        ).fetchone()[0] == 2


def test_changes_applied_in_any_order_reach_the_same_rows_on_every_counter(
        admin, persons, facility, tmp_path):
    a, b, *others = counters(admin.db, tmp_path, 6)
    _edit(a, persons[0], phone="090-1111-2222")
    _edit(b, persons[0], email="hanako@example.jp")  # another field: both stand
    _edit(a, persons[1], phone="080-1111-0000")
    _edit(b, persons[1], phone="080-2222-0000")  # the same field: a conflict
    newcomer = add_person(b, "伊藤", "イトウ", "愛", "アイ", "2000-05-05")
    _book(b, facility, newcomer, 1, 4)
    _book(a, facility, persons[2], 3, 6)  # overlaps b's booking
    stays.add_blackout(a, facility, date(2026, 8, 1), "清掃")
    stays.remove_blackout(a, facility, date(2026, 8, 1))  # a deletion travels
    _edit(a, persons[2], address="北上町 1-1")
    changes = own_changes(a) + own_changes(b)
    _exchange(a, b)
    expected = synced_rows(a.db)
    assert synced_rows(b.db) == expected
    assert {c["field"] for c in a.db.sync.conflicts()} >= {"phone"}
    assert [f["kind"] for f in a.db.sync.flags("booking_conflict")] == ["booking_conflict"]
    assert [row for row in expected["bookings"] if ("status", "cancelled") in row]
    assert expected["facility_blackouts"] == []
    for seed, counter in enumerate(others):
        order = random.Random(seed).sample(changes, len(changes))
        cut = sorted(random.Random(seed + 100).sample(range(1, len(order)), 2))
        for package in (order[:cut[0]], order[cut[0]:cut[1]], order[cut[1]:]):
            apply(counter, package)
        assert counter.db.sync.held() == []
        assert synced_rows(counter.db) == expected, f"order {seed}"
        assert len(counter.db.sync.conflicts()) == len(a.db.sync.conflicts())


def test_conflicts_are_listed_and_resolved_on_the_command_line(town, persons, monkeypatch,
                                                                capsys):
    a, b, _ = town
    _edit(a, persons[0], phone="090-1111-2222")
    _edit(b, persons[0], phone="080-9999-0000")
    apply(a, own_changes(b))
    monkeypatch.setenv("FUTASATO_CLERK", "admin")
    monkeypatch.setenv("FUTASATO_PASSWORD", ADMIN_PASSWORD)

    def futasato(*args: str) -> tuple[int, str]:
        code = main(["--db", str(a.db.path), "--lang", "en", *args])
        return code, capsys.readouterr().out

    code, out = futasato("--json", "sync", "conflicts")
    assert code == 0
    listed = json.loads(out)
    phone = next(c for c in listed if c["field"] == "phone")
    assert (phone["mine"], phone["theirs"]) == ("090-1111-2222", "080-9999-0000")
    code, out = futasato("sync", "resolve", str(phone["id"]), "--take", "mine")
    assert code == 0 and "090-1111-2222" in out
    code, out = futasato("sync", "conflicts")
    assert out.strip() == "No conflicts between counters."
    code, _ = futasato("sync", "resolve", str(phone["id"]), "--take", "mine")
    assert code == 3  # already resolved


def test_a_booking_moved_onto_another_counters_booking_is_set_aside_not_refused(
        town, persons, facility):
    a, b, _ = town
    earlier = _book(a, facility, persons[0], 10, 13)
    later = _book(b, facility, persons[1], 20, 23)
    for session, at in ((a, "2026-06-01T09:00:00+00:00"), (b, "2026-06-01T10:00:00+00:00")):
        session.db.execute("UPDATE bookings SET created_at = ?", (at,))
    b.db.bookings.update(later, {"check_in": "2026-07-11", "check_out": "2026-07-14",
                                 **b.changed_record()})
    earlier_uuid = a.db.sync.uuid_of("bookings", earlier)
    later_uuid = b.db.sync.uuid_of("bookings", later)
    packages = {s.terminal: own_changes(s) for s in (a, b)}
    for change in packages[a.terminal] + packages[b.terminal]:
        if change["operation"] == "insert":
            change["at"] = ("2026-06-01T09:00:00+00:00" if change["record_uuid"] == earlier_uuid
                            else "2026-06-01T10:00:00+00:00")
    apply(a, packages[b.terminal])
    assert a.db.sync.row("bookings", earlier_uuid)["status"] == "provisional"
    moved = a.db.sync.row("bookings", later_uuid)
    assert (moved["check_in"], moved["status"]) == ("2026-07-11", "cancelled")
    assert [f["record_uuid"] for f in a.db.sync.flags("booking_conflict")] == [later_uuid]


def test_changes_passed_on_through_a_third_counter_are_the_same_changes(town, persons,
                                                                       facility):
    a, b, c = town
    newcomer = add_person(a, "伊藤", "イトウ", "愛", "アイ", "2000-05-05")
    _book(a, facility, newcomer, 1, 4)
    _edit(a, persons[0], phone="090-1111-2222")
    stays.add_blackout(a, facility, date(2026, 8, 1), "清掃")
    stays.remove_blackout(a, facility, date(2026, 8, 1))
    apply(c, own_changes(a))
    relayed = list(c.db.changes.since(a.terminal, 0))
    assert [x["change_id"] for x in relayed] == [x["change_id"] for x in own_changes(a)]
    result = apply(b, relayed)
    assert (result.applied, result.held, result.conflicts) == (len(relayed), 0, 0)
    assert synced_rows(b.db) == synced_rows(a.db)
    direct = apply(b, own_changes(a))  # the same content, whichever way it came
    assert (direct.applied, direct.already_had) == (0, len(relayed))
    mine = apply(a, relayed)  # a's own changes, come back
    assert (mine.applied, mine.already_had) == (0, len(relayed))


def test_a_change_pointing_to_a_record_not_yet_arrived_is_held_until_it_comes(town, facility):
    a, b, c = town
    newcomer = add_person(a, "伊藤", "イトウ", "愛", "アイ", "2000-05-05")
    apply(b, own_changes(a))
    _book(b, facility, b.db.sync.id_of("registrants", a.db.sync.uuid_of(
        "registrants", newcomer)), 1, 4)
    early = apply(c, own_changes(b))
    assert (early.applied, early.held) == (0, 1)
    assert [x["held_because"] for x in early.held_changes] == ["reference"]
    late = apply(c, own_changes(a))
    assert (late.applied, late.held) == (2, 0)
    assert synced_rows(c.db) == synced_rows(b.db)
