"""Printed Japanese breaks by 禁則処理 and never leaves a lone character or two on a paragraph's
last line: the rules on their own, then read back with pdftotext from real PDFs."""

from __future__ import annotations

import random
import subprocess

import pytest

from desktop_app.printing import fonts
from desktop_app.printing.line_breaking import (
    HANGING,
    MIN_LAST_LINE,
    NO_LINE_END,
    NO_LINE_START,
    break_lines,
)
from desktop_app.services import print_settings, printing
from tests.printing_helpers import needs_poppler, register_people, supervisor_of

ONE = 10.0  # every character 10 points wide in the rule tests


def lines_of(text: str, characters_per_line: int) -> list[str]:
    return break_lines(text, [ONE] * len(text), characters_per_line * ONE)


def broken_rules(lines: list[str]) -> list[str]:
    """What a reader would see as wrong in `lines` of one paragraph."""
    wrong = []
    for number, line in enumerate(lines):
        if number and line[:1] in NO_LINE_START:
            wrong.append(f"line {number + 1} starts with {line[0]}: {line}")
        if number < len(lines) - 1 and line[-1:] in NO_LINE_END:
            wrong.append(f"line {number + 1} ends with {line[-1]}: {line}")
    if len(lines) > 1 and len(lines[-1].strip()) < MIN_LAST_LINE:
        wrong.append(f"last line alone: {lines[-1]}")
    return wrong


def test_closing_punctuation_moves_down_with_the_character_before_it():
    # 10 per line: the plain cut would start line 2 with 」, っ, or end line 1 with 「
    for text, second in (("あいうえおかきくけこ」さしすせそたち", "こ」さしすせそたち"),
                         ("あいうえおかきくけ「こさしすせそたち", "「こさしすせそたち"),
                         ("あいうえおかきくけこっさしすせそたち", "こっさしすせそたち")):
        assert lines_of(text, 10) == ["あいうえおかきくけ", second]


def test_a_full_stop_that_does_not_fit_hangs_in_the_margin():
    assert lines_of("あいうえおかきくけこ。さしすせそたち", 10) == ["あいうえおかきくけこ。",
                                                                "さしすせそたち"]
    # but not when what follows may not start a line either: 。」 go down together
    assert lines_of("あいうえおかきくけこ。」しすせそたち", 10) == ["あいうえおかきくけ",
                                                                "こ。」しすせそたち"]


def test_the_last_line_takes_characters_from_the_line_before():
    # the card's back before: 「…示すもので」「す。」
    text = "この証は、石巻市の二地域居住者として登録されていることを示すものです。"
    lines = lines_of(text, len(text) - 2)
    assert lines == [text[:-4], text[-4:]] and lines[1] == "のです。"
    assert "".join(lines) == text
    assert lines_of("短い文です。", 10) == ["短い文です。"]  # one line: nothing to do


def test_numbers_and_codes_are_not_cut_unless_longer_than_the_line():
    assert lines_of("電話番号は0225-95-1111です。よろしくお願いします", 14) == [
        "電話番号は", "0225-95-1111です。", "よろしくお願いします"]
    long_run = "x" * 25
    assert lines_of(long_run, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_spaces_where_a_line_breaks_are_dropped():
    assert lines_of("abc def ghi jkl", 8) == ["abc def", "ghi jkl"]


@pytest.mark.parametrize("seed", range(40))
def test_any_text_keeps_every_rule_and_every_character(seed):
    chance = random.Random(seed)
    alphabet = "あいうえお漢字日本語カタカナ、。「」（）ーっゃ！？0123-R"
    text = "".join(chance.choice(alphabet) for _ in range(chance.randint(20, 160)))
    per_line = chance.randint(6, 30)
    lines = lines_of(text, per_line)
    assert "".join(lines) == text
    assert all(len(line) <= per_line or (len(line) == per_line + 1 and line[-1] in HANGING)
               for line in lines)
    assert broken_rules(lines) == []


def test_wrap_measures_in_the_printing_font_and_starts_a_paragraph_at_each_newline():
    width = fonts.width("あ", fonts.GOTHIC, 10)
    lines = fonts.wrap("あいうえおかきくけこ。\n次の段落", fonts.GOTHIC, 10, width * 10)
    assert lines == ["あいうえおかきくけこ。", "次の段落"]
    lines = fonts.wrap("あいうえおかきくけこさ。\n次の段落", fonts.GOTHIC, 10, width * 10)
    assert lines == ["あいうえおかきく", "けこさ。", "次の段落"]  # not 「…くけこ」「さ。」


def _page_lines(pdf: bytes, tmp_path, page: int) -> list[str]:
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.fixture
def person(admin, clerk) -> int:
    # a contact long enough that the back's third sentence wraps, as the office sets it
    print_settings.change(admin, print_settings.CONTACT,
                          "〒986-8501 石巻市穀町14-1 電話 0225-95-1111")
    return register_people(clerk, supervisor_of(admin), count=1)[0]


@needs_poppler
def test_the_card_back_breaks_by_the_rules(clerk, person, tmp_path):
    lines = _page_lines(printing.print_card(clerk, person), tmp_path, 2)
    lines = lines[:lines.index("発行")]  # the paragraphs, above the issuer and the key
    assert len(lines) == 6
    assert "のです。" in lines  # 「…示すもの」「のです。」, not 「…示すもので」「す。」
    assert lines[1] == "のです。" and lines[0].endswith("示すも")
    for line in lines:
        assert line[:1] not in NO_LINE_START, line
        assert line[-1:] not in NO_LINE_END, line
        assert len(line) >= MIN_LAST_LINE, line
    assert any(line.startswith("0225-95-1111") for line in lines)  # the number kept whole


@needs_poppler
def test_letters_and_certificates_break_by_the_rules(clerk, person, tmp_path):
    chosen = [clerk.db.registrants.get(person)]
    for pdf in (printing.print_letters(clerk, chosen, kind="renewal"),
                printing.issue_certificate(clerk, person)[1],
                printing.print_application_form(clerk, person)):
        for line in _page_lines(pdf, tmp_path, 1):
            assert line[:1] not in NO_LINE_START, line
            assert line[-1:] not in NO_LINE_END, line
