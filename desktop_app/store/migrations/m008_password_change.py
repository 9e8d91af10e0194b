"""Schema 8: a clerk whose password an administrator set must choose a new one first.

Accounts already on file keep working as before (0); the accounts service sets the flag when an
administrator creates an account or resets a password, and clears it when the clerk changes it.
"""

from sqlite3 import Connection

STATEMENTS = [
    "ALTER TABLE clerks ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0"
    " CHECK (must_change_password IN (0, 1))",
]


def upgrade(connection: Connection) -> None:
    for statement in STATEMENTS:
        connection.execute(statement)
