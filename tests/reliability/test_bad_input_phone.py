"""Bad input, property-based: phone numbers as typed at the counter or found in a ledger.

Rule: a phone (the person's or the emergency contact's) is refused naming its own field, or the
number kept is 10 or 11 of the digits 0-9 (none when nothing was typed). A digit of another
script (٠١٢, ০১২, ๐๑๒…) is never read as a Japanese number to call.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from desktop_app.domain.application import Application, check_application
from desktop_app.domain.errors import RuleRefused

TODAY = date(2026, 12, 3)
FIELDS = [("phone", "Phone"), ("emergency_phone", "Emergency contact phone")]

# Digits of several scripts and widths, the marks people write a number with, and any character.
_PHONE_ALPHABET = st.sampled_from(list("0123456789０１２３４５６７８９-－ー()（） +＋"
                                       "٠١٢٣٤٥٦٧٨٩০১২৩৪৫৬৭৮৯๐๑๒๓๔๕๖๗๘๙①②③"))
phone_like = st.lists(st.one_of(_PHONE_ALPHABET, _PHONE_ALPHABET, st.characters()),
                      max_size=16).map("".join)


def _application(field: str, text: str) -> Application:
    return Application(family_name="佐藤", family_kana="サトウ", birth_date="1980-04-01",
                       kind="furusato", **{field: text})


@pytest.mark.parametrize(("field", "label"), FIELDS)
@given(text=phone_like)
@example(text="٠٩٠١١١١٢٢٢٢")  # Arabic-Indic 090-1111-2222
@example(text="090-১১১১-2222")  # Bengali digits in the middle
@example(text="０９０（１１１１）２２２２")
@example(text="03-1234-5678 (自宅)")
def test_a_phone_is_kept_as_ten_or_eleven_digits_or_refused_naming_its_field(field, label, text):
    try:
        checked = check_application(_application(field, text), TODAY)
    except RuleRefused as refused:
        assert refused.field == label
        return
    if field == "phone":
        digits = checked.phone_digits
        assert digits == "" or (digits.isascii() and digits.isdigit() and 10 <= len(digits) <= 11)


@pytest.mark.parametrize(("field", "label"), FIELDS)
@given(digits=st.text("0123456789", min_size=10, max_size=11),
       script=st.sampled_from(["٠١٢٣٤٥٦٧٨٩", "০১২৩৪৫৬৭৮৯", "๐๑๒๓๔๕๖๗๘๙", "߀߁߂߃߄߅߆߇߈߉"]),
       at=st.integers(min_value=0, max_value=9))
def test_one_digit_of_another_script_is_refused_naming_the_field(field, label, digits, script,
                                                                 at):
    position = at % len(digits)
    foreign = script[int(digits[position])]
    typed = digits[:position] + foreign + digits[position + 1:]
    with pytest.raises(RuleRefused) as refused:
        check_application(_application(field, typed), TODAY)
    assert refused.value.field == label
