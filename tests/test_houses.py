"""The vacant-house bank: consent before publication, statuses, photos, contacts, matching."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.houses import Deal, HouseInput, HouseStatus, parse_built_year, rooms_of
from desktop_app.domain.matching import Listing, Wish, people_for, people_for_each, score
from desktop_app.services import events, house_matching, houses
from desktop_app.services.house_matching import WishInput

TODAY = date(2026, 5, 20)


def _house(session, **changes):
    values = {"address": "宮城県石巻市北上町十三浜字小泊 1-2", "district": "北上",
              "deal": Deal.BOTH, "price_yen": 3_000_000, "rent_yen": 40_000, "floor_m2": 95.5,
              "layout": "4LDK", "owner_name": "所有 一郎", "owner_contact": "0225-00-0000",
              "structure": "木造", "water": "公営", "sewage": "浄化槽", "gas": "LP",
              "built_year": 1978, "pets_allowed": True}
    values.update(changes)
    return houses.add_house(session, HouseInput(**values), today=TODAY)


def test_listing_numbers_run_per_fiscal_year(admin):
    first, second = _house(admin), _house(admin)
    assert admin.db.houses.get(first)["listing_no"] == "2026-001"
    assert admin.db.houses.get(second)["listing_no"] == "2026-002"
    assert admin.db.houses.get(first)["status"] == "draft"


def test_consent_is_required_before_publication_and_public_output(admin):
    house = _house(admin)
    with pytest.raises(RuleRefused, match="同意"):
        houses.change_status(admin, house, HouseStatus.PUBLISHED, today=TODAY)
    assert admin.db.houses.get(house)["status"] == "draft"
    with pytest.raises(RuleRefused, match="同意"):
        houses.public_listing(admin.db, house)
    houses.record_consent(admin, house, date(2026, 5, 1), "登録申込書兼同意書")
    houses.change_status(admin, house, HouseStatus.PUBLISHED, today=TODAY)
    public = houses.public_listing(admin.db, house)
    assert public["published_on"] == TODAY.isoformat()
    assert not {"owner_name", "owner_contact", "owner_address"} & set(public)


def test_status_machine_and_erasure_reason(admin, persons):
    house = _house(admin)
    with pytest.raises(RuleRefused):  # not from draft straight to contracted
        houses.change_status(admin, house, HouseStatus.CONTRACTED)
    with pytest.raises(RuleRefused, match="理由"):
        houses.change_status(admin, house, HouseStatus.ERASED)
    houses.record_consent(admin, house, date(2026, 5, 1), "同意書")
    for status in (HouseStatus.PUBLISHED, HouseStatus.NEGOTIATING):
        houses.change_status(admin, house, status, today=TODAY)
    houses.change_status(admin, house, HouseStatus.CONTRACTED, registrant=str(persons[0]),
                         today=date(2026, 6, 30))
    row = admin.db.houses.get(house)
    assert (row["status"], row["contracted_registrant_id"]) == ("contracted", persons[0])
    assert [c["id"] for c in houses.contracts_in_quarter(admin.db, 2026, 1)] == [house]
    assert houses.contracts_in_quarter(admin.db, 2026, 2) == []
    houses.change_status(admin, house, HouseStatus.ERASED, reason="所有者の申出")
    assert admin.db.houses.get(house)["status_reason"] == "所有者の申出"


def test_listing_checks(admin):
    with pytest.raises(RuleRefused, match="価格"):
        _house(admin, price_yen=None)
    with pytest.raises(RuleRefused):
        _house(admin, floor_m2=-1)
    with pytest.raises(RuleRefused) as refused:
        _house(admin, postal_code="石巻 986 電話 0861")
    assert refused.value.field == "Postal code"
    house = admin.db.houses.get(_house(admin, postal_code="〒９８６－００２２"))
    assert house["postal_code"] == "9860022"  # stored as digits, as before
    assert parse_built_year("昭和53") == 1978 and parse_built_year("S53年") == 1978
    assert parse_built_year("令和元") == 2019 and parse_built_year("1999") == 1999
    assert rooms_of("4LDK") == 4 and rooms_of("１Ｒ") == 1 and rooms_of("") is None


def _jpeg(width=800, height=600) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 120, 60)).save(buffer, "PNG")
    return buffer.getvalue()


def test_photos_are_kept_in_the_file_with_thumbnails(admin):
    house = _house(admin)
    houses.add_photo(admin, house, _jpeg(), "外観")
    houses.add_photo(admin, house, _jpeg(3000, 2000), "居間")
    thumbs = admin.db.houses.thumbnails(house)
    assert [t["caption"] for t in thumbs] == ["外観", "居間"]
    assert Image.open(io.BytesIO(thumbs[1]["thumbnail"])).size == (240, 160)
    assert Image.open(io.BytesIO(admin.db.houses.photo(thumbs[1]["id"])["image"])).size[0] == 1600
    with pytest.raises(RuleRefused):
        houses.add_photo(admin, house, b"not a picture")


def test_owner_contacts_and_viewings(admin, persons):
    house = _house(admin)
    houses.add_owner_contact(admin, house, contacted_on=date(2026, 5, 2), channel="phone",
                             outcome="登録に前向き", next_step="同意書を郵送",
                             next_on=date(2026, 5, 10))
    assert admin.db.houses.owner_contacts(house)[0]["next_step"] == "同意書を郵送"
    with pytest.raises(RuleRefused):  # not shown before it is published
        houses.add_inquiry(admin, house, str(persons[0]), kind="viewing",
                           occurred_on=TODAY)
    houses.record_consent(admin, house, date(2026, 5, 1), "同意書")
    houses.change_status(admin, house, HouseStatus.PUBLISHED, today=TODAY)
    houses.add_inquiry(admin, house, str(persons[0]), kind="viewing", occurred_on=TODAY,
                       outcome="前向きに検討")
    assert admin.db.houses.inquiries(house)[0]["family_name"] == "佐藤"


def test_score_rules():
    house = Listing(1, "北上", True, False, 3_000_000, None, 90.0, 4, False)
    wish = Wish(7, frozenset({"北上"}), True, False, 3_000_000, None, 80.0, 3, False)
    assert score(wish, house) == 100
    assert score(Wish(7, frozenset(), False, True, None, 50_000, None, None, False), house) is None
    pets = Wish(7, frozenset(), True, False, None, None, None, None, True)
    assert score(pets, house) is None
    over = Wish(7, frozenset({"北上"}), True, False, 2_700_000, None, 80.0, 3, False)
    assert 65 < score(over, house) < 100  # 11 % over budget: still shown, lower
    far_over = Wish(7, frozenset(), True, False, 2_000_000, None, None, None, False)
    assert score(far_over, house) is None


def test_matching_both_ways(admin, persons):
    cheap = _house(admin, district="雄勝", price_yen=1_000_000, deal=Deal.SALE, rent_yen=None)
    dear = _house(admin, district="北上", price_yen=5_000_000, deal=Deal.SALE, rent_yen=None)
    hidden = _house(admin, district="北上", price_yen=900_000, deal=Deal.SALE, rent_yen=None)
    for house in (cheap, dear):
        houses.record_consent(admin, house, date(2026, 5, 1), "同意書")
        houses.change_status(admin, house, HouseStatus.PUBLISHED, today=TODAY)
    house_matching.save_wish(admin, str(persons[0]), WishInput(deal="sale", areas=("北上",),
                                                                max_price_yen=6_000_000))
    house_matching.save_wish(admin, str(persons[1]), WishInput(deal="sale",
                                                                max_price_yen=1_200_000))
    house_matching.save_wish(admin, str(persons[2]), WishInput(deal="rent"))
    ranked = house_matching.houses_for_registrant(admin.db, str(persons[0]))
    assert [h["id"] for h in ranked] == [dear, cheap]  # the draft house is never offered
    assert hidden not in [h["id"] for h in ranked]
    assert ranked[0]["score"] > ranked[1]["score"]
    people = house_matching.people_for_house(admin.db, cheap)
    assert [p["id"] for p in people] == [persons[1], persons[0]]
    assert house_matching.houses_for_registrant(admin.db, str(persons[2])) == []


def test_event_attendance_is_involvement(admin, persons):
    event = events.add_event(admin, name="北上 モニターツアー", kind="monitor_tour",
                             held_on=date(2026, 7, 4), capacity=2)
    events.add_participant(admin, event, str(persons[0]))
    events.add_participant(admin, event, str(persons[1]))
    with pytest.raises(RuleRefused, match="定員"):
        events.add_participant(admin, event, str(persons[2]))
    events.record_attendance(admin, event, str(persons[0]), True)
    events.record_attendance(admin, event, str(persons[1]), False)
    with pytest.raises(RuleRefused):
        events.record_attendance(admin, event, str(persons[0]), True)
    rows = admin.db.execute("SELECT registrant_id, kind, occurred_on FROM involvement").fetchall()
    assert [tuple(r) for r in rows] == [(persons[0], "event", "2026-07-04")]


def test_prefilter_keeps_exactly_the_pairs_score_allows(admin):
    """The store's pre-filter and the domain's score agree on every pair ruled out."""
    import itertools
    import random

    from desktop_app.domain.matching import wish_floor

    rng = random.Random(3)
    houses_ = [Listing(i, "北上", rng.random() < .6, rng.random() < .6,
                       rng.choice((None, 1_000_000, 3_000_000)), rng.choice((None, 40_000)),
                       None, None, rng.random() < .5) for i in range(40)]
    wishes_ = [Wish(i, frozenset(), rng.random() < .6, rng.random() < .6,
                    rng.choice((None, 900_000, 2_600_000, 3_000_000)),
                    rng.choice((None, 30_000, 35_000)), None, None, rng.random() < .3)
               for i in range(60)]
    for house, wish in itertools.product(houses_, wishes_):
        floor = wish_floor(house)
        passes = (floor.pets or not wish.needs_pets) and (
            (floor.sale_budget_above is not None and wish.wants_sale
             and (wish.max_price_yen is None or wish.max_price_yen > floor.sale_budget_above))
            or (floor.rent_budget_above is not None and wish.wants_rent
                and (wish.max_rent_yen is None or wish.max_rent_yen > floor.rent_budget_above)))
        assert passes == (score(wish, house) is not None), (house, wish)


@pytest.mark.parametrize("limit", [1, 10, 50, 1000])
def test_ranking_every_house_at_once_gives_each_house_its_own_ranking(limit):
    """The pruned all-houses ranking equals `people_for` house by house: pairs, scores, order."""
    import random

    rng = random.Random(limit)
    districts = ("北上", "雄勝", "河北", "中心部")
    houses_ = []
    for i in range(200):
        deal = rng.choice(("sale", "rent", "both"))
        houses_.append(Listing(
            i, rng.choice(districts), deal != "rent", deal != "sale",
            rng.choice((None, rng.randrange(300_000, 9_000_000, 100_000))),
            rng.choice((None, rng.randrange(15_000, 100_000, 1000))),
            rng.choice((None, 64.0, 80.0, rng.uniform(40, 160))), rng.choice((None, 2, 4, 6)),
            rng.random() < .5, rng.choice((None, date(2026, 4, 1), date(2026, 9, 1)))))
    ids = rng.sample(range(1, 100_000), 600)  # ties on score are broken by these, unsorted
    wishes_ = []
    for registrant_id in ids:
        deal = rng.choice(("sale", "rent", "either"))
        wishes_.append(Wish(
            registrant_id, frozenset(rng.sample(districts, rng.randint(0, 2))), deal != "rent",
            deal != "sale", rng.choice((None, rng.randrange(500_000, 8_000_000, 100_000))),
            rng.choice((None, rng.randrange(20_000, 90_000, 1000))),
            rng.choice((None, 60.0, 80.0, 100.0)), rng.choice((None, 2, 3, 4)),
            rng.random() < .2, rng.choice((None, date(2026, 6, 1)))))
    fast = people_for_each(houses_, wishes_, limit)
    assert list(fast) == [house.id for house in houses_]
    for house in houses_:
        assert fast[house.id] == people_for(house, wishes_, limit), house
    assert limit > len(wishes_) or any(len(ranked) == limit for ranked in fast.values())


def test_every_house_ranked_from_the_file(admin, persons):
    near = _house(admin, district="北上", price_yen=2_000_000, deal=Deal.SALE, rent_yen=None)
    far = _house(admin, district="雄勝", price_yen=5_000_000, deal=Deal.BOTH, rent_yen=50_000)
    for house in (near, far):
        houses.record_consent(admin, house, date(2026, 5, 1), "同意書")
        houses.change_status(admin, house, HouseStatus.PUBLISHED, today=TODAY)
    house_matching.save_wish(admin, str(persons[0]), WishInput(deal="sale", areas=("北上",),
                                                                max_price_yen=6_000_000))
    house_matching.save_wish(admin, str(persons[1]), WishInput(deal="either",
                                                                max_rent_yen=45_000))
    everyone = house_matching.people_for_every_house(admin.db)
    assert set(everyone) == {near, far}
    for house_id, ranked in everyone.items():
        people = house_matching.people_for_house(admin.db, house_id)
        assert ranked == [(p["score"], p["id"]) for p in people]
    assert [registrant for _score, registrant in everyone[near]] == [persons[0], persons[1]]
