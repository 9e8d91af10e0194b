"""Schema 11: the towns' quarterly returns as a prefecture imports them.

`prefecture_returns` holds one row per package imported: whose it is (town, quarter, version,
the version it supersedes), the package itself (its name, the zip's SHA-256 and size, the signed
manifest as JSON) and the town's audit head it carries, which the prefecture keeps as a witness
of the town's chain. The same zip is imported once (its SHA-256 is unique) and a town has one
package per quarter and version. `prefecture_return_figures` holds each package's figures (key,
integer), `prefecture_return_rows` its pseudonymous rows once rows.p7m has been decrypted (the id,
and the rest of the CSV line as it came; the header is kept on the package's row).
"""

from sqlite3 import Connection

STATEMENTS = [
    """CREATE TABLE prefecture_returns (
        id INTEGER PRIMARY KEY,
        municipality_code TEXT NOT NULL CHECK (length(municipality_code) = 6),
        office TEXT NOT NULL,
        quarter TEXT NOT NULL CHECK (quarter GLOB '[0-9][0-9][0-9][0-9]Q[1-4]'),
        version INTEGER NOT NULL CHECK (version >= 1),
        supersedes INTEGER CHECK (supersedes IS NULL OR supersedes < version),
        package_name TEXT NOT NULL CHECK (package_name <> ''),
        zip_sha256 TEXT NOT NULL UNIQUE CHECK (length(zip_sha256) = 64),
        zip_size INTEGER NOT NULL CHECK (zip_size > 0),
        manifest TEXT NOT NULL,
        audit_head_row INTEGER NOT NULL CHECK (audit_head_row >= 0),
        audit_head_hash TEXT NOT NULL CHECK (length(audit_head_hash) = 64),
        signed_off_by TEXT NOT NULL,
        created TEXT NOT NULL,
        key_fingerprint TEXT NOT NULL,
        rows_read INTEGER NOT NULL CHECK (rows_read IN (0, 1)),
        rows_header TEXT,
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL,
        UNIQUE (municipality_code, quarter, version)
    )""",
    """CREATE TABLE prefecture_return_figures (
        return_id INTEGER NOT NULL REFERENCES prefecture_returns(id),
        key TEXT NOT NULL,
        value INTEGER NOT NULL,
        PRIMARY KEY (return_id, key)
    )""",
    """CREATE TABLE prefecture_return_rows (
        return_id INTEGER NOT NULL REFERENCES prefecture_returns(id),
        pseudonym TEXT NOT NULL,
        record TEXT NOT NULL
    )""",
    # A quarter's packages, and a quarter's people across towns.
    "CREATE INDEX prefecture_returns_quarter ON prefecture_returns"
    " (quarter, municipality_code, version)",
    "CREATE INDEX prefecture_return_rows_return ON prefecture_return_rows"
    " (return_id, pseudonym)",
]


def upgrade(connection: Connection) -> None:
    for statement in STATEMENTS:
        connection.execute(statement)
