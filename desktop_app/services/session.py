"""Who is working, at which terminal, on which file: what every service call needs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from desktop_app.domain.roles import Permission, Role, require
from desktop_app.store.database import Database
from desktop_app.store.records import changed_record, new_record


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

    def __post_init__(self) -> None:
        if not self.terminal:
            office = self.db.office.get()
            self.terminal = office["terminal_id"] if office else "unset"

    def require(self, permission: Permission) -> None:
        require(self.role, permission)

    def new_record(self) -> dict:
        return new_record(self.clerk, self.terminal)

    def changed_record(self) -> dict:
        return changed_record(self.clerk, self.terminal)

    @contextmanager
    def write(self, action: str, entity: str) -> Iterator[Change]:
        """One transaction doing the work and writing its audit row, or neither."""
        change = Change()
        with self.db.transaction():
            yield change
            self.db.audit.append(
                clerk=self.clerk, terminal=self.terminal, action=action, entity=entity,
                entity_id=change.entity_id, before=change.before, after=change.after,
            )
