"""Schema 5: the registry's search keys, identity check, consultations, undoable merges."""

from sqlite3 import Connection

from desktop_app.domain.registry_search import derived_keys
from desktop_app.store.migrations.m001_core import RECORD

# Columns derived from what was typed, kept so that every search and duplicate rule hits an index.
DERIVED_COLUMNS = ("given_key", "given_kana_key", "phone_reversed", "address_key")

# The indexes the search box and the duplicate check use; a bulk load may build them afterwards.
SEARCH_INDEXES = {
    "registrants_given": "registrants (given_key)",
    "registrants_given_kana": "registrants (given_kana_key)",
    "registrants_phone_reversed": "registrants (phone_reversed) WHERE phone_reversed <> ''",
    "registrants_address": "registrants (address_key) WHERE address_key <> ''",
}

STATEMENTS = [
    *(f"ALTER TABLE registrants ADD COLUMN {column} TEXT NOT NULL DEFAULT ''"
      for column in DERIVED_COLUMNS),
    # The identity check of a プレミアム registrant: which document was seen, by whom, when.
    # The document's number is never recorded.
    "ALTER TABLE registrants ADD COLUMN identity_document TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE registrants ADD COLUMN identity_checked_by TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE registrants ADD COLUMN identity_checked_on TEXT",
    "ALTER TABLE registrants ADD COLUMN approved_by TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE registrants ADD COLUMN renewed_on TEXT",
    "ALTER TABLE registrants ADD COLUMN merged_into INTEGER REFERENCES registrants (id)",
    "CREATE INDEX registrants_merged ON registrants (merged_into) WHERE merged_into IS NOT NULL",
    "CREATE INDEX registrants_valid_until ON registrants (valid_until)"
    " WHERE valid_until IS NOT NULL",
    *(f"CREATE INDEX {name} ON {target}" for name, target in SEARCH_INDEXES.items()),
    f"""CREATE TABLE consultations (
        id INTEGER PRIMARY KEY,
        registrant_id INTEGER REFERENCES registrants (id),
        consulted_on TEXT NOT NULL,
        channel TEXT NOT NULL CHECK (channel IN ('counter', 'phone', 'online', 'outreach')),
        topics TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        follow_up_on TEXT,
        follow_up_done_on TEXT,
        {RECORD})""",
    "CREATE INDEX consultations_registrant ON consultations (registrant_id, consulted_on)",
    "CREATE INDEX consultations_follow_up ON consultations (follow_up_on)"
    " WHERE follow_up_on IS NOT NULL AND follow_up_done_on IS NULL",
    f"""CREATE TABLE registrant_merges (
        id INTEGER PRIMARY KEY,
        survivor_id INTEGER NOT NULL REFERENCES registrants (id),
        merged_id INTEGER NOT NULL REFERENCES registrants (id),
        survivor_before TEXT NOT NULL,
        merged_before TEXT NOT NULL,
        moved TEXT NOT NULL,
        undone_at TEXT,
        undone_by TEXT,
        {RECORD})""",
    "CREATE INDEX registrant_merges_survivor ON registrant_merges (survivor_id)",
    "CREATE INDEX registrant_merges_merged ON registrant_merges (merged_id)",
]


def upgrade(connection: Connection) -> None:
    for statement in STATEMENTS:
        connection.execute(statement)
    rows = connection.execute(
        "SELECT id, given_name, given_kana, phone_digits, city, address FROM registrants"
    ).fetchall()
    connection.executemany(
        "UPDATE registrants SET given_key = ?, given_kana_key = ?, phone_reversed = ?,"
        " address_key = ? WHERE id = ?",
        [(*derived_keys(row[1], row[2], row[3], row[4], row[5]).values(), row[0]) for row in rows],
    )
