"""全国地方公共団体コード: the 5-digit JIS X 0402 code followed by a check digit."""

from __future__ import annotations

import unicodedata

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.text import N_

_WEIGHTS = (6, 5, 4, 3, 2)


def check_digit(jis_code: str) -> int:
    """Check digit of a 5-digit JIS code: r = Σ(dᵢ·wᵢ) mod 11, digit = (11 − r) mod 10."""
    total = sum(int(d) * w for d, w in zip(jis_code, _WEIGHTS, strict=True))
    return (11 - total % 11) % 10


def with_check_digit(jis_code: str) -> str:
    return f"{jis_code}{check_digit(jis_code)}"


def validate_code(text: str) -> str:
    """Return the 6-digit code or refuse it with the reason."""
    code = unicodedata.normalize("NFKC", text or "").strip().replace("-", "")
    if len(code) != 6 or not code.isdigit():
        raise RuleRefused(N_("A municipality code has 6 digits (e.g. 042021)."),
                          field=N_("Municipality code"))
    if check_digit(code[:5]) != int(code[5]):
        raise RuleRefused(N_("The check digit of {code} is wrong; it should end in {digit}."),
                          {"code": code, "digit": check_digit(code[:5])},
                          field=N_("Municipality code"))
    return code
