"""The quarterly return: a quarter's signed-off versions, and the register of packages written.

`quarter_returns` holds one row per version of a fiscal quarter's return. Signing off locks the
quarter: at most one version of it is `signed_off` at a time (a unique index, so two terminals
signing off at once cannot both win), and only a supervisor's re-opening, with its reason kept
on the row, lets the next version be signed off. Each version keeps the audit chain's head at
sign-off (the witness the prefecture keeps) and the SHA-256 of the figures signed off.

`export_register` is the 外部記録媒体の管理簿 the municipal information-security guideline
expects for removable media: every package written, when, by whom, what and where it went.
"""

from sqlite3 import Connection

STATEMENTS = [
    """CREATE TABLE quarter_returns (
        id INTEGER PRIMARY KEY,
        quarter TEXT NOT NULL CHECK (quarter GLOB '[0-9][0-9][0-9][0-9]Q[1-4]'),
        version INTEGER NOT NULL CHECK (version >= 1),
        supersedes INTEGER CHECK (supersedes IS NULL OR supersedes = version - 1),
        state TEXT NOT NULL CHECK (state IN ('signed_off', 'reopened')),
        signed_off_by TEXT NOT NULL,
        signed_off_at TEXT NOT NULL,
        terminal TEXT NOT NULL,
        audit_head_row INTEGER NOT NULL CHECK (audit_head_row >= 0),
        audit_head_hash TEXT NOT NULL CHECK (length(audit_head_hash) = 64),
        figures_sha256 TEXT NOT NULL CHECK (length(figures_sha256) = 64),
        reopened_by TEXT,
        reopened_at TEXT,
        reopen_reason TEXT,
        UNIQUE (quarter, version),
        CHECK ((version = 1) = (supersedes IS NULL)),
        CHECK ((state = 'reopened') = (reopened_by IS NOT NULL AND reopened_at IS NOT NULL
                                       AND coalesce(trim(reopen_reason), '') <> ''))
    )""",
    "CREATE UNIQUE INDEX quarter_returns_signed_off ON quarter_returns (quarter)"
    " WHERE state = 'signed_off'",
    """CREATE TABLE export_register (
        id INTEGER PRIMARY KEY,
        written_at TEXT NOT NULL,
        written_by TEXT NOT NULL,
        terminal TEXT NOT NULL,
        kind TEXT NOT NULL,
        quarter TEXT NOT NULL CHECK (quarter GLOB '[0-9][0-9][0-9][0-9]Q[1-4]'),
        version INTEGER NOT NULL CHECK (version >= 1),
        file_name TEXT NOT NULL CHECK (file_name <> ''),
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        size INTEGER NOT NULL CHECK (size >= 0),
        destination TEXT NOT NULL CHECK (destination <> '')
    )""",
]


def upgrade(connection: Connection) -> None:
    for statement in STATEMENTS:
        connection.execute(statement)
