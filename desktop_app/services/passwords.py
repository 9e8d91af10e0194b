"""Password hashing with Argon2id; the plain password is never stored or shown."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.text import N_

_HASHER = PasswordHasher()
MIN_LENGTH = 8


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise RuleRefused(N_("A password needs at least {n} characters."), {"n": MIN_LENGTH},
                          field=N_("Password"))


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def password_matches(stored_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False
