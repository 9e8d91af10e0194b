"""The fiscal quarter a return covers: 2025Q1 is April–June 2025 (the 年度 starts on 1 April)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.dates import era_year, fiscal_quarter, quarter_range
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.text import N_

_PATTERN = re.compile(r"^(?P<year>\d{4})\s*-?\s*Q(?P<quarter>[1-4])$")


@dataclass(frozen=True, order=True)
class FiscalQuarter:
    year: int  # the 年度: 2025 runs from 2025-04-01 to 2026-03-31
    quarter: int  # 1–4

    @classmethod
    def parse(cls, text: str) -> FiscalQuarter:
        """`2025Q1` (also `2025-q1`, full-width digits); anything else is refused."""
        cleaned = unicodedata.normalize("NFKC", text or "").strip().upper()
        match = _PATTERN.match(cleaned)
        if match is None:
            raise RuleRefused(N_("'{text}' is not a fiscal quarter: write it as 2025Q1 (2025年度 "
                                 "第1四半期, April to June 2025)."), {"text": text},
                              field=N_("Quarter"))
        return cls(int(match["year"]), int(match["quarter"]))

    @classmethod
    def of(cls, day: date) -> FiscalQuarter:
        return cls(*fiscal_quarter(day))

    @property
    def start(self) -> date:
        """The first day, inclusive."""
        return quarter_range(self.year, self.quarter)[0]

    @property
    def end(self) -> date:
        """The last day, inclusive."""
        return quarter_range(self.year, self.quarter)[1]

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> FiscalQuarter:
        if self.quarter == 1:
            return FiscalQuarter(self.year - 1, 4)
        return FiscalQuarter(self.year, self.quarter - 1)

    def label(self, style: str) -> str:
        """2025年度 第1四半期, or 令和7年度 第1四半期 when dates are shown in 和暦.

        A 年度 takes the era in force at the end of its first calendar year, so the year that
        began in April 2019 is 令和元年度 and the one that began in April 1988 is 昭和63年度.
        """
        if style == "wareki":
            era, number = era_year(date(self.year, 12, 31))
            year = f"{era.name}{'元' if number == 1 else number}年度"
        else:
            year = f"{self.year}年度"
        return f"{year} 第{self.quarter}四半期"

    def __str__(self) -> str:
        return f"{self.year}Q{self.quarter}"
