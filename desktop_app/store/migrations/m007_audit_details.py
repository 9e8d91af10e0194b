"""Schema 7: an audit row's details can be removed when its person is anonymised.

From this version a row's hash covers a hash of its details (before/after) instead of the details
themselves, so anonymising a person can blank the details of the rows about them and the chain
still holds. Rows written earlier keep their details and are verified as before.
"""

from sqlite3 import Connection

STATEMENTS = [
    "ALTER TABLE audit ADD COLUMN details_hash TEXT",
    "ALTER TABLE audit ADD COLUMN redacted INTEGER NOT NULL DEFAULT 0"
    " CHECK (redacted IN (0, 1))",
]


def upgrade(connection: Connection) -> None:
    for statement in STATEMENTS:
        connection.execute(statement)
