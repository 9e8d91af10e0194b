"""Where printed Japanese may break into lines: 禁則処理 after JIS X 4051, and no lone last line.

Plain Python, no ReportLab: the caller gives each character's width (`fonts.wrap` does), so the
rules are tested without drawing. A line never starts with closing punctuation, a small kana or
the long-vowel mark (行頭禁則) and never ends with an opening bracket or a prefix such as 〒 or ￥
(行末禁則); a 、 or 。 that does not fit hangs in the margin (ぶら下げ) rather than pulling
a character down with it; a run of Latin letters and digits (R7-000123, 0225-95-1111) is not
cut unless it is longer than the line; and a paragraph's last line is never left with only one, two
or three characters ("す。"): the line before gives up characters to it (a widow rule).
"""

from __future__ import annotations

from collections.abc import Sequence

NO_LINE_START = frozenset(
    "、。，．,.)）]］}｝〕〉》」』】〙〗〟’”｠»"  # closing brackets and stops
    "ゝゞヽヾ々〻ー゠‐–〜～"  # iteration marks, long vowel, hyphens
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"  # small kana
    "?!？！‼⁇⁈⁉・：；:;"  # questions, exclamations, middle dots and colons
    "%％℃°′″")  # units written after a number
NO_LINE_END = frozenset("(（[［{｛〔〈《「『【〘〖〝‘“｟«〒￥¥＄$£＃#№")
# Characters that hold a Latin word or a number together: 3,000,000 / R7-000123 / a@b.jp
_LATIN_JOINERS = frozenset("-.,:/@_+'#%&")
HANGING = frozenset("、。，．")  # may stand past the right edge, by one character at most
MIN_LAST_LINE = 4  # characters on a paragraph's last line, when the paragraph has two or more
_FUZZ = 1e-6


def _latin(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in _LATIN_JOINERS)


def may_break(text: str, index: int) -> bool:
    """May a line end after text[index - 1] and the next start with text[index]?"""
    before, after = text[index - 1], text[index]
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    if before == " " or after == " ":
        return True
    if before == after and before in "…‥―":  # …… and ―― are one mark
        return False
    return not (_latin(before) and _latin(after))


def break_lines(text: str, widths: Sequence[float], max_width: float) -> list[str]:
    """Break one paragraph (no newline) into lines of at most `max_width` (and one hanging 、 or
    。); `widths[i]` is the width of text[i]. Spaces where a line was broken are dropped."""
    if len(widths) != len(text):
        raise ValueError("one width per character")
    breaks: list[tuple[int, int]] = []
    start, length = 0, len(text)
    while start < length:
        end, used = start, 0.0
        while end < length and (end == start or used + widths[end] <= max_width + _FUZZ):
            used += widths[end]
            end += 1
        if end < length and text[end] in HANGING and (end + 1 == length
                                                      or may_break(text, end + 1)):
            end += 1
        elif end < length:
            end = _last_break(text, start, end)
        breaks.append((start, end))
        start = end
        while start < length and text[start] == " ":
            start += 1
    if len(breaks) >= 2:
        _fill_last_line(text, widths, max_width, breaks)
    lines = [text[a:b].rstrip(" ") for a, b in breaks] or [""]
    return lines[:1] + [line.lstrip(" ") for line in lines[1:]]


def _last_break(text: str, start: int, end: int) -> int:
    """The latest place at or before `end` (the first character that did not fit) where the
    line may end; `end` itself when the line has none (a Latin run longer than the line)."""
    for index in range(end, start, -1):
        if may_break(text, index):
            return index
    return end


def _visible(text: str) -> int:
    return len(text.strip(" "))


def _fill_last_line(text: str, widths: Sequence[float], max_width: float,
                    breaks: list[tuple[int, int]]) -> None:
    """Move characters from the line before onto a last line of fewer than MIN_LAST_LINE."""
    (before_start, cut), (last_start, last_end) = breaks[-2], breaks[-1]
    if _visible(text[last_start:last_end]) >= MIN_LAST_LINE:
        return
    last_width = sum(widths[cut:last_end])
    for index in range(cut - 1, before_start + 1, -1):
        last_width += widths[index]
        if last_width > max_width + _FUZZ:
            return
        if (may_break(text, index) and _visible(text[index:last_end]) >= MIN_LAST_LINE
                and _visible(text[before_start:index]) >= MIN_LAST_LINE):
            breaks[-2:] = [(before_start, index), (index, last_end)]
            return
