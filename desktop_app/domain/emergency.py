"""The emergency list (防災・二次避難): who is in town on a day, and whom the town can shelter or
call on when a disaster strikes elsewhere. Plain rules: the district of an in-town address, the
one entry kept per person, the grouping and order of the printed list."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from desktop_app.domain.text import N_, Msg


class Presence(StrEnum):
    GUEST = "guest"  # お試し住宅に滞在中
    EVENT = "event"  # その日の催しに参加
    BASE = "base"  # 町内の滞在先がある二地域居住者
    EVACUEE = "evacuee"  # 被災地に住所がある（二次避難の受け入れ先として）
    HELPER = "helper"  # 復旧を手伝うと申し出た担い手


PRESENCE_LABELS = {
    Presence.GUEST: Msg(N_("Trial-stay guest")),
    Presence.EVENT: Msg(N_("At an event")),
    Presence.BASE: Msg(N_("Base in town")),
    Presence.EVACUEE: Msg(N_("Lives in the hit area")),
    Presence.HELPER: Msg(N_("Will help rebuild")),
}
# Where a person is most surely found that day comes first: one entry per person.
_SURENESS = {Presence.GUEST: 0, Presence.EVENT: 1, Presence.BASE: 2, Presence.EVACUEE: 0,
             Presence.HELPER: 1}
NO_DISTRICT = "（地区不明）"
_HOUSE_NUMBER = re.compile(r"[0-9０-９一二三四五六七八九十]+(丁目|番地?|号|－|-|ー)|[0-9０-９]")


@dataclass(frozen=True)
class EmergencyEntry:
    registrant_id: int
    registrant_no: str
    name: str
    kana: str
    presence: Presence
    place: str  # the facility, the event, or the hit city
    address: str  # where to find them: in town, or (evacuee, helper) their home address
    phone: str
    contact: str  # 緊急連絡先: name (relation) phone
    district: str


def district_of(address: str, town: str = "", areas: Iterable[str] = ()) -> str:
    """The 地区 of an in-town address: the longest of the town's 町域 names it begins with
    (after the prefecture and town, when written), else what comes before the house number."""
    rest = address.strip()
    for name in _town_names(town):
        if rest.startswith(name):
            rest = rest[len(name):]
            break
    known = [area for area in areas if area and rest.startswith(area)]
    if known:
        return max(known, key=len)
    found = _HOUSE_NUMBER.search(rest)
    head = (rest[:found.start()] if found else rest).strip(" 　")
    return head or NO_DISTRICT


def _town_names(town: str) -> list[str]:
    """宮城県石巻市 and 石巻市: an address may be written with or without the prefecture."""
    if not town:
        return []
    cut = next((i + 1 for i, char in enumerate(town) if char in "都道府県"), 0)
    return [town, town[cut:]] if 0 < cut < len(town) else [town]


def contact_text(name: str, relation: str, phone: str) -> str:
    """緊急連絡先 as printed: 田中 花子（母） 090-1234-5678."""
    who = f"{name}（{relation}）" if name and relation else name or relation
    return "　".join(part for part in (who, phone) if part)


def one_per_person(entries: Iterable[EmergencyEntry]) -> list[EmergencyEntry]:
    """Each person once, where they are most surely found (a guest stay before an event before
    a base); ties keep the first seen."""
    kept: dict[int, EmergencyEntry] = {}
    for entry in entries:
        held = kept.get(entry.registrant_id)
        if held is None or _SURENESS[entry.presence] < _SURENESS[held.presence]:
            kept[entry.registrant_id] = entry
    return list(kept.values())


def by_district(entries: Sequence[EmergencyEntry]) -> list[tuple[str, list[EmergencyEntry]]]:
    """The entries grouped by district (the unknown district last), each group in kana order."""
    groups: dict[str, list[EmergencyEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.district, []).append(entry)
    order = sorted(groups, key=lambda name: (name == NO_DISTRICT, name))
    return [(name, sorted(groups[name], key=lambda e: (e.presence != Presence.GUEST, e.kana)))
            for name in order]
