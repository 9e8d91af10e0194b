"""The registry list's filters in the store: kind, tier, expiring within N days, a set of ids.

Each filter must give the same rows whichever way a window is read (picked through the filter's
index and sorted, or walked along the sort index), and its count must come from an index.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desktop_app.services.demo import fill_demo
from desktop_app.services.office_setup import set_up_office
from desktop_app.services.registrant_list import expiring_within
from desktop_app.store import registrants as store
from desktop_app.store.database import Database
from desktop_app.store.registrants import ListQuery
from tests.conftest import ADMIN_PASSWORD

TODAY = date(2026, 11, 22)
EXPIRING = expiring_within(60, today=TODAY)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """One sample register for the module (read only): 300 people of every kind and status."""
    db = Database(tmp_path_factory.mktemp("filters") / "futasato.sqlite")
    admin = set_up_office(db, municipality_code="042021", office_name="石巻市役所 本庁",
                          admin_login="admin", admin_password=ADMIN_PASSWORD,
                          admin_name="管理 太郎")
    fill_demo(admin, registrants=300, seed=7, today=TODAY)
    yield db
    db.close()


def everyone(db, sort: str = "kana", descending: bool = False) -> list[dict]:
    query = ListQuery(sort=sort, descending=descending)
    return db.registrants.window(query, 0, db.registrants.count(query) + 1)


def expected(db, query: ListQuery) -> list[dict]:
    """The whole list in the query's order, filtered here in Python."""
    def keep(row: dict) -> bool:
        return ((query.kind is None or row["kind"] == query.kind)
                and (query.tier is None or row["tier"] == query.tier)
                and (query.status is None or row["status"] == query.status)
                and (query.ids is None or row["id"] in query.ids)
                and (query.expiring is None or (
                    row["status"] in ("registered", "renewed") and row["valid_until"]
                    and query.expiring[0] <= row["valid_until"] <= query.expiring[1])))
    return [row for row in everyone(db, query.sort, query.descending) if keep(row)]


FILTERS = [
    ListQuery(kind="dual"),
    ListQuery(kind="furusato"),
    ListQuery(tier="premium"),
    ListQuery(tier="basic", status="registered"),
    ListQuery(kind="dual", status="applied"),
    ListQuery(expiring=EXPIRING),
    ListQuery(expiring=EXPIRING, kind="furusato", tier="basic"),
    ListQuery(expiring=EXPIRING, status="renewed"),
    ListQuery(expiring=EXPIRING, status="applied"),  # never live: nobody
    ListQuery(status="registered"),
]


@pytest.mark.parametrize("sort", ["kana", "birth", "status", "id"])
@pytest.mark.parametrize("query", FILTERS)
def test_each_filter_shows_the_right_people_whichever_way_it_is_read(demo, monkeypatch,
                                                                     query, sort):
    query = replace(query, sort=sort, descending=sort == "birth")
    want = expected(demo, query)
    repository = demo.registrants
    assert repository.count(query) == len(want)
    for pick_at_most in (0, 10**9):  # walk the sort index / pick by the filter and sort
        monkeypatch.setattr(store, "PICK_AT_MOST", pick_at_most)
        for reverse_from in (10**9, 0):  # and windows past the middle read backwards
            monkeypatch.setattr(store, "REVERSE_FROM", reverse_from)
            repository._counts.clear()
            rows = [row for offset in range(0, len(want) + 20, 20)
                    for row in repository.window(query, offset, 20)]
            assert [r["id"] for r in rows] == [r["id"] for r in want]


@pytest.mark.parametrize("query", [q for q in FILTERS if q.status != "applied"])
def test_sorted_by_number_the_filtered_list_keeps_the_numbers_in_order(demo, query):
    query = replace(query, sort="number")
    rows = demo.registrants.window(query, 0, 1000)
    assert sorted(r["id"] for r in rows) == sorted(r["id"] for r in expected(demo, query))
    numbers = [r["registrant_no"] for r in rows]
    assert numbers == sorted(numbers, key=lambda n: (n is not None, n or ""))


def test_kind_and_tier_filters_count_what_they_say(demo):
    people = everyone(demo)
    count = demo.registrants.count
    assert count(ListQuery(kind="dual")) == sum(r["kind"] == "dual" for r in people) > 0
    assert count(ListQuery(tier="premium")) == sum(r["tier"] == "premium" for r in people) > 0
    assert count(ListQuery(kind="dual", tier="premium")) == 0  # a dual resident has no tier


def test_expiring_keeps_live_registrations_ending_within_the_days_both_ends_included(admin):
    fill_demo(admin, registrants=5, seed=1, today=TODAY)
    db = admin.db
    ids = [r["id"] for r in everyone(db, "id")]
    cases = {  # id: (status, valid until) and whether it is in the 60-day list
        ids[0]: ("registered", "2026-11-22", True),
        ids[1]: ("renewed", "2027-01-21", True),
        ids[2]: ("registered", "2027-01-22", False),  # a day too late
        ids[3]: ("registered", "2026-11-21", False),  # already ended
        ids[4]: ("expired", "2026-12-01", False),  # not live
    }
    with db.transaction():
        for registrant_id, (status, until, _in) in cases.items():
            db.execute("UPDATE registrants SET status = ?, valid_until = ? WHERE id = ?",
                       (status, until, registrant_id))
    query = ListQuery(expiring=EXPIRING, sort="id")
    assert EXPIRING == ("2026-11-22", "2027-01-21")
    assert [r["id"] for r in db.registrants.window(query, 0, 10)] == [
        i for i, (_s, _u, shown) in cases.items() if shown]
    assert db.registrants.count(query) == 2


def test_ids_show_only_those_people_and_none_when_empty(demo):
    people = everyone(demo, "id")
    chosen = (people[3]["id"], people[40]["id"], people[41]["id"])
    assert [r["id"] for r in demo.registrants.window(ListQuery(ids=chosen, sort="id"), 0, 50)] \
        == list(chosen)
    assert demo.registrants.count(ListQuery(ids=chosen, kind=people[3]["kind"])) == sum(
        r["kind"] == people[3]["kind"] for r in people if r["id"] in chosen)
    assert demo.registrants.count(ListQuery(ids=())) == 0
    assert demo.registrants.window(ListQuery(ids=()), 0, 50) == []
    text = people[40]["family_kana"]
    assert demo.registrants.count(ListQuery(ids=chosen, text=text)) >= 1


@pytest.mark.parametrize("query", [*FILTERS, ListQuery(ids=(1, 2, 3)),
                                   ListQuery(ids=(1,), kind="dual"),
                                   ListQuery(text="さとう", kind="dual")])
def test_every_filter_is_counted_through_an_index(db, query):
    """A count that scanned the table would take 250 ms and more at 1,000,000 registrants."""
    hint, where, params = store._where(query)
    plan = [row[3] for row in db.execute(
        f"EXPLAIN QUERY PLAN SELECT count(*) FROM registrants{hint}{where}", params)]
    assert not any(step == "SCAN registrants" for step in plan), plan
    assert any("INDEX" in step or "PRIMARY KEY" in step for step in plan), plan


def test_a_status_filter_sorted_by_number_reads_the_status_number_index(db):
    hint, where, params = store._where(ListQuery(status="registered", sort="number"), walk=True)
    plan = " ".join(row[3] for row in db.execute(
        f"EXPLAIN QUERY PLAN SELECT id FROM registrants{hint}{where}"
        " ORDER BY registrant_no LIMIT 200", params))
    assert "registrants_status_number" in plan and "TEMP B-TREE" not in plan


def test_schema_6_adds_the_filter_indexes(db):
    names = {row[1] for row in db.execute("PRAGMA index_list(registrants)")}
    assert {"registrants_kind", "registrants_live_until", "registrants_status_number"} <= names
    assert "involvement_kind" in {row[1] for row in db.execute("PRAGMA index_list(involvement)")}


def test_the_sample_has_people_for_every_filter_but_the_impossible_one(demo):
    """Otherwise the comparisons above would pass on empty lists."""
    counts = {query: demo.registrants.count(query) for query in FILTERS}
    assert [q for q, n in counts.items() if n == 0] == [
        ListQuery(expiring=EXPIRING, status="applied")]
    assert all(n < 300 for n in counts.values())
