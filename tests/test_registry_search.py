"""The one search box, and the list's text filter that uses the same look-ups."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.application import Application
from desktop_app.domain.normalize import kana_key
from desktop_app.domain.registry_search import search_keys
from desktop_app.domain.roles import Role
from desktop_app.services import registry_status as status
from desktop_app.services.registrant_list import ListQuery, RegistrantList
from desktop_app.services.registration import register
from desktop_app.services.registry_search import search
from desktop_app.services.session import Session

TODAY = date(2025, 6, 1)


@pytest.fixture
def people(admin, clerk):
    supervisor = Session(admin.db, clerk="super1", role=Role.SUPERVISOR, terminal=admin.terminal)
    yoshi = register(clerk, Application(
        family_name="髙橋", given_name="𠮷子", family_kana="ﾀｶﾊｼ", given_kana="よしこ",
        birth_date="S50.4.1", kind="furusato", postal_code="150-0001", address="神宮前1-2-3",
        phone="０９０（１２３４）５６７８", email="Yoshiko.T@Example.jp"), today=TODAY)
    status.approve(supervisor, yoshi, today=TODAY)
    other = register(clerk, Application(
        family_name="佐藤", given_name="健", family_kana="サトウ", given_kana="ケン",
        birth_date="1990-01-01", kind="dual", postal_code="060-0001", phone="011-222-3333",
        email="ken@example.com"), today=TODAY)
    return {"yoshi": yoshi, "other": other, "db": admin.db}


@pytest.mark.parametrize("typed", [
    "たかはし", "タカハシ", "ﾀｶﾊｼ", "タカ", "ヨシコ", "よし", "タカハシ ヨシコ",  # kana, any width
    "高橋", "髙橋", "高橋　𠮷子", "𠮷子", "𠮷",  # kanji, 異体字 folded, outside the BMP
    "R7-000001", "r7-000001", "R7-0000", "R7000001", "ｒ７－０００００１",  # registrant number
    "090-1234-5678", "09012345678", "(090)1234", "5678", "１２３４ー５６７８",  # phone
    "yoshiko.t@example.jp", "YOSHIKO", "yoshiko.t@",  # e-mail
    "渋谷区", "東京都渋谷区神宮前", "渋谷区神宮前1",  # address
])
def test_each_kind_of_key_finds_the_person(people, typed):
    hits = search(people["db"], typed)
    assert people["yoshi"] in [h["id"] for h in hits]
    assert people["other"] not in [h["id"] for h in hits]
    assert RegistrantList(people["db"]).count(ListQuery(text=typed)) >= 1


def test_card_code_finds_the_person(people):
    code = people["db"].registrants.get(people["yoshi"])["card_code"]
    for typed in (code, code.lower(), code[:4], code.replace("-", ""), code[:7].replace("-", "")):
        assert [h["id"] for h in search(people["db"], typed)][:1] == [people["yoshi"]]


def test_nothing_found_for_unrelated_text(people):
    for typed in ("鈴木", "9999", "nobody@", "札幌市中央区北1条", ""):
        ids = [h["id"] for h in search(people["db"], typed)]
        assert people["yoshi"] not in ids


def test_the_list_filter_finds_what_search_finds(people):
    listing = RegistrantList(people["db"])
    for typed in ("さとう", "011-222", "札幌市", "佐藤健"):
        rows = listing.window(ListQuery(text=typed), 0, 50)
        assert [r["id"] for r in rows] == [h["id"] for h in search(people["db"], typed)] == [
            people["other"]]
    assert listing.count(ListQuery(text="")) == 2
    assert listing.count(ListQuery(text="たかはし", status="applied")) == 0


def test_outside_bmp_names_round_trip_through_the_database(people):
    stored = people["db"].registrants.get(people["yoshi"])
    assert stored["given_name"] == "𠮷子" and len(stored["given_name"]) == 2
    assert stored["family_name"] == "髙橋"


@pytest.mark.parametrize("typed", ["ｶﾞｯｺｳ", "がっこう", "ガッコウ"])
def test_kana_widths_and_scripts_fold_alike_but_small_kana_stay_small(typed):
    assert kana_key(typed) == "ガッコウ"
    assert search_keys(typed).name == "ガッコウ"
    assert kana_key("ガツコウ") != "ガッコウ"


def test_phone_like_text_is_not_looked_up_as_a_name():
    keys = search_keys("090-1234")
    assert (keys.phone, keys.name) == ("0901234", "")
    assert search_keys("12").phone == ""  # too few digits to be worth a phone look-up
