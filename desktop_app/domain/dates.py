"""Japanese dates: 和暦 display and input, the fiscal year (年度, from 1 April) and its quarters."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.text import N_


@dataclass(frozen=True)
class Era:
    name: str
    letter: str
    start: date


ERAS: tuple[Era, ...] = (
    Era("明治", "M", date(1868, 10, 23)),
    Era("大正", "T", date(1912, 7, 30)),
    Era("昭和", "S", date(1926, 12, 25)),
    Era("平成", "H", date(1989, 1, 8)),
    Era("令和", "R", date(2019, 5, 1)),
)
_BY_KEY = {e.name: e for e in ERAS} | {e.letter: e for e in ERAS}


def era_of(day: date) -> Era:
    """The era in force on `day` (明治 onwards)."""
    for era in reversed(ERAS):
        if day >= era.start:
            return era
    raise RuleRefused(N_("Dates before the Meiji era are not supported."))


def era_year(day: date) -> tuple[Era, int]:
    era = era_of(day)
    return era, day.year - era.start.year + 1


def format_era_year(day: date) -> str:
    """令和7年; the first year of an era is 元年."""
    era, year = era_year(day)
    return f"{era.name}{'元' if year == 1 else year}年"


def format_wareki(day: date) -> str:
    """令和7年4月1日."""
    return f"{format_era_year(day)}{day.month}月{day.day}日"


def format_seireki(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def format_date(day: date | str | None, style: str) -> str:
    """Show a stored date in the office's chosen style ('wareki' or 'seireki').

    The style has no default: every screen reads the setting, so none falls back to 和暦 unasked.
    """
    if day is None or day == "":
        return ""
    if isinstance(day, str):
        day = date.fromisoformat(day)
    return format_wareki(day) if style == "wareki" else format_seireki(day)


def format_timestamp(instant: str | None, style: str) -> str:
    """A stored UTC instant as the office's local day and time: 令和8年12月3日 14:05."""
    if not instant:
        return ""
    try:
        local = datetime.fromisoformat(instant).astimezone()
    except ValueError:
        return instant  # not an instant: shown as it was stored rather than hidden
    return f"{format_date(local.date(), style)} {local:%H:%M}"


def format_month(year: int, month: int, style: str) -> str:
    """A month heading: 令和8年8月 or 2026年8月 (the era of the month's first day)."""
    first = date(year, month, 1)
    return f"{format_era_year(first) if style == 'wareki' else f'{year}年'}{month}月"


def short_era_year(day: date) -> str:
    """`R7` for a day in 令和7年: used in registrant numbers."""
    era, year = era_year(day)
    return f"{era.letter}{year}"


_ERA_PATTERN = re.compile(
    r"^(?P<era>明治|大正|昭和|平成|令和|[MTSHR])\s*(?P<year>元|\d{1,2})\s*[年./\-]\s*"
    r"(?P<month>\d{1,2})\s*[月./\-]\s*(?P<day>\d{1,2})\s*日?$"
)
_WESTERN_PATTERN = re.compile(
    r"^(?P<year>\d{4})\s*[年./\-]\s*(?P<month>\d{1,2})\s*[月./\-]\s*(?P<day>\d{1,2})\s*日?$"
)
_COMPACT_PATTERN = re.compile(r"^(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})$")


def parse_date(text: str) -> date:
    """Read a date typed at the counter or found in a ledger.

    Accepts 和暦 (`R7.4.1`, `令和7年4月1日`, `令和元年5月1日`, `H31.4.30`) and 西暦 (`2025-04-01`,
    `2025/4/1`, `2025年4月1日`, `20250401`), full- or half-width. A date that does not exist,
    does not fall inside the era it names, or comes before 明治, is refused.
    """
    cleaned = unicodedata.normalize("NFKC", text or "").strip().upper()
    if not cleaned:
        raise RuleRefused(N_("A date is required."))
    match = _ERA_PATTERN.match(cleaned)
    if match:
        return _era_date(match, text)
    match = _WESTERN_PATTERN.match(cleaned) or _COMPACT_PATTERN.match(cleaned)
    if match:
        day = _real_date(int(match["year"]), int(match["month"]), int(match["day"]), text)
        if day < ERAS[0].start:  # no era to show it in: every screen and card would fail on it
            raise RuleRefused(N_("Dates before the Meiji era are not supported."))
        return day
    raise RuleRefused(N_("'{text}' is not a date (examples: R7.4.1, 令和7年4月1日, 2025-04-01)."),
                      {"text": text})


def date_field(value: str | date, field: str) -> date:
    """A form's date: typed text read as `parse_date` reads it (a refusal names `field`), or a
    date already read."""
    if isinstance(value, date):
        return value
    try:
        return parse_date(value)
    except RuleRefused as refused:
        refused.field = field
        raise


def _era_date(match: re.Match, original: str) -> date:
    era = _BY_KEY[match["era"]]
    year = 1 if match["year"] == "元" else int(match["year"])
    if year < 1:
        raise RuleRefused(N_("'{text}' is not a date: era years start at 1."), {"text": original})
    day = _real_date(era.start.year + year - 1, int(match["month"]), int(match["day"]), original)
    index = ERAS.index(era)
    next_start = ERAS[index + 1].start if index + 1 < len(ERAS) else None
    if day < era.start:
        raise RuleRefused(N_("'{text}' does not exist: {era} began on {start}."),
                          {"text": original, "era": era.name, "start": format_wareki(era.start)})
    if next_start and day >= next_start:
        raise RuleRefused(N_("'{text}' does not exist: {era} ended on {end}."),
                          {"text": original, "era": era.name,
                           "end": format_wareki(next_start - timedelta(days=1))})
    return day


def _real_date(year: int, month: int, day: int, original: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise RuleRefused(N_("'{text}' is not a date that exists."), {"text": original}) from None


def fiscal_year(day: date) -> int:
    """The 年度 that `day` belongs to: April 2025 to March 2026 is 2025年度."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_quarter(day: date) -> tuple[int, int]:
    """(年度, quarter 1–4): Q1 is April–June."""
    return fiscal_year(day), (day.month - 4) % 12 // 3 + 1


def quarter_range(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of a fiscal quarter."""
    if quarter not in (1, 2, 3, 4):
        raise RuleRefused(N_("A quarter is 1, 2, 3 or 4."))
    first_month = 4 + (quarter - 1) * 3
    start_year = year if first_month <= 12 else year + 1
    first_month = (first_month - 1) % 12 + 1
    start = date(start_year, first_month, 1)
    end_month = first_month + 3
    end = date(start_year + (end_month > 12), (end_month - 1) % 12 + 1, 1) - timedelta(days=1)
    return start, end


def fiscal_year_range(year: int) -> tuple[date, date]:
    return date(year, 4, 1), date(year + 1, 3, 31)
