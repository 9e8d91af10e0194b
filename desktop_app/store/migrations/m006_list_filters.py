"""Schema 6: indexes for the registry list's filters (kind, tier, expiring) and for candidates.

Only indexes: about 9 s on a file of 1,000,000 registrants and 1,100,000 involvement lines.
"""

from sqlite3 import Connection

STATEMENTS = [
    # A list filtered by status, in order of registration number.
    "CREATE INDEX registrants_status_number ON registrants (status, registrant_no)",
    # Counts by kind, tier and status read this index alone.
    "CREATE INDEX registrants_kind ON registrants (kind, tier, status)",
    # Live registrations by the day their validity ends, with what the other filters test.
    "CREATE INDEX registrants_live_until ON registrants (valid_until, kind, tier, status)"
    " WHERE status IN ('registered', 'renewed')",
    # Candidates: who reached so many nights or 担い手 activities within the scoring window.
    "CREATE INDEX involvement_kind ON involvement (kind, occurred_on, registrant_id, quantity)",
]


def upgrade(connection: Connection) -> None:
    for statement in STATEMENTS:
        connection.execute(statement)
