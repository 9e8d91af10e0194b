"""The town's other counters this file exchanges change sets with (services/sync_*.py).

All three tables stay local to a counter: an invitation's copy of the register has them cleared.
- `sync_peers`: a paired counter, its exchange public key, the key the pairing established for
  the change sets' payload, what it has acknowledged of each terminal (JSON {terminal: sequence})
  and the numbers of the last packages sent to it and received from it (a lower one is a replay).
- `sync_received`: the highest sequence of each other terminal whose changes are all here (the
  acknowledgements this counter sends).
- `sync_invitations`: an invitation written here and not yet answered by the new counter.
"""

from sqlite3 import Connection

STATEMENTS = [
    """CREATE TABLE sync_peers (
        terminal TEXT PRIMARY KEY,
        office TEXT NOT NULL,
        counter INTEGER NOT NULL UNIQUE CHECK (counter BETWEEN 0 AND 9),
        public_key BLOB NOT NULL,
        fingerprint TEXT NOT NULL,
        pair_key BLOB NOT NULL CHECK (length(pair_key) = 32),
        paired_at TEXT NOT NULL,
        paired_by TEXT NOT NULL,
        acknowledged TEXT NOT NULL DEFAULT '{}',
        last_sent INTEGER NOT NULL DEFAULT 0,
        last_received INTEGER NOT NULL DEFAULT 0,
        last_received_sha256 TEXT,
        last_export_at TEXT,
        last_import_at TEXT)""",
    """CREATE TABLE sync_received (
        terminal TEXT PRIMARY KEY,
        sequence INTEGER NOT NULL CHECK (sequence >= 0))""",
    """CREATE TABLE sync_invitations (
        id TEXT PRIMARY KEY,
        pair_key BLOB NOT NULL CHECK (length(pair_key) = 32),
        holdings TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        joined_at TEXT)""",
]

LOCAL_TABLES = ("sync_peers", "sync_received", "sync_invitations")


def upgrade(connection: Connection) -> None:
    for statement in STATEMENTS:
        connection.execute(statement)
