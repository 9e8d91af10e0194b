"""Comparison forms of names, kana and phones. What is stored is what was typed."""

from __future__ import annotations

import re
import unicodedata

# 異体字 that ledgers and people use interchangeably; folded only for comparison.
_VARIANTS = str.maketrans({
    "髙": "高", "﨑": "崎", "嵜": "崎", "齋": "斉", "齊": "斉", "斎": "斉", "邊": "辺", "邉": "辺",
    "澤": "沢", "濱": "浜", "濵": "浜", "櫻": "桜", "國": "国", "廣": "広", "德": "徳", "眞": "真",
    "冨": "富", "嶋": "島", "嶌": "島", "槇": "槙", "藪": "薮", "靜": "静", "瀨": "瀬", "彌": "弥",
})
_SPACES = re.compile(r"\s+")
_HIRAGANA_START, _HIRAGANA_END = 0x3041, 0x3096
# str.translate tables rather than a loop over characters: a ledger import folds every name.
_KATAKANA = {code: code + 0x60 for code in range(_HIRAGANA_START, _HIRAGANA_END + 1)}
_NAME_FOLD = _VARIANTS | _KATAKANA  # no 異体字 is hiragana, so one pass does both
_KATAKANA_ONLY = re.compile("[ ー・\u30a1-\u30fa]*")
_NOT_ASCII_DIGIT = re.compile("[^0-9]")


def _to_katakana(text: str) -> str:
    return text.translate(_KATAKANA)


def normalize_kana(text: str) -> str:
    """Katakana as stored: full-width (ｶﾀｶﾅ → カタカナ), hiragana made katakana, single spaces.

    Small kana (ャュョッ) stay distinct from large ones.
    """
    folded = _to_katakana(unicodedata.normalize("NFKC", text or ""))
    return _SPACES.sub(" ", folded.replace("\u3000", " ")).strip()


def kana_key(text: str) -> str:
    """Kana for comparison and sorting: katakana, full-width, no spaces."""
    return _SPACES.sub("", normalize_kana(text))


def kana_key_of_normalized(kana: str) -> str:
    """kana_key of text already passed through normalize_kana: only its single spaces go."""
    return kana.replace(" ", "")


def name_key(text: str) -> str:
    """Name for comparison: NFKC, 異体字 folded, kana folded, no spaces, case-folded."""
    folded = unicodedata.normalize("NFKC", text or "").translate(_NAME_FOLD)
    return _SPACES.sub("", folded).casefold()


def is_katakana(text: str) -> bool:
    """True when every character is katakana, the long-vowel mark or a space."""
    return is_normalized_katakana(normalize_kana(text))


def is_normalized_katakana(kana: str) -> bool:
    """is_katakana of text already passed through normalize_kana (it would not change again)."""
    return _KATAKANA_ONLY.fullmatch(kana) is not None


def phone_digits(text: str) -> str:
    """Digits only, whatever the formatting: ０８０（7082）7154 → 08070827154."""
    folded = unicodedata.normalize("NFKC", text or "")
    if folded.isascii():  # the usual case; for ASCII, isdigit() is exactly 0-9
        return _NOT_ASCII_DIGIT.sub("", folded)
    return "".join(c for c in folded if c.isdigit())


def has_foreign_digits(text: str) -> bool:
    """True when the text holds a digit that NFKC does not make 0-9 (٠١٢, ০১২…).

    Registration refuses such a phone: a number written so is no Japanese number to call.
    """
    folded = unicodedata.normalize("NFKC", text or "")
    return not folded.isascii() and any(c.isdigit() and not c.isascii() for c in folded)


def postal_digits(text: str) -> str:
    return phone_digits(text)
