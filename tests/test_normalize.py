"""The comparison forms are fast (str.translate, regular expressions) and fold exactly as before.

The references below are the original character-by-character definitions; every code point is
run through both, so a faster form cannot drift from what the register already stores.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from desktop_app.domain.normalize import (
    _VARIANTS,
    is_katakana,
    kana_key,
    name_key,
    normalize_kana,
    phone_digits,
)

_SPACES = re.compile(r"\s+")


def _reference_katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if 0x3041 <= ord(c) <= 0x3096 else c for c in text)


def _reference_normalize_kana(text: str) -> str:
    folded = _reference_katakana(unicodedata.normalize("NFKC", text or ""))
    return _SPACES.sub(" ", folded.replace("\u3000", " ")).strip()


def _reference_name_key(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text or "").translate(_VARIANTS)
    return _SPACES.sub("", _reference_katakana(folded)).casefold()


def _reference_is_katakana(text: str) -> bool:
    return all(c in " ー・" or 0x30A1 <= ord(c) <= 0x30FA for c in _reference_normalize_kana(text))


def _reference_phone_digits(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text or "") if c.isdigit())


def _every_character(step: int) -> list[str]:
    """Every code point (surrogates left out), in strings of `step` characters."""
    points = [p for p in range(0x110000) if not 0xD800 <= p <= 0xDFFF]
    return ["".join(map(chr, points[i:i + step])) for i in range(0, len(points), step)]


@pytest.mark.parametrize("text", [
    "", "  ", "さとう　はなこ", "ｻﾄｳ ﾊﾅｺ", "サトウ・ハナコ", "ゔぁ", "ゕゖ", "髙橋 恵子", "山﨑",
    "𠮷田", "ＡＢＣ abc", "０８０（7082）7154", "090-1234-5678", "١٢٣", "①②", "ⅰ", "x²", "𝟘𝟙",
])
def test_typical_texts_fold_as_before(text):
    assert normalize_kana(text) == _reference_normalize_kana(text)
    assert kana_key(text) == _SPACES.sub("", _reference_normalize_kana(text))
    assert name_key(text) == _reference_name_key(text)
    assert is_katakana(text) == _reference_is_katakana(text)
    assert phone_digits(text) == _reference_phone_digits(text)


def test_every_code_point_folds_as_before():
    for chunk in _every_character(512):
        assert normalize_kana(chunk) == _reference_normalize_kana(chunk)
        assert name_key(chunk) == _reference_name_key(chunk)
        assert phone_digits(chunk) == _reference_phone_digits(chunk)


def test_every_code_point_is_katakana_or_not_as_before():
    # Beyond the BMP only characters with a compatibility form can fold into katakana (🈀 → ほか).
    for point in range(0x110000):
        character = chr(point)
        if 0xD800 <= point <= 0xDFFF or (point > 0xFFFF
                                         and not unicodedata.decomposition(character)):
            continue
        if is_katakana(character) != _reference_is_katakana(character):
            pytest.fail(f"is_katakana differs for U+{point:04X}")
