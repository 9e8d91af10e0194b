"""Schema 15: what a disaster desk needs of a person, and the photo on their card.

The person gains an emergency contact (name, relation, phone) and whether they would help in a
disaster (被災地の復旧を手伝う担い手). Their card photo is a row of its own, so that the register's
lists and windows never read image bytes; it is a synced record (a photo taken at a branch
counter prints at the main office), at most 200 KB of JPEG, which the change log keeps as hex.
"""

from sqlite3 import Connection

from desktop_app.store.migrations.m001_core import RECORD
from desktop_app.store.migrations.m012_change_log import create_triggers

PHOTO_TABLE = "registrant_photos"
PHOTO_MAX_BYTES = 200_000  # frozen here; printing/card_photo.py makes photos under it

STATEMENTS = [
    "ALTER TABLE registrants ADD COLUMN emergency_name TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE registrants ADD COLUMN emergency_relation TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE registrants ADD COLUMN emergency_phone TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE registrants ADD COLUMN disaster_help INTEGER NOT NULL DEFAULT 0"
    " CHECK (disaster_help IN (0, 1))",
    f"""CREATE TABLE {PHOTO_TABLE} (
        id INTEGER PRIMARY KEY,
        registrant_id INTEGER NOT NULL UNIQUE REFERENCES registrants (id),
        jpeg BLOB NOT NULL CHECK (length(jpeg) <= {PHOTO_MAX_BYTES}),
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        {RECORD})""",
]


def upgrade(connection: Connection) -> None:
    for statement in STATEMENTS:
        connection.execute(statement)
    create_triggers(connection, "registrants")
    create_triggers(connection, PHOTO_TABLE)
