"""What the one search box looks for, and the derived keys that let every kind of key hit an index.

Names and kana match from the start of the family name, the given name or the whole name, in any
width, kana script or 異体字; addresses from the city or ward onwards; phones by their first or
last digits, however they are written; e-mails from their start; registrant numbers and card codes
from their start.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from desktop_app.domain.normalize import kana_key, kana_key_of_normalized, name_key, phone_digits

PREFECTURES = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県",
    "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県",
    "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府",
    "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県",
    "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県",
    "鹿児島県", "沖縄県",
)
_PREFECTURE_KEYS = tuple(name_key(p) for p in PREFECTURES)
_PHONE_LIKE = re.compile(r"^[\d\s\-‐－ー()（）+＋]+$")
# A counter's numbers carry its digit (R7-3-000123, domain/counters.py).
_NUMBER_LIKE = re.compile(r"^[MTSHR]\d{1,2}(-[1-9](-|$))?-?\d*$")
_CARD_LIKE = re.compile(r"^[2-9A-Z]{1,5}(-[2-9A-Z]{0,5})?$")
# Fewest digits that make a phone look-up worthwhile (a year or a street number has fewer).
MIN_PHONE_DIGITS = 4


def address_key(city: str, address: str) -> str:
    """The address for matching, from the city or ward onwards (the prefecture is left out)."""
    return name_key(f"{city}{address}")


def derived_keys(given_name: str, given_kana: str, digits: str, city: str,
                 address: str, *, kana_normalized: bool = False) -> dict[str, str]:
    """The columns the store keeps beside what was typed, in the order the schema lists them.

    `kana_normalized`: the kana is already as normalize_kana leaves it (as checked).
    """
    return {
        "given_key": _name_key(given_name),
        "given_kana_key": (kana_key_of_normalized(given_kana) if kana_normalized
                           else kana_key(given_kana)),
        "phone_reversed": digits[::-1],
        "address_key": _address_key(city, address),
    }


# The same names, towns and streets recur across a ledger import of thousands of people.
_name_key = lru_cache(maxsize=8192)(name_key)
_address_key = lru_cache(maxsize=4096)(address_key)


@dataclass(frozen=True)
class SearchKeys:
    """The keys one typed text is looked up by; an empty key is not looked up."""

    text: str
    name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    number: str = ""
    card: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.address or self.phone or self.email or self.number
                    or self.card)


def search_keys(text: str) -> SearchKeys:
    """Read what the clerk typed as every kind of key it could be."""
    cleaned = unicodedata.normalize("NFKC", text or "").strip()
    if not cleaned:
        return SearchKeys(text="")
    upper = cleaned.upper().replace(" ", "")
    digits = phone_digits(cleaned)
    phone = digits if _PHONE_LIKE.match(text.strip()) and len(digits) >= MIN_PHONE_DIGITS else ""
    name = name_key(cleaned)
    address = name
    for prefecture in _PREFECTURE_KEYS:
        if address.startswith(prefecture) and len(address) > len(prefecture):
            address = address[len(prefecture):]
            break
    if len(address) < 2:  # one character would match half the register by its city
        address = ""
    return SearchKeys(
        text=cleaned,
        name="" if phone else name,
        address="" if phone else address,
        phone=phone,
        email=cleaned.casefold() if cleaned.isascii() and not phone and len(cleaned) >= 2 else "",
        number=_registrant_number(upper),
        card=_card_code(upper),
    )


def _registrant_number(upper: str) -> str:
    """R7-000123 as typed, or R7000123 with the hyphen put back (the sequence has 6 digits)."""
    if not _NUMBER_LIKE.match(upper):
        return ""
    if "-" not in upper and len(upper) >= 8:
        return f"{upper[:-6]}-{upper[-6:]}"
    return upper


def _card_code(upper: str) -> str:
    """ABCDE-FGHJK, or its start; typed without the hyphen, the hyphen is put back."""
    if "-" not in upper and 5 < len(upper) <= 10:
        upper = f"{upper[:5]}-{upper[5:]}"
    return upper if len(upper) >= 3 and _CARD_LIKE.match(upper) else ""


def registrant_keys(record: dict, *, checked: bool = False,
                    digits: str | None = None) -> dict[str, str]:
    """Every comparison key of a registrant record, recomputed from what was typed.

    `checked`: the record is application_values' own, whose kana check_application has already
    normalised (and found to be katakana), so it is not normalised a second time; `digits` are
    the phone's digits when check_application has already worked them out.
    """
    if digits is None:
        digits = phone_digits(record.get("phone", ""))
    family_kana, given_kana = record.get("family_kana", ""), record.get("given_kana", "")
    return {
        "name_key": _name_key(record.get("family_name", "") + record.get("given_name", "")),
        "kana_key": (kana_key_of_normalized(family_kana + given_kana) if checked
                     else kana_key(family_kana + given_kana)),
        "phone_digits": digits,
        **derived_keys(record.get("given_name", ""), given_kana, digits,
                       record.get("city", ""), record.get("address", ""),
                       kana_normalized=checked),
    }
