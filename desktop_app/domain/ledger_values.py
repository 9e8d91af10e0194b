"""A registrant as a row of the template, and what Shift_JIS (CP932) can and cannot hold."""

from __future__ import annotations

from datetime import date

from desktop_app.domain.dates import format_wareki
from desktop_app.domain.ledger_columns import (
    IDENTITY_WORDS,
    KIND_WORDS,
    SEX_WORDS,
    STATUS_WORDS,
    TEMPLATE_COLUMNS,
    TIER_WORDS,
    LedgerField,
    label_of,
)
from desktop_app.domain.registrant import Kind

F = LedgerField
DATE_STYLES = ("iso", "wareki")

# Characters that JIS text written on other systems uses where Windows' CP932 has a look-alike
# of the same meaning (the well-known WAVE DASH problem). Anything else that CP932 lacks
# (𠮷, 𩸽 …) is refused by name, never replaced.
CP932_EQUIVALENTS = str.maketrans({
    "\u301c": "\uff5e",  # 〜 → ～
    "\u2016": "\u2225",  # ‖ → ∥
    "\u2212": "\uff0d",  # − → －
    "\u00a2": "\uffe0",  # ¢ → ￠
    "\u00a3": "\uffe1",  # £ → ￡
    "\u00ac": "\uffe2",  # ¬ → ￢
    "\u2014": "\u2015",  # — → ―
})


def template_values(record: dict, date_style: str = "iso") -> list[str]:
    """The record's cells in template order; dates as 2025-04-01 or 令和7年4月1日."""
    birth = _date_text(record.get("birth_date"), date_style)
    address = "".join(record.get(part) or "" for part in ("prefecture", "city", "address"))
    values = {
        F.FAMILY_NAME: record.get("family_name") or "",
        F.GIVEN_NAME: record.get("given_name") or "",
        F.FAMILY_KANA: record.get("family_kana") or "",
        F.GIVEN_KANA: record.get("given_kana") or "",
        F.BIRTH_DATE: birth,
        F.SEX: label_of(SEX_WORDS, record.get("sex")),
        F.POSTAL_CODE: record.get("postal_code") or "",
        F.ADDRESS: address,
        F.PHONE: record.get("phone") or "",
        F.EMAIL: record.get("email") or "",
        F.KIND: label_of(KIND_WORDS, record.get("kind")),
        F.TIER: (label_of(TIER_WORDS, record.get("tier"))
                 if record.get("kind") == Kind.FURUSATO.value else ""),
        F.REGISTRANT_NO: record.get("registrant_no") or "",
        F.STATUS: label_of(STATUS_WORDS, record.get("status")),
        F.IDENTITY_DOCUMENT: label_of(IDENTITY_WORDS, record.get("identity_document")),
        F.IDENTITY_CHECKED_BY: record.get("identity_checked_by") or "",
        F.IDENTITY_CHECKED_ON: _date_text(record.get("identity_checked_on"), date_style),
    }
    return [values[target] for _header, target in TEMPLATE_COLUMNS]


def _date_text(value: str | None, date_style: str) -> str:
    if value and date_style == "wareki":
        return format_wareki(date.fromisoformat(value))
    return value or ""


def for_cp932(value: str) -> str:
    return value.translate(CP932_EQUIVALENTS)


def not_in_cp932(value: str) -> str:
    """The characters of `value` that CP932 cannot hold (after the look-alikes above), in order."""
    text = for_cp932(value)
    try:
        text.encode("cp932")
    except UnicodeEncodeError:
        missing = []
        for char in text:
            try:
                char.encode("cp932")
            except UnicodeEncodeError:
                if char not in missing:
                    missing.append(char)
        return "".join(missing)
    return ""


def excel_csv_cell(target: LedgerField, value: str) -> str:
    """A cell as written to CSV so that Excel shows it as it is.

    Phone numbers made only of digits would lose their leading 0, so they are written as
    ="0312345678"; a cell Excel would run as a formula gets a leading apostrophe.
    Import undoes both.
    """
    if target in (F.PHONE, F.POSTAL_CODE) and value.isdigit():
        return f'="{value}"'
    return excel_text(value)


# What makes a spreadsheet read a cell as a formula: = + - @, and a tab or a carriage return
# before one (OWASP's list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def excel_text(value: str) -> str:
    """A CSV cell Excel shows as text: one it would run as a formula gets a leading apostrophe."""
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
