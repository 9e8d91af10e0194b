"""The vacant-house bank (空き家バンク): a listing, its statuses, and the owner-consent rule."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.text import N_, Msg


class HouseStatus(StrEnum):
    DRAFT = "draft"  # 登録準備
    PUBLISHED = "published"  # 公開
    NEGOTIATING = "negotiating"  # 交渉中
    CONTRACTED = "contracted"  # 成約
    WITHDRAWN = "withdrawn"  # 取下げ
    ERASED = "erased"  # 抹消


class Deal(StrEnum):
    SALE = "sale"
    RENT = "rent"
    BOTH = "both"


HOUSE_STATUS_LABELS = {
    HouseStatus.DRAFT: Msg(N_("Being prepared")),
    HouseStatus.PUBLISHED: Msg(N_("Published")),
    HouseStatus.NEGOTIATING: Msg(N_("Negotiating")),
    HouseStatus.CONTRACTED: Msg(N_("Contracted")),
    HouseStatus.WITHDRAWN: Msg(N_("Withdrawn")),
    HouseStatus.ERASED: Msg(N_("Erased")),
}
DEAL_LABELS = {Deal.SALE: Msg(N_("Sale")), Deal.RENT: Msg(N_("Rent")),
               Deal.BOTH: Msg(N_("Sale or rent"))}
# Choices the listing form offers; the stored value is the Japanese term the sheet prints.
STRUCTURES = ("木造", "軽量鉄骨", "鉄骨", "RC", "SRC", "その他")
WATER = ("公営", "井戸", "簡易水道")
SEWAGE = ("公共下水", "浄化槽", "汲取り")
GAS = ("都市", "LP", "なし")
CONTACT_CHANNELS = ("phone", "visit", "letter", "email", "other")

_ALLOWED = {
    HouseStatus.DRAFT: {HouseStatus.PUBLISHED, HouseStatus.WITHDRAWN, HouseStatus.ERASED},
    HouseStatus.PUBLISHED: {HouseStatus.NEGOTIATING, HouseStatus.CONTRACTED,
                            HouseStatus.WITHDRAWN, HouseStatus.ERASED},
    HouseStatus.NEGOTIATING: {HouseStatus.PUBLISHED, HouseStatus.CONTRACTED,
                              HouseStatus.WITHDRAWN, HouseStatus.ERASED},
    HouseStatus.CONTRACTED: {HouseStatus.ERASED},
    HouseStatus.WITHDRAWN: {HouseStatus.DRAFT, HouseStatus.ERASED},
    HouseStatus.ERASED: set(),
}
# Statuses in which the public may see the listing (once the owner has consented).
PUBLIC = frozenset({HouseStatus.PUBLISHED, HouseStatus.NEGOTIATING})


def check_transition(current: HouseStatus, target: HouseStatus, *, consent_on: str | None,
                     reason: str = "") -> None:
    if target not in _ALLOWED[current]:
        raise RuleRefused(
            N_("A house cannot go from {current} to {target}."),
            {"current": HOUSE_STATUS_LABELS[current], "target": HOUSE_STATUS_LABELS[target]},
            field=N_("Status"),
        )
    if target is HouseStatus.PUBLISHED:
        check_consent(consent_on)
    if target in (HouseStatus.ERASED, HouseStatus.WITHDRAWN) and not reason.strip():
        raise RuleRefused(N_("Give the reason for taking the house off the bank."),
                          field=N_("Reason"))


def check_consent(consent_on: str | None) -> None:
    """Nothing about a house is published, printed or exported before its owner has consented."""
    if not consent_on:
        raise RuleRefused(N_("The owner's consent to publish has not been recorded for this "
                             "house."), field=N_("Owner's consent"))


_ROOMS = re.compile(r"^(\d+)\s*(?:S?LDK|S?DK|S?K|R|部屋)?", re.IGNORECASE)


def rooms_of(layout: str) -> int | None:
    """4 for `4LDK`, 1 for `1R`; None when the layout does not start with a number."""
    match = _ROOMS.match(unicodedata.normalize("NFKC", layout or "").strip())
    return int(match[1]) if match else None


@dataclass
class HouseInput:
    """What the listing form holds. Areas in m², money in whole yen."""

    address: str
    deal: Deal = Deal.SALE
    postal_code: str = ""
    district: str = ""
    owner_name: str = ""
    owner_address: str = ""
    owner_contact: str = ""
    price_yen: int | None = None
    rent_yen: int | None = None
    land_m2: float | None = None
    floor_m2: float | None = None
    built_year: int | None = None
    layout: str = ""
    structure: str = ""
    floors: int | None = None
    water: str = ""
    sewage: str = ""
    gas: str = ""
    parking: int | None = None
    condition_notes: str = ""
    pets_allowed: bool = False
    repairs_needed: str = ""
    available_from: date | None = None


def check_house(house: HouseInput, today: date) -> None:
    """Refuse a listing that no clerk would mean to save."""
    if not house.address.strip():
        raise RuleRefused(N_("The address is required."), field=N_("Address"))
    if house.deal in (Deal.SALE, Deal.BOTH) and house.price_yen is None:
        raise RuleRefused(N_("A house for sale needs a price."), field=N_("Price"))
    if house.deal in (Deal.RENT, Deal.BOTH) and house.rent_yen is None:
        raise RuleRefused(N_("A house for rent needs a monthly rent."), field=N_("Rent"))
    for value, field in ((house.price_yen, N_("Price")), (house.rent_yen, N_("Rent")),
                         (house.land_m2, N_("Land area")), (house.floor_m2, N_("Floor area")),
                         (house.floors, N_("Floors")), (house.parking, N_("Parking"))):
        if value is not None and value < 0:
            raise RuleRefused(N_("This cannot be negative."), field=field)
    if house.built_year is not None and not 1868 <= house.built_year <= today.year:
        raise RuleRefused(N_("The year built must lie between 1868 and this year."),
                          field=N_("Year built"))


_ERA_YEAR = re.compile(r"^(明治|大正|昭和|平成|令和|[MTSHR])\s*(元|\d{1,2})\s*年?$")
_ERA_FIRST = {"明治": 1868, "M": 1868, "大正": 1912, "T": 1912, "昭和": 1926, "S": 1926,
              "平成": 1989, "H": 1989, "令和": 2019, "R": 2019}


def parse_built_year(text: str) -> int | None:
    """`昭和50`, `S50年`, `1975` → 1975; empty → None."""
    cleaned = unicodedata.normalize("NFKC", text or "").strip().upper().removesuffix("年")
    if not cleaned:
        return None
    if cleaned.isdigit() and len(cleaned) == 4:
        return int(cleaned)
    match = _ERA_YEAR.match(cleaned)
    if match:
        return _ERA_FIRST[match[1]] + (1 if match[2] == "元" else int(match[2])) - 1
    raise RuleRefused(N_("'{text}' is not a year (examples: 昭和50, S50, 1975)."),
                      {"text": text}, field=N_("Year built"))
