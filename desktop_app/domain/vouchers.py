"""Stay vouchers (宿泊利用券): serial numbers with a check digit, statuses, when one may be used."""

from __future__ import annotations

import unicodedata
from datetime import date
from enum import StrEnum

from desktop_app.domain.counters import MAIN_OFFICE, counter_mark
from desktop_app.domain.dates import format_wareki
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.text import N_, Msg


class VoucherStatus(StrEnum):
    ISSUED = "issued"  # 発行
    REDEEMED = "redeemed"  # 利用済
    EXPIRED = "expired"  # 失効
    VOID = "void"  # 無効


class Unit(StrEnum):
    YEN = "yen"
    NIGHTS = "nights"


VOUCHER_STATUS_LABELS = {
    VoucherStatus.ISSUED: Msg(N_("Issued")),
    VoucherStatus.REDEEMED: Msg(N_("Redeemed")),
    VoucherStatus.EXPIRED: Msg(N_("Expired")),
    VoucherStatus.VOID: Msg(N_("Void")),
}

# The Damm algorithm's quasigroup: one check digit that catches every single wrong digit and
# every swap of two neighbouring digits, the two mistakes made when copying a number by hand.
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)
SEQUENCE_DIGITS = 6
# A code a clerk can read off a voucher and type: no 0/O, 1/I/L.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
_MAIN_DIGITS = 4 + SEQUENCE_DIGITS + 1  # year, running number, check digit


def check_digit(digits: str) -> int:
    interim = 0
    for character in digits:
        interim = _DAMM[interim][int(character)]
    return interim


def make_serial(year: int, sequence: int, counter: int = MAIN_OFFICE) -> str:
    """`2025-000123-4`: the year of issue, a running number, and a check digit over both; at
    counter 3, `2025-3-000123-5`, the check digit over the counter's digit too."""
    if not 0 < sequence < 10**SEQUENCE_DIGITS:
        raise RuleRefused(N_("Voucher numbers for {year} have run out."), {"year": year})
    mark = counter_mark(counter)
    body = f"{year:04d}{mark[1:]}{sequence:0{SEQUENCE_DIGITS}d}"
    return f"{year:04d}{mark}-{body[-SEQUENCE_DIGITS:]}-{check_digit(body)}"


def serial_range(year: int, counter: int = MAIN_OFFICE) -> tuple[str, str, int]:
    """The serials of a year and counter sort from the first text to before the second, and
    have the length given (a counter's serials sort among the main office's otherwise)."""
    prefix = f"{year:04d}{counter_mark(counter)}-"
    return prefix, prefix[:-1] + ".", len(prefix) + SEQUENCE_DIGITS + 2


def serial_sequence(serial: str) -> int:
    """The running number of a serial in its printed form."""
    return int(serial[-SEQUENCE_DIGITS - 2:-2])


def normalize_serial(text: str) -> str:
    """A serial as typed (full-width, without hyphens, with spaces) in its printed form.

    Refuses a serial whose check digit does not match: a misread number, not an unknown voucher.
    """
    digits = "".join(c for c in unicodedata.normalize("NFKC", text or "") if c.isdigit())
    if len(digits) not in (_MAIN_DIGITS, _MAIN_DIGITS + 1):  # the main office's, a counter's
        raise RuleRefused(N_("'{text}' is not a voucher number (example: 2025-000123-4)."),
                          {"text": text}, field=N_("Voucher number"))
    if check_digit(digits) != 0:  # Damm: the whole number, check digit included, checks to 0
        raise RuleRefused(N_("'{text}' has a wrong check digit: please read the number again."),
                          {"text": text}, field=N_("Voucher number"))
    counter = digits[4:-SEQUENCE_DIGITS - 1]
    return f"{digits[:4]}{'-' if counter else ''}{counter}-{digits[-SEQUENCE_DIGITS - 1:-1]}-" \
        f"{digits[-1]}"


def normalize_code(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split()).upper().replace("-", "")


def check_redeemable(status: VoucherStatus, expires_on: date, today: date,
                     reason: str = "") -> None:
    """Refuse a voucher that cannot be used today, saying why."""
    if status is VoucherStatus.REDEEMED:
        raise RuleRefused(N_("This voucher has already been used."), field=N_("Voucher number"))
    if status is VoucherStatus.VOID:
        raise RuleRefused(N_("This voucher was made void: {reason}"), {"reason": reason},
                          field=N_("Voucher number"))
    if status is VoucherStatus.EXPIRED or expires_on < today:
        raise RuleRefused(N_("This voucher expired on {day}."), {"day": format_wareki(expires_on)},
                          field=N_("Voucher number"))


def check_issue(count: int, value: int, expires_on: date, today: date) -> None:
    if not 1 <= count <= 10000:
        raise RuleRefused(N_("Issue between 1 and 10,000 vouchers at a time."), field=N_("Count"))
    if value < 1:
        raise RuleRefused(N_("A voucher is worth at least 1."), field=N_("Value"))
    if expires_on <= today:
        raise RuleRefused(N_("The expiry date must be in the future."), field=N_("Expires"))
