import pytest

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.municipality import check_digit, validate_code
from desktop_app.services.municipalities import all_municipalities, look_up


@pytest.mark.parametrize(("code", "name"), [
    ("042021", "宮城県石巻市"), ("042056", "宮城県気仙沼市"), ("152242", "新潟県佐渡市"),
    ("464911", "鹿児島県肝属郡南大隅町"), ("041009", "宮城県仙台市"), ("131016", "東京都千代田区"),
])
def test_known_codes_name_their_municipality(code, name):
    assert look_up(code).full_name == name


def test_check_digit_rule():
    assert check_digit("04202") == 1
    assert check_digit("15224") == 2
    # r = 0 gives 1 and r = 1 gives 0: every code in the bundled list obeys the rule
    assert all(check_digit(code[:5]) == int(code[5]) for code in all_municipalities())


def test_the_list_covers_the_country():
    codes = all_municipalities()
    assert len(codes) > 1700
    assert len({c[:2] for c in codes}) == 47


@pytest.mark.parametrize("text", ["042022", "04202", "0420211", "abcdef", ""])
def test_bad_codes_are_refused_with_the_field_named(text):
    with pytest.raises(RuleRefused) as refused:
        look_up(text)
    assert refused.value.field == "Municipality code"


def test_full_width_digits_are_accepted():
    assert validate_code("０４２０２１") == "042021"


def test_well_formed_but_unknown_code_refused():
    unknown = next(f"99{n:03d}" for n in range(1000))
    with pytest.raises(RuleRefused):
        look_up(unknown + str(check_digit(unknown)))
