"""Schema 1: office, settings, clerks, the audit trail, registrants and their involvement."""

from sqlite3 import Connection

# Every record that can travel in a change set carries these, frozen as of schema 1.
RECORD = """
    uuid TEXT NOT NULL UNIQUE,
    version INTEGER NOT NULL DEFAULT 1,
    terminal TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
"""

STATEMENTS = [
    """CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    f"""CREATE TABLE office (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        municipality_code TEXT NOT NULL CHECK (length(municipality_code) = 6),
        municipality_name TEXT NOT NULL,
        office_name TEXT NOT NULL,
        terminal_id TEXT NOT NULL,
        {RECORD})""",
    f"""CREATE TABLE clerks (
        id INTEGER PRIMARY KEY,
        login TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'admin')),
        password_hash TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        {RECORD})""",
    """CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        clerk TEXT NOT NULL,
        terminal TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT,
        before_json TEXT,
        after_json TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL)""",
    "CREATE INDEX audit_entity ON audit (entity, entity_id)",
    "CREATE INDEX audit_clerk_at ON audit (clerk, at)",
    """CREATE TABLE numbering (series TEXT PRIMARY KEY, last INTEGER NOT NULL)""",
    f"""CREATE TABLE registrants (
        id INTEGER PRIMARY KEY,
        registrant_no TEXT UNIQUE,
        card_code TEXT NOT NULL UNIQUE,
        family_name TEXT NOT NULL,
        given_name TEXT NOT NULL DEFAULT '',
        family_kana TEXT NOT NULL,
        given_kana TEXT NOT NULL DEFAULT '',
        name_key TEXT NOT NULL,
        kana_key TEXT NOT NULL,
        birth_date TEXT NOT NULL,
        sex TEXT CHECK (sex IN ('female', 'male', 'other') OR sex IS NULL),
        postal_code TEXT NOT NULL DEFAULT '',
        prefecture TEXT NOT NULL DEFAULT '',
        city TEXT NOT NULL DEFAULT '',
        address TEXT NOT NULL DEFAULT '',
        home_municipality_code TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        phone_digits TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        local_address TEXT NOT NULL DEFAULT '',
        letter_language TEXT NOT NULL DEFAULT 'ja',
        consent_newsletter INTEGER NOT NULL DEFAULT 0,
        consent_sharing INTEGER NOT NULL DEFAULT 0,
        consent_photo INTEGER NOT NULL DEFAULT 0,
        kind TEXT NOT NULL CHECK (kind IN ('furusato', 'dual')),
        tier TEXT CHECK (tier IN ('basic', 'premium') OR tier IS NULL),
        status TEXT NOT NULL CHECK (status IN
            ('applied', 'registered', 'renewed', 'expired', 'revoked', 'erased')),
        applied_on TEXT NOT NULL,
        registered_on TEXT,
        valid_until TEXT,
        status_reason TEXT NOT NULL DEFAULT '',
        {RECORD})""",
    "CREATE INDEX registrants_kana ON registrants (kana_key, id)",
    "CREATE INDEX registrants_name ON registrants (name_key, id)",
    "CREATE INDEX registrants_birth ON registrants (birth_date)",
    "CREATE INDEX registrants_phone ON registrants (phone_digits) WHERE phone_digits <> ''",
    "CREATE INDEX registrants_email ON registrants (email COLLATE NOCASE) WHERE email <> ''",
    "CREATE INDEX registrants_status ON registrants (status, kana_key, id)",
    f"""CREATE TABLE involvement (
        id INTEGER PRIMARY KEY,
        registrant_id INTEGER NOT NULL REFERENCES registrants (id),
        kind TEXT NOT NULL CHECK (kind IN
            ('stay', 'donation', 'volunteer', 'side_job', 'event', 'ninaite')),
        occurred_on TEXT NOT NULL,
        quantity INTEGER NOT NULL DEFAULT 0,
        amount_yen INTEGER NOT NULL DEFAULT 0,
        reference TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        {RECORD})""",
    "CREATE INDEX involvement_registrant ON involvement (registrant_id, occurred_on)",
]


def upgrade(connection: Connection) -> None:
    for statement in STATEMENTS:
        connection.execute(statement)
