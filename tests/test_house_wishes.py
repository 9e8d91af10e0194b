"""A registrant's house wish: saved, read back for the form, stopped, refused, matched."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.houses import Deal
from desktop_app.services import house_matching
from desktop_app.services.house_matching import WishInput, split_areas
from tests import stays_helpers

published_house = stays_helpers.published_house


def _audit_actions(db) -> list[str]:
    return [row["action"] for row in db.audit.recent(50)]


def test_a_wish_is_saved_read_back_and_matched(clerk, persons):
    wanted = published_house(clerk, "北上", price_yen=2_000_000)
    published_house(clerk, "雄勝", Deal.RENT, rent_yen=30_000)
    wish = WishInput(deal="sale", areas=("北上", "河北"), max_price_yen=2_500_000,
                     min_floor_m2=80.0, min_rooms=3, needs_pets=False,
                     move_in_from=date(2026, 6, 1), move_in_until=date(2027, 3, 31),
                     note="海の近く")
    house_matching.save_wish(clerk, str(persons[0]), wish)
    saved = house_matching.saved_wish(clerk.db, str(persons[0]))
    assert saved.active and saved.wish == wish
    found = house_matching.houses_for_registrant(clerk.db, str(persons[0]))
    assert [h["id"] for h in found] == [wanted]  # the rent-only house cannot suit a buyer
    assert "house_wish.save" in _audit_actions(clerk.db)


def test_saving_again_replaces_the_wish(admin, persons):
    house_matching.save_wish(admin, str(persons[0]), WishInput(deal="rent", max_rent_yen=50_000))
    house_matching.save_wish(admin, str(persons[0]), WishInput(deal="sale", areas=("雄勝",)))
    saved = house_matching.saved_wish(admin.db, str(persons[0]))
    assert (saved.wish.deal, saved.wish.max_rent_yen, saved.wish.areas) == ("sale", None,
                                                                            ("雄勝",))
    count = admin.db.execute("SELECT count(*) FROM house_wishes").fetchone()[0]
    assert count == 1


def test_stopping_a_wish_keeps_it_on_file_but_stops_matching(admin, persons):
    house = published_house(admin, "北上", price_yen=1_000_000)
    house_matching.save_wish(admin, str(persons[0]), WishInput(deal="sale"))
    assert house_matching.houses_for_registrant(admin.db, str(persons[0]))
    assert [p["id"] for p in house_matching.people_for_house(admin.db, house)] == [persons[0]]
    house_matching.clear_wish(admin, str(persons[0]))
    saved = house_matching.saved_wish(admin.db, str(persons[0]))
    assert saved is not None and not saved.active
    assert house_matching.houses_for_registrant(admin.db, str(persons[0])) == []
    assert house_matching.people_for_house(admin.db, house) == []
    last = admin.db.audit.recent(1)[0]
    assert (last["action"], last["entity_id"]) == ("house_wish.clear", str(persons[0]))
    with pytest.raises(RuleRefused) as refused:  # nothing left to stop
        house_matching.clear_wish(admin, str(persons[0]))
    assert "佐藤" in refused.value.message
    house_matching.save_wish(admin, str(persons[0]), WishInput(deal="sale"))  # starts again
    assert house_matching.saved_wish(admin.db, str(persons[0])).active


def test_a_person_with_no_wish_has_none_to_stop(admin, persons):
    assert house_matching.saved_wish(admin.db, str(persons[1])) is None
    with pytest.raises(RuleRefused):
        house_matching.clear_wish(admin, str(persons[1]))


@pytest.mark.parametrize(("wish", "field"), [
    (WishInput(deal="lease"), "Deal"),
    (WishInput(max_price_yen=-1), "Maximum price"),
    (WishInput(max_rent_yen=-5), "Maximum rent"),
    (WishInput(min_floor_m2=-1.0), "Minimum floor area"),
    (WishInput(min_rooms=-2), "Minimum rooms"),
    (WishInput(move_in_from=date(2026, 9, 1), move_in_until=date(2026, 8, 1)), "Move-in"),
])
def test_bad_wishes_are_refused_naming_the_field_and_nothing_is_written(admin, persons, wish,
                                                                        field):
    before = len(admin.db.audit.recent(1000))
    with pytest.raises(RuleRefused) as refused:
        house_matching.save_wish(admin, str(persons[0]), wish)
    assert refused.value.field == field
    assert house_matching.saved_wish(admin.db, str(persons[0])) is None
    assert len(admin.db.audit.recent(1000)) == before


def test_an_unknown_person_is_refused(admin):
    with pytest.raises(RuleRefused) as refused:
        house_matching.save_wish(admin, "R9-99999", WishInput())
    assert refused.value.field == "Registrant"


def test_areas_typed_at_the_counter_are_split():
    assert split_areas("北上, 雄勝、河北，牡鹿  北上") == ("北上", "雄勝", "河北", "牡鹿")
    assert split_areas("  ") == ()


def test_districts_on_offer_name_only_published_houses(admin):  # not the draft in 牡鹿
    published_house(admin, "雄勝", price_yen=1)
    published_house(admin, "北上", price_yen=1)
    draft = stays_helpers.HouseInput(address="宮城県石巻市牡鹿町 1", district="牡鹿", price_yen=1)
    stays_helpers.houses.add_house(admin, draft, today=stays_helpers.HOUSE_DAY)
    assert house_matching.offered_districts(admin.db) == ["北上", "雄勝"]
