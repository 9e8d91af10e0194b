"""Applying other counters' changes: idempotent, held until in order, merged field by field,
conflicts left for a clerk, the rules across counters, and any order converging."""

from __future__ import annotations

import random
from datetime import date

import pytest

from desktop_app.domain.application import Application
from desktop_app.domain.errors import NotGenuine
from desktop_app.services import stays, vouchers
from desktop_app.services.registration import register, update_details
from desktop_app.services.vouchers import BatchInput
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
    first = apply(b, changes)
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
