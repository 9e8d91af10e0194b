"""Shared set-up for the trial-stay, voucher and house tests: people and a facility."""

from __future__ import annotations

import pytest

from desktop_app.domain.application import Application
from desktop_app.services.registration import register
from desktop_app.services.stays import FacilityInput, add_facility

PEOPLE = [
    ("佐藤", "サトウ", "花子", "ハナコ", "1985-04-01"),
    ("鈴木", "スズキ", "健", "ケン", "1972-07-07"),
    ("𠮷田", "ヨシダ", "誠", "マコト", "1989-01-08"),
]


def add_person(session, family="佐藤", kana="サトウ", given="花子", gkana="ハナコ",
               birth="1985-04-01") -> int:
    return register(session, Application(family_name=family, family_kana=kana, given_name=given,
                                         given_kana=gkana, birth_date=birth, kind="furusato",
                                         tier="basic"))


@pytest.fixture
def persons(admin) -> list[int]:
    return [add_person(admin, *person) for person in PEOPLE]


@pytest.fixture
def facility(admin) -> int:
    return add_facility(admin, FacilityInput(name="お試し住宅 北上", capacity=4,
                                             nightly_fee_yen=2000, max_nights=14))
