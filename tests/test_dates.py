from datetime import date

import pytest

from desktop_app import i18n
from desktop_app.domain.dates import (
    fiscal_quarter,
    fiscal_year,
    format_date,
    format_month,
    format_wareki,
    parse_date,
    quarter_range,
)
from desktop_app.domain.errors import RuleRefused


@pytest.mark.parametrize(("day", "text"), [
    (date(2025, 4, 1), "令和7年4月1日"),
    (date(2019, 5, 1), "令和元年5月1日"),
    (date(2019, 4, 30), "平成31年4月30日"),
    (date(1989, 1, 8), "平成元年1月8日"),
    (date(1989, 1, 7), "昭和64年1月7日"),
    (date(1926, 12, 25), "昭和元年12月25日"),
    (date(1912, 7, 30), "大正元年7月30日"),
    (date(1912, 7, 29), "明治45年7月29日"),
])
def test_wareki_display_at_era_boundaries(day, text):
    assert format_wareki(day) == text
    assert parse_date(text) == day


@pytest.mark.parametrize(("text", "day"), [
    ("R7.4.1", date(2025, 4, 1)),
    ("r7.4.1", date(2025, 4, 1)),
    ("H31.4.30", date(2019, 4, 30)),
    ("S62.11.7", date(1987, 11, 7)),
    ("Ｓ６２．１１．７", date(1987, 11, 7)),
    ("昭和22年7月3日", date(1947, 7, 3)),
    ("1962/10/10", date(1962, 10, 10)),
    ("1990-01-31", date(1990, 1, 31)),
    ("2025年4月1日", date(2025, 4, 1)),
    ("20250401", date(2025, 4, 1)),
])
def test_counter_and_ledger_inputs_are_read(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize("text", ["平成31年5月1日", "令和元年4月30日", "H31.5.1", "R1.4.30",
                                  "昭和64年1月8日", "2025-02-29", "R7.13.1", "明日", ""])
def test_dates_that_do_not_exist_are_refused(text):
    with pytest.raises(RuleRefused):
        parse_date(text)


def test_refusal_names_the_era_and_its_end():
    with pytest.raises(RuleRefused) as refused:
        parse_date("平成31年5月1日")
    assert "平成31年4月30日" in refused.value.message


def test_refusal_is_translated():
    i18n.set_language("en")
    with pytest.raises(RuleRefused) as refused:
        parse_date("abc")
    english = refused.value.message
    i18n.set_language("ja")
    assert english != refused.value.message
    assert "abc" in refused.value.message


def test_display_style_setting():
    assert format_date("2025-04-01", "wareki") == "令和7年4月1日"
    assert format_date("2025-04-01", "seireki") == "2025年4月1日"
    assert format_date(None, "seireki") == ""


@pytest.mark.parametrize(("year", "month", "style", "text"), [
    (2026, 8, "wareki", "令和8年8月"), (2026, 8, "seireki", "2026年8月"),
    (2019, 5, "wareki", "令和元年5月"), (2019, 4, "wareki", "平成31年4月"),
])
def test_month_heading_follows_the_style(year, month, style, text):
    assert format_month(year, month, style) == text


def test_fiscal_year_starts_in_april():
    assert fiscal_year(date(2025, 4, 1)) == 2025
    assert fiscal_year(date(2026, 3, 31)) == 2025
    assert fiscal_quarter(date(2025, 4, 1)) == (2025, 1)
    assert fiscal_quarter(date(2025, 12, 31)) == (2025, 3)
    assert fiscal_quarter(date(2026, 2, 1)) == (2025, 4)


def test_quarter_ranges():
    assert quarter_range(2025, 1) == (date(2025, 4, 1), date(2025, 6, 30))
    assert quarter_range(2025, 3) == (date(2025, 10, 1), date(2025, 12, 31))
    assert quarter_range(2025, 4) == (date(2026, 1, 1), date(2026, 3, 31))
    with pytest.raises(RuleRefused):
        quarter_range(2025, 5)
