"""Schema 4: the office's signing key for QR codes, and numbered certificates (証明書)."""

from sqlite3 import Connection

from desktop_app.store.migrations.m001_core import RECORD

STATEMENTS = [
    # The private key stays in the file (a counter PC has no key store it can share with a
    # branch counter); only the public key and its fingerprint ever leave the office.
    """CREATE TABLE card_signing_keys (
        id INTEGER PRIMARY KEY,
        algorithm TEXT NOT NULL CHECK (algorithm = 'ed25519'),
        private_key BLOB NOT NULL,
        public_key BLOB NOT NULL UNIQUE,
        fingerprint TEXT NOT NULL UNIQUE,
        active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        retired_at TEXT)""",
    "CREATE UNIQUE INDEX card_signing_keys_active ON card_signing_keys (active) WHERE active = 1",
    f"""CREATE TABLE certificates (
        id INTEGER PRIMARY KEY,
        certificate_no TEXT NOT NULL UNIQUE,
        registrant_id INTEGER NOT NULL REFERENCES registrants (id),
        kind TEXT NOT NULL,
        issued_on TEXT NOT NULL,
        valid_until TEXT,
        status TEXT NOT NULL CHECK (status IN ('issued', 'void')),
        void_reason TEXT NOT NULL DEFAULT '',
        replaced_by INTEGER REFERENCES certificates (id),
        {RECORD})""",
    "CREATE INDEX certificates_registrant ON certificates (registrant_id, kind, status)",
]


def upgrade(connection: Connection) -> None:
    for statement in STATEMENTS:
        connection.execute(statement)
