"""The bundled list of every municipality's 全国地方公共団体コード and name."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from desktop_app import paths
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.municipality import validate_code
from desktop_app.domain.text import N_


@dataclass(frozen=True)
class Municipality:
    code: str
    prefecture: str
    name: str

    @property
    def full_name(self) -> str:
        return f"{self.prefecture}{self.name}"


@cache
def all_municipalities() -> dict[str, Municipality]:
    with paths.resource("municipalities.csv").open(encoding="utf-8", newline="") as handle:
        return {row["code"]: Municipality(**row) for row in csv.DictReader(handle)}


def look_up(code_text: str) -> Municipality:
    """The municipality for a code, after checking its digits; refuses unknown codes."""
    code = validate_code(code_text)
    found = all_municipalities().get(code)
    if found is None:
        raise RuleRefused(N_("{code} is a well-formed code but no municipality has it."),
                          {"code": code}, field=N_("Municipality code"))
    return found


def by_jis(jis_code: str) -> Municipality | None:
    """The municipality for a 5-digit JIS code, as postal data gives it."""
    for code, municipality in all_municipalities().items():
        if code[:5] == jis_code:
            return municipality
    return None
