"""Schema 9: the exchange keys, sealed in key slots, the trust list and the prefecture mode.

No private key is stored in plain text: `account_keys` holds each signing-off clerk's X25519 key
sealed under their own password, `key_slots` each office key sealed to each such clerk (see
services/key_slots.py). A file set up before this step gets no key here, since no password is
known to a migration: its exchange key is made at the first sign-in of a supervisor or an
administrator (services/exchange_keys.py), and sealed then for every signing-off clerk.
"""

from sqlite3 import Connection

STATEMENTS = [
    "ALTER TABLE office ADD COLUMN mode TEXT NOT NULL DEFAULT 'town'"
    " CHECK (mode IN ('town', 'prefecture'))",
    """CREATE TABLE account_keys (
        login TEXT PRIMARY KEY COLLATE NOCASE,
        public_key BLOB NOT NULL,
        sealed_private_key BLOB NOT NULL,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE exchange_keys (
        id INTEGER PRIMARY KEY,
        purpose TEXT NOT NULL CHECK (purpose IN ('signing', 'decryption')),
        algorithm TEXT NOT NULL,
        public_key BLOB NOT NULL,
        certificate BLOB,
        fingerprint TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        retired_at TEXT
    )""",
    """CREATE TABLE key_slots (
        key_id INTEGER NOT NULL REFERENCES exchange_keys(id),
        login TEXT NOT NULL COLLATE NOCASE,
        sealed_key BLOB NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        PRIMARY KEY (key_id, login)
    )""",
    """CREATE TABLE prefecture_keys (
        id INTEGER PRIMARY KEY,
        certificate BLOB NOT NULL,
        pseudonym_key BLOB NOT NULL,
        fingerprint TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
    )""",
    """CREATE TABLE trusted_towns (
        id INTEGER PRIMARY KEY,
        municipality_code TEXT NOT NULL,
        public_key BLOB NOT NULL,
        fingerprint TEXT NOT NULL,
        trusted_at TEXT NOT NULL,
        trusted_by TEXT NOT NULL,
        revoked_at TEXT,
        revoked_by TEXT,
        revoke_reason TEXT
    )""",
]


def upgrade(connection: Connection) -> None:
    for statement in STATEMENTS:
        connection.execute(statement)
