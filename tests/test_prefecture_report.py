"""Which towns have reported, and the towns' newest figures added up; people in several towns."""

from __future__ import annotations

import csv

import pytest

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.quarters import FiscalQuarter
from desktop_app.services.prefecture_import import import_packages
from desktop_app.services.prefecture_report import consolidated, reporting_status, write_report
from tests.conftest import ADMIN_PASSWORD
from tests.prefecture_helpers import certificate, town_key, town_package, trust

Q1 = FiscalQuarter(2025, 1)
CODES = ("042021", "041009", "042030", "042056", "042064")


@pytest.fixture
def five_towns(prefecture):
    for number, code in enumerate(CODES, start=1):
        trust(prefecture, town_key(number), code)
    return prefecture


def _send(session, tmp_path, number, **package):
    path = town_package(tmp_path / f"{number}-{package.get('version', 1)}", town_key(number),
                        code=CODES[number - 1], certificate_pem=certificate(session), **package)
    [outcome] = import_packages(session, [path], password=ADMIN_PASSWORD)
    assert outcome.status == "imported", outcome.reason


def test_the_newest_version_per_town_counts_and_a_missing_key_counts_zero(five_towns, tmp_path):
    _send(five_towns, tmp_path, 1, figures={"registrants_end": 10, "bookings": 2})
    _send(five_towns, tmp_path, 1, version=2, figures={"registrants_end": 12, "bookings": 3})
    _send(five_towns, tmp_path, 2, figures={"registrants_end": 5, "houses_listed": 7})
    report = consolidated(five_towns, Q1)
    assert report.keys == ("registrants_end", "bookings", "houses_listed")  # figure_keys order
    assert report.rows == [
        {"municipality_code": "041009", "registrants_end": 5, "bookings": 0, "houses_listed": 7},
        {"municipality_code": "042021", "registrants_end": 12, "bookings": 3, "houses_listed": 0}]
    assert report.total == {"municipality_code": "total", "registrants_end": 17, "bookings": 3,
                            "houses_listed": 7}
    assert report.towns_reported == 2
    statuses = {s.municipality_code: s for s in reporting_status(five_towns, Q1)}
    assert set(statuses) == set(CODES)
    assert statuses["042021"].versions == [1, 2] and statuses["042021"].reported
    assert statuses["042030"].versions == [] and not statuses["042030"].reported
    assert statuses["042030"].office == "宮城県塩竈市"
    assert consolidated(five_towns, FiscalQuarter(2025, 2)).towns_reported == 0


def test_people_registered_in_several_towns_and_in_more_than_three(five_towns, tmp_path):
    # 甲 in four towns (over the limit of three), 乙 in two, 丙 in one; 丁 in town 4 and in a
    # superseded version of town 1, which no longer counts: one town.
    _send(five_towns, tmp_path, 1, people=["甲", "乙", "丁"])
    _send(five_towns, tmp_path, 1, version=2, people=["甲", "乙"])
    _send(five_towns, tmp_path, 2, people=["甲", "乙", "丙"])
    _send(five_towns, tmp_path, 3, people=["甲"])
    _send(five_towns, tmp_path, 4, people=["甲", "丁"])
    report = consolidated(five_towns, Q1)
    assert (report.people_in_several_towns, report.people_in_more_than_three_towns) == (2, 1)
    assert report.towns_with_rows == 4


def test_the_csv_has_a_bom_a_code_column_first_and_a_total_row_last(five_towns, tmp_path):
    _send(five_towns, tmp_path, 1, figures={"registrants_end": 1})
    _send(five_towns, tmp_path, 2, figures={"registrants_end": 2})
    out = write_report(five_towns, Q1, tmp_path / "report.csv")
    assert out.read_bytes()[:3] == b"\xef\xbb\xbf"
    with out.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows == [["municipality_code", "registrants_end"], ["041009", "2"], ["042021", "1"],
                    ["total", "3"]]


def test_a_report_of_another_kind_of_file_is_refused(five_towns, tmp_path):
    with pytest.raises(RuleRefused):
        write_report(five_towns, Q1, tmp_path / "report.txt")
    assert not (tmp_path / "report.txt").exists()
