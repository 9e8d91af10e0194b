"""A registration as typed at the counter, checked field by field before anything is saved."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from desktop_app.domain.dates import parse_date
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.normalize import (
    has_foreign_digits,
    is_normalized_katakana,
    normalize_kana,
    phone_digits,
)
from desktop_app.domain.registrant import Kind, Tier
from desktop_app.domain.text import N_

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# What no field holds: C0 and C1 controls (a NUL, an escape, a tab or a line break that a
# damaged file or an open quote left) and the byte-order mark two joined files leave mid-way.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\ufeff]")
_TEXT_FIELDS = (
    ("family_name", N_("Family name")), ("given_name", N_("Given name")),
    ("family_kana", N_("Family kana")), ("given_kana", N_("Given kana")),
    ("postal_code", N_("Postal code")), ("prefecture", N_("Prefecture")), ("city", N_("City")),
    ("address", N_("Address")), ("phone", N_("Phone")), ("email", N_("E-mail")),
    ("emergency_phone", N_("Emergency contact phone")),
    ("identity_checked_by", N_("Identity checked by")),
)
# A postal code as people type it (after NFKC): 〒, spaces, one hyphen or dash of any kind
# (ー from a kana keyboard too) between the 3 and the 4 digits.
_POSTAL = re.compile(r"〒?\s*([0-9]{3})\s*[-‐‑‒–—―−ー]?\s*([0-9]{4})")
_POSTAL_CHARACTERS = re.compile(r"[0-9〒\s\-‐‑‒–—―−ー]*")


@dataclass
class Application:
    """The fields of a person as entered. Strings are kept exactly as typed."""

    family_name: str
    family_kana: str
    birth_date: str
    kind: str
    given_name: str = ""
    given_kana: str = ""
    tier: str | None = None
    sex: str | None = None
    postal_code: str = ""
    prefecture: str = ""
    city: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    extra: dict = field(default_factory=dict)
    local_address: str = ""  # where the person stays in town
    letter_language: str = "ja"
    consent_newsletter: bool = False
    consent_sharing: bool = False  # with 特定居住支援法人
    consent_photo: bool = False
    home_municipality_code: str = ""  # derived from the address when left empty
    # The photo-ID check of a プレミアム registrant: the kind of document, who saw it, when.
    identity_document: str = ""
    identity_checked_by: str = ""
    identity_checked_on: str = ""
    # Whom the town calls in a disaster, and whether the person would help rebuild (担い手).
    emergency_name: str = ""
    emergency_relation: str = ""
    emergency_phone: str = ""
    disaster_help: bool = False


@dataclass(frozen=True)
class CheckedApplication:
    application: Application
    birth_date: date
    family_kana: str
    given_kana: str
    kind: Kind
    tier: Tier | None
    postal_code: str
    phone_digits: str


def check_application(app: Application, today: date) -> CheckedApplication:
    """Refuse the first field that is wrong, naming it; otherwise the normalised values."""
    _refuse_invisible(app)
    if not app.family_name.strip():
        raise RuleRefused(N_("The family name is required."), field=N_("Family name"))
    family_kana = _kana(app.family_kana)
    given_kana = _kana(app.given_kana)
    if not family_kana:
        raise RuleRefused(N_("The family name in kana is required."), field=N_("Family kana"))
    for value, label in ((family_kana, N_("Family kana")), (given_kana, N_("Given kana"))):
        if not _katakana(value):
            raise RuleRefused(N_("Kana fields take katakana or hiragana only."), field=label)
    try:
        birth = _date(app.birth_date)
    except RuleRefused as refused:
        refused.field = N_("Birth date")
        raise
    if birth > today:
        raise RuleRefused(N_("The birth date is in the future."), field=N_("Birth date"))
    try:
        kind = Kind(app.kind)
    except ValueError:
        raise RuleRefused(N_("Unknown kind of registration."), field=N_("Kind")) from None
    tier = None
    if kind is Kind.FURUSATO:
        try:
            tier = Tier(app.tier or Tier.BASIC)
        except ValueError:
            raise RuleRefused(N_("Unknown tier."), field=N_("Tier")) from None
    postal = _postal(app.postal_code)
    digits = _phone(app.phone, N_("Phone"))
    _phone(app.emergency_phone, N_("Emergency contact phone"))
    if app.email and not _EMAIL.match(app.email.strip()):
        raise RuleRefused(N_("This is not an e-mail address."), field=N_("E-mail"))
    return CheckedApplication(app, birth, family_kana, given_kana, kind, tier,
                              postal, digits)


def _phone(text: str, label: str) -> str:
    if has_foreign_digits(text):
        raise RuleRefused(N_("Write the phone number with the digits 0-9."), field=label)
    digits = phone_digits(text)
    if digits and not 10 <= len(digits) <= 11:
        raise RuleRefused(N_("A phone number has 10 or 11 digits."), field=label)
    return digits


def postal_code(text: str) -> str:
    """`123-4567` from a postal code typed in any width, '' when none was typed.

    Anything but digits, 〒, spaces and one hyphen is refused rather than dropped: a stray
    letter or a note in the cell is not quietly turned into somebody's postal code.
    """
    folded = unicodedata.normalize("NFKC", text or "").strip()
    if not folded:
        return ""
    match = _POSTAL.fullmatch(folded)
    if match:
        return f"{match[1]}-{match[2]}"
    if _POSTAL_CHARACTERS.fullmatch(folded):
        raise RuleRefused(N_("A postal code has 7 digits."), field=N_("Postal code"))
    raise RuleRefused(N_("'{value}' is not a postal code (for example 980-0811)."),
                      {"value": text}, field=N_("Postal code"))


def _refuse_invisible(app: Application) -> None:
    for name, label in _TEXT_FIELDS:
        found = _INVISIBLE.search(getattr(app, name) or "")
        if found:
            raise RuleRefused(N_("The text holds an invisible control character (U+{code}) "
                                 "that cannot be stored."),
                              {"code": f"{ord(found.group()):04X}"}, field=label)


# Kana, birth dates and postal codes repeat across a ledger import of thousands of people: the
# pure steps that read them are cached (a refused date raises each time, as it is not cached).
_kana = lru_cache(maxsize=4096)(normalize_kana)
_katakana = lru_cache(maxsize=4096)(is_normalized_katakana)
_date = lru_cache(maxsize=8192)(parse_date)
_postal = lru_cache(maxsize=4096)(postal_code)
