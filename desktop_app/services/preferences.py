"""Display preferences kept in the file: the language and how dates are shown.

Reading is plain; saving is a write like any other, so it is audited.
"""

from __future__ import annotations

from desktop_app.domain.errors import PermissionDenied, RuleRefused
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.services.session import Session
from desktop_app.store.database import Database

LANGUAGE = "language"
DATE_STYLE = "date_style"
LANGUAGES = ("ja", "en")
DATE_STYLES = ("wareki", "seireki")
DEFAULTS = {LANGUAGE: "ja", DATE_STYLE: "wareki"}
_CHOICES = {LANGUAGE: LANGUAGES, DATE_STYLE: DATE_STYLES}
# The language is each counter's own affair; how dates appear on the register is the office's.
_NEEDS = {LANGUAGE: None, DATE_STYLE: Permission.CHANGE_SETTINGS}


def language(db: Database) -> str:
    return _read(db, LANGUAGE)


def date_style(db: Database) -> str:
    return _read(db, DATE_STYLE)


def _read(db: Database, key: str) -> str:
    value = db.settings.get(key, DEFAULTS[key])
    return value if value in _CHOICES[key] else DEFAULTS[key]


def may_change(session: Session, key: str) -> bool:
    needed = _NEEDS[key]
    if needed is None:
        return True
    try:
        session.require(needed)
    except PermissionDenied:
        return False
    return True


def save(session: Session, key: str, value: str) -> None:
    """Store one preference; refuses unknown keys and values, and roles without the grant."""
    if key not in _CHOICES:
        raise RuleRefused(N_("There is no setting called {key}."), {"key": key})
    if value not in _CHOICES[key]:
        raise RuleRefused(N_("{value} is not a choice for this setting."), {"value": value},
                          field=N_("Setting"))
    if _NEEDS[key] is not None:
        session.require(_NEEDS[key])
    before = session.db.settings.get(key)
    if before == value:
        return
    with session.write("settings.change", "setting") as change:
        session.db.settings.put(key, value)
        change.entity_id = key
        change.before = before
        change.after = value
