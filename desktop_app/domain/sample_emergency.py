"""Sample emergency details for the demo: a relative to call for people found in town, a few
担い手 who offered to help in a disaster, and an event held today."""

from __future__ import annotations

import random

# (relation, sex of the relative, keeps the family name)
_RELATIONS = (("母", "female", True), ("父", "male", True), ("配偶者", "female", True),
              ("配偶者", "male", True), ("姉", "female", True), ("兄", "male", True),
              ("長男", "male", True), ("長女", "female", False), ("友人", "male", False))
_GIVEN = {"female": ("恵子", "久美子", "由美", "直子", "陽子", "美穂", "真理子", "千里"),
          "male": ("修", "浩二", "誠", "隆", "茂", "和也", "健一", "正樹")}
_OTHER_FAMILY = ("佐藤", "高橋", "伊藤", "渡辺", "山本", "中村", "小野寺", "阿部")
_MOBILE = ("090", "080", "070")
EVENT_NAMES = ("二地域居住者 交流会（防災ワークショップ）",)
CONTACT_SHARE = 0.8  # of the people found in town
HELPER_SHARE = 0.35  # of the 担い手 (premium registrants)


def emergency_contact(rng: random.Random, family_name: str) -> tuple[str, str, str]:
    """(name, relation, phone) of a believable emergency contact of someone named so."""
    relation, sex, same_family = _RELATIONS[int(rng.random() * len(_RELATIONS))]
    family = family_name if same_family else _OTHER_FAMILY[int(rng.random() * len(_OTHER_FAMILY))]
    given = _GIVEN[sex][int(rng.random() * len(_GIVEN[sex]))]
    prefix = _MOBILE[int(rng.random() * len(_MOBILE))]
    number = int(rng.random() * 100_000_000)
    return f"{family}　{given}", relation, f"{prefix}-{number // 10_000:04d}-{number % 10_000:04d}"
