"""Message marking for the domain layer.

The domain may not import the app's i18n module, so it marks messages with `N_` and
translates them late through `translate`, which `desktop_app.i18n` installs at start-up.
"""

from __future__ import annotations

from collections.abc import Callable


def N_(message: str) -> str:
    """Mark a message for extraction; translation happens when it is shown."""
    return message


translate: Callable[[str], str] = N_


class Msg(str):
    """A marked message used as a value (a label, a parameter): translated when rendered."""


def render(msgid: str, params: dict | None = None) -> str:
    """Translate `msgid` and fill in `params`, translating any that are `Msg` labels."""
    text = translate(msgid)
    if not params:
        return text
    return text.format(**{k: translate(v) if isinstance(v, Msg) else v for k, v in params.items()})
