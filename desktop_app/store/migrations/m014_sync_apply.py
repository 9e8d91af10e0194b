"""What applying other counters' changes keeps: the changes received (id and content hash, so a
change seen twice is known and one altered on the way is refused), the changes held until their
predecessor arrives, the conflicts left for a clerk, and the flags shown for a glance (a parallel
edit, a booking conflict, a double redemption, a person registered on two counters).

None of these tables is synced: each counter keeps its own view of what it received. The records
the changes write are the synced tables themselves (services/sync_apply.py).
"""

from sqlite3 import Connection

STATEMENTS = [
    """CREATE TABLE sync_applied (
        change_id BLOB PRIMARY KEY CHECK (length(change_id) = 16),
        content_hash TEXT NOT NULL,
        clerk TEXT,  -- who made it at the origin, passed on with it
        applied_at TEXT NOT NULL)""",
    # A change whose predecessor from its terminal has not arrived (or whose referenced record
    # has not): kept whole, applied as soon as it can be, never dropped.
    """CREATE TABLE sync_held (
        change_id BLOB PRIMARY KEY CHECK (length(change_id) = 16),
        terminal TEXT NOT NULL,
        sequence INTEGER NOT NULL,
        content TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (reason IN ('predecessor', 'reference')),
        received_at TEXT NOT NULL,
        UNIQUE (terminal, sequence))""",
    # One row per field two counters set to different values.
    """CREATE TABLE sync_conflicts (
        id INTEGER PRIMARY KEY,
        entity TEXT NOT NULL,
        record_uuid TEXT NOT NULL,
        field TEXT NOT NULL,
        mine TEXT,
        mine_at TEXT,
        mine_terminal TEXT,
        theirs TEXT,
        theirs_at TEXT NOT NULL,
        theirs_terminal TEXT NOT NULL,
        theirs_change BLOB NOT NULL,
        standing TEXT NOT NULL CHECK (standing IN ('mine', 'theirs')),
        found_at TEXT NOT NULL,
        resolved_at TEXT,
        resolved_by TEXT,
        taken TEXT CHECK (taken IN ('mine', 'theirs') OR taken IS NULL))""",
    "CREATE INDEX sync_conflicts_open ON sync_conflicts (entity, record_uuid, field)"
    " WHERE resolved_at IS NULL",
    """CREATE TABLE sync_flags (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN
            ('parallel_edit', 'booking_conflict', 'double_redemption', 'duplicate_person')),
        entity TEXT NOT NULL,
        record_uuid TEXT NOT NULL,
        detail TEXT NOT NULL,
        found_at TEXT NOT NULL,
        cleared_at TEXT)""",
    "CREATE INDEX sync_flags_record ON sync_flags (entity, record_uuid)",
]


def upgrade(connection: Connection) -> None:
    for statement in STATEMENTS:
        connection.execute(statement)
