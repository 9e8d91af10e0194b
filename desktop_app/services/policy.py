"""Reading the town's rule numbers (with their defaults) and changing them as an audited action."""

from __future__ import annotations

from typing import Any

from desktop_app.domain.policy import BACKUP_PASSPHRASE, POLICY, check_value
from desktop_app.domain.roles import Permission
from desktop_app.services.session import Session
from desktop_app.store.database import Database

# Settings whose value never goes into the audit trail.
_SECRET = {BACKUP_PASSPHRASE}


def setting(db: Database, key: str) -> Any:
    """The town's value for `key`, or the default from `domain.policy`."""
    return db.settings.get(key, POLICY[key].default)


def change_setting(session: Session, key: str, value: Any) -> None:
    """Set one rule number (administrators only); the audit row holds the old and new value."""
    session.require(Permission.CHANGE_SETTINGS)
    value = check_value(key, value)
    with session.write("setting.change", "setting") as change:
        before = setting(session.db, key)
        session.db.settings.put(key, value)
        change.entity_id = key
        if key in _SECRET:
            change.before, change.after = {"set": bool(before)}, {"set": bool(value)}
        else:
            change.before, change.after = {"value": before}, {"value": value}
