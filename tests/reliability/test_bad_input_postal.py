"""Bad input, property-based: postal codes as typed at the counter or found in a ledger.

Rule: a postal code is stored as 123-4567 whatever the width of its digits or its hyphen, left
empty when nothing was typed, and anything else is refused with a message naming the field.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from hypothesis import example, given
from hypothesis import strategies as st

from desktop_app.domain.application import Application, check_application
from desktop_app.domain.errors import RuleRefused

TODAY = date(2026, 12, 3)


def _application(postal_code: str) -> Application:
    return Application(family_name="佐藤", family_kana="サトウ", birth_date="1980-04-01",
                       kind="furusato", postal_code=postal_code)


_POSTAL_ALPHABET = st.sampled_from(list("0123456789０１２３４５６７８９-－ー‐−〒 　"))
postal_like = st.lists(st.one_of(_POSTAL_ALPHABET, _POSTAL_ALPHABET, st.characters()),
                       max_size=14).map("".join)
seven_digits = st.text("0123456789", min_size=7, max_size=7)


@given(postal_like)
@example("abc")
@example("〒")
@example("\r")
@example("980-0811 (自宅)")
@example("\u0669\u0668\u0660-\u0660\u0668\u0661\u0661")  # Arabic-Indic digits
def test_a_postal_code_is_stored_as_seven_digits_or_refused_naming_the_field(text):
    try:
        checked = check_application(_application(text), TODAY)
    except RuleRefused as refused:
        assert refused.field == "Postal code"
        return
    if unicodedata.normalize("NFKC", text).strip():
        assert len(checked.postal_code) == 8 and checked.postal_code[3] == "-"
        assert checked.postal_code.replace("-", "").isascii()
        assert checked.postal_code.replace("-", "").isdigit()
    else:
        assert checked.postal_code == ""


@given(seven_digits, st.sampled_from(["-", "－", "ー", "‐", "−", "", " "]),
       st.booleans(), st.sampled_from(["", "〒", "〒 "]))
def test_a_postal_code_in_any_width_and_hyphen_reads_as_typed_digits(digits, hyphen, wide, mark):
    typed = f"{mark}{digits[:3]}{hyphen}{digits[3:]}"
    if wide:
        typed = typed.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    checked = check_application(_application(typed), TODAY)
    assert checked.postal_code == f"{digits[:3]}-{digits[3:]}"
