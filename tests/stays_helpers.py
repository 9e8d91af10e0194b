"""Shared set-up for the trial-stay, voucher and house tests: people and a facility.

Its fixtures (persons, facility, run) are registered through `pytest_plugins` in conftest.py.
"""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.cli import main
from desktop_app.domain.application import Application
from desktop_app.domain.houses import Deal, HouseInput, HouseStatus
from desktop_app.services import houses
from desktop_app.services.registration import register
from desktop_app.services.stays import FacilityInput, add_facility
from tests.conftest import ADMIN_PASSWORD

PEOPLE = [
    ("佐藤", "サトウ", "花子", "ハナコ", "1985-04-01"),
    ("鈴木", "スズキ", "健", "ケン", "1972-07-07"),
    ("𠮷田", "ヨシダ", "誠", "マコト", "1989-01-08"),
]
HOUSE_DAY = date(2026, 5, 20)  # the day test houses are listed and published


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


def published_house(session, district: str, deal=Deal.SALE, *, price_yen: int | None = None,
                    rent_yen: int | None = None, pets_allowed: bool = False) -> int:
    """A house on offer (owner's consent recorded, 公開) in the given 地区."""
    house = houses.add_house(session, HouseInput(
        address=f"宮城県石巻市{district}町 1-2", district=district, deal=deal,
        price_yen=price_yen, rent_yen=rent_yen, floor_m2=90.0, layout="4LDK",
        owner_name="所有 一郎", owner_contact="0225-00-0000", pets_allowed=pets_allowed),
        today=HOUSE_DAY)
    houses.record_consent(session, house, date(2026, 5, 1), "同意書")
    houses.change_status(session, house, HouseStatus.PUBLISHED, today=HOUSE_DAY)
    return house


@pytest.fixture
def run(admin, db_path, monkeypatch, capsys):
    """`futasato …` in process on the test's file, as the administrator: (exit, stdout, stderr)."""
    monkeypatch.setenv("FUTASATO_CLERK", "admin")
    monkeypatch.setenv("FUTASATO_PASSWORD", ADMIN_PASSWORD)

    def futasato(*args: str) -> tuple[int, str, str]:
        code = main(["--db", str(db_path), *args])
        captured = capsys.readouterr()
        return code, captured.out.strip(), captured.err.strip()

    return futasato
