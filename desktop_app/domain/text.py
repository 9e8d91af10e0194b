"""Message marking for the domain layer.

The domain may not import the app's i18n module, so it marks messages with `N_` and
translates them late through `translate`, which `desktop_app.i18n` installs at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


def N_(message: str) -> str:
    """Mark a message for extraction; translation happens when it is shown."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Mark both forms of a counted phrase for extraction, as `ngettext` takes them."""
    return singular, plural


def _english_plural(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


translate: Callable[[str], str] = N_
translate_plural: Callable[[str, str, int], str] = _english_plural


class Msg(str):
    """A marked message used as a value (a label, a parameter): translated when rendered."""


@dataclass(frozen=True)
class Count:
    """A number with its phrase in both forms, `Count(n, Nn_("{n} row", "{n} rows"))`, used as
    a parameter: the catalog's plural rule picks the form when the message is shown."""

    n: int
    forms: tuple[str, str]

    def __str__(self) -> str:
        return translate_plural(*self.forms, self.n).format(n=f"{self.n:,}")


def render(msgid: str, params: dict | None = None) -> str:
    """Translate `msgid` and fill in `params`, translating `Msg` labels and `Count` phrases."""
    text = translate(msgid)
    if not params:
        return text
    return text.format(**{k: translate(v) if isinstance(v, Msg) else
                          str(v) if isinstance(v, Count) else v for k, v in params.items()})
