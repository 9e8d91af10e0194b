"""Likely duplicates, and merging two records of one person field by field."""

from __future__ import annotations

from enum import StrEnum

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.registrant import Status
from desktop_app.domain.text import N_, Msg


class DuplicateReason(StrEnum):
    KANA_AND_BIRTH = "kana_birth"  # same kana and birth date
    PHONE = "phone"
    EMAIL = "email"
    NAME = "name"  # same name after folding 異体字, width and spaces


DUPLICATE_LABELS = {
    DuplicateReason.KANA_AND_BIRTH: Msg(N_("Same kana and birth date")),
    DuplicateReason.PHONE: Msg(N_("Same phone number")),
    DuplicateReason.EMAIL: Msg(N_("Same e-mail address")),
    DuplicateReason.NAME: Msg(N_("Same name")),
}

# Fields a clerk chooses between when merging; the registrant number and card code stay with
# the surviving record (numbers are never moved or reused).
MERGE_FIELDS: tuple[tuple[str, Msg], ...] = (
    ("family_name", Msg(N_("Family name"))),
    ("given_name", Msg(N_("Given name"))),
    ("family_kana", Msg(N_("Family kana"))),
    ("given_kana", Msg(N_("Given kana"))),
    ("birth_date", Msg(N_("Birth date"))),
    ("sex", Msg(N_("Sex"))),
    ("postal_code", Msg(N_("Postal code"))),
    ("prefecture", Msg(N_("Prefecture"))),
    ("city", Msg(N_("City"))),
    ("address", Msg(N_("Address"))),
    ("home_municipality_code", Msg(N_("Home municipality code"))),
    ("phone", Msg(N_("Phone"))),
    ("email", Msg(N_("E-mail"))),
    ("local_address", Msg(N_("Address in town"))),
    ("letter_language", Msg(N_("Language of letters"))),
    ("consent_newsletter", Msg(N_("Newsletter"))),
    ("consent_sharing", Msg(N_("Sharing with support corporations"))),
    ("consent_photo", Msg(N_("Photo on card"))),
)
MERGE_FIELD_NAMES = tuple(name for name, _label in MERGE_FIELDS)
# Address fields travel together, so a merge never pairs one record's city with another's street.
ADDRESS_GROUP = ("postal_code", "prefecture", "city", "address", "home_municipality_code")


def check_mergeable(survivor: dict, other: dict) -> None:
    if survivor["id"] == other["id"]:
        raise RuleRefused(N_("Choose two different records to merge."))
    for record in (survivor, other):
        if record.get("merged_into"):
            raise RuleRefused(N_("{name} has already been merged into another record."),
                              {"name": f"{record['family_name']} {record['given_name']}".strip()})
        if record["status"] == Status.ERASED.value:
            raise RuleRefused(N_("An erased record cannot be merged."))


def merged_values(survivor: dict, other: dict, take_from_other: set[str]) -> dict:
    """The survivor's new values: each field named in `take_from_other` comes from the other."""
    unknown = take_from_other - set(MERGE_FIELD_NAMES)
    if unknown:
        raise RuleRefused(N_("These fields cannot be merged: {fields}."),
                          {"fields": ", ".join(sorted(unknown))})
    chosen = set(take_from_other)
    if chosen & set(ADDRESS_GROUP):
        chosen |= set(ADDRESS_GROUP)
    return {name: other[name] for name in MERGE_FIELD_NAMES
            if name in chosen and other[name] != survivor[name]}
