"""Bad input, property-based: the 和暦 parser as a clerk or a ledger types dates.

Rules: any text either parses or is refused with the domain's own error (never another
exception), and what parses can be shown in either style; every valid date from 明治 on reads
back from each of its spellings, in exactly one era.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from desktop_app.domain.dates import (
    ERAS,
    era_year,
    format_date,
    format_wareki,
    parse_date,
)
from desktop_app.domain.errors import RuleRefused

TODAY = date(2026, 12, 3)
MEIJI = ERAS[0].start
LAST_DAY = date(2099, 12, 31)
valid_days = st.dates(min_value=MEIJI, max_value=LAST_DAY)
# Days at and around each era's first day, where off-by-one faults live.
boundary_days = st.sampled_from(
    [era.start + timedelta(days=shift) for era in ERAS for shift in (-1, 0, 1)][1:])

# Characters a date field meets: digits of every width, era letters and names, separators,
# 元, kanji units, spaces of every kind, and anything else unicode has.
_DATE_ALPHABET = st.sampled_from(list("0123456789０１２３４５６７８９MTSHRmtshr元年月日./-－・ 　\t"
                                      "明治大正昭和平成令和"))
date_like = st.lists(st.one_of(_DATE_ALPHABET, st.characters()), max_size=24).map("".join)


def _spellings(day: date) -> list[str]:
    """Every way the parser's docstring promises to read `day`."""
    era, year = era_year(day)
    shown_year = "元" if year == 1 else str(year)
    wide = str.maketrans("0123456789", "０１２３４５６７８９")
    return [
        format_wareki(day),
        f"{era.name}{shown_year}年{day.month}月{day.day}日",
        f"{era.name}{year}年{day.month}月{day.day}日",
        f"{era.letter}{year}.{day.month}.{day.day}",
        f"{era.letter.lower()}{year}/{day.month:02d}/{day.day:02d}",
        f"{era.letter}{year}-{day.month}-{day.day}".translate(wide),
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        day.strftime("%Y%m%d"),
        f" {day.isoformat()}\u3000".translate(wide),
    ]


@given(date_like)
@example("R0.1.1")
@example("令和0年5月1日")
@example("0000-01-01")
@example("H31.4.31")
@example("1500-01-01")
@example("\u0663\u0660\u0660\u0660-01-01")  # Arabic-Indic digits: \d matches them
def test_any_text_parses_or_is_refused_by_the_domain(text):
    try:
        day = parse_date(text)
    except RuleRefused as refused:
        assert refused.message  # a sentence a clerk can read
        return
    # Whatever is accepted is a day the app can show in either style.
    assert day >= MEIJI
    assert format_date(day, "wareki") and format_date(day, "seireki")


@given(st.one_of(valid_days, boundary_days.filter(lambda d: d >= MEIJI)))
@example(date(1868, 10, 23))  # 明治元年10月23日
@example(date(1989, 1, 7))  # 昭和64年1月7日, the last day of 昭和
@example(date(1989, 1, 8))  # 平成元年1月8日
@example(date(2019, 4, 30))  # 平成31年4月30日
@example(date(2019, 5, 1))  # 令和元年5月1日
def test_every_spelling_of_a_valid_day_reads_back(day):
    for text in _spellings(day):
        assert parse_date(text) == day, text


@given(st.one_of(valid_days, boundary_days.filter(lambda d: d >= MEIJI)))
@example(date(2019, 5, 1))
@example(date(1926, 12, 25))  # 昭和元年12月25日 (大正15年 ended the day before)
def test_a_day_is_named_by_exactly_one_era(day):
    """平成31年5月1日 does not exist, nor 令和元年4月30日: only the era in force reads."""
    accepted = []
    for era in ERAS:
        year = day.year - era.start.year + 1
        if year < 1:
            continue
        try:
            if parse_date(f"{era.name}{year}年{day.month}月{day.day}日") == day:
                accepted.append(era.name)
        except RuleRefused:
            pass
    assert accepted == [era_year(day)[0].name]


@given(st.dates(max_value=MEIJI - timedelta(days=1)))
@example(date(1868, 10, 22))
@example(date(1, 1, 1))
def test_a_day_before_meiji_is_refused(day):
    with pytest.raises(RuleRefused):
        parse_date(day.isoformat())
