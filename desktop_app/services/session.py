"""Who is working, at which terminal, on which file: what every service call needs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from desktop_app.domain.errors import PermissionDenied
from desktop_app.domain.roles import Permission, Role, require
from desktop_app.domain.text import N_
from desktop_app.store.database import Database
from desktop_app.store.records import changed_record, new_record

# The one write a clerk whose password an administrator set may make: choosing their own.
OWN_PASSWORD_CHANGE = "clerk.change_password"


@dataclass
class Change:
    """What a write records in the audit trail; the service fills it in as it works."""

    entity_id: str | int | None = None
    before: object = None
    after: object = None


@dataclass
class Session:
    db: Database
    clerk: str
    role: Role
    terminal: str = field(default="")
    # Set at sign-in while the password is one an administrator chose (a new account or a
    # reset): until the clerk chooses their own, the session may do nothing else.
    must_change_password: bool = False

    def __post_init__(self) -> None:
        if not self.terminal:
            office = self.db.office.get()
            self.terminal = office["terminal_id"] if office else "unset"

    def on(self, db: Database) -> Session:
        """The same clerk, role, terminal and password state, working through another
        connection to the file (a worker thread's own: SQLite connections stay on their thread)."""
        return replace(self, db=db)

    def require(self, permission: Permission) -> None:
        self._refuse_until_password_changed()
        require(self.role, permission)

    def _refuse_until_password_changed(self) -> None:
        if self.must_change_password:
            raise PermissionDenied(N_(
                "A new password must be chosen first: the password an administrator set for "
                "{clerk} only allows choosing your own."), {"clerk": self.clerk})

    def new_record(self) -> dict:
        return new_record(self.clerk, self.terminal)

    def changed_record(self) -> dict:
        return changed_record(self.clerk, self.terminal)

    @contextmanager
    def write(self, action: str, entity: str) -> Iterator[Change]:
        """One transaction doing the work and writing its audit row, or neither. The changes
        the work made to synced records (written by the store's triggers) name that audit row."""
        if action != OWN_PASSWORD_CHANGE:
            self._refuse_until_password_changed()
        change = Change()
        with self.db.transaction():
            changes_before = self.db.changes.last_id()
            yield change
            audit_id = self.db.audit.append(
                clerk=self.clerk, terminal=self.terminal, action=action, entity=entity,
                entity_id=change.entity_id, before=change.before, after=change.after,
            )
            self.db.changes.name_write(changes_before, audit_id)
