"""Schema 2: vacant houses, trial-stay facilities, and bookings the database keeps apart."""

from sqlite3 import Connection

from desktop_app.store.migrations.m001_core import RECORD

# Bookings that hold their dates; cancelled and no-show ones free them.
_LIVE = "('provisional', 'confirmed', 'staying', 'completed')"

STATEMENTS = [
    f"""CREATE TABLE houses (
        id INTEGER PRIMARY KEY,
        listing_no TEXT NOT NULL UNIQUE,
        postal_code TEXT NOT NULL DEFAULT '',
        address TEXT NOT NULL,
        owner_name TEXT NOT NULL DEFAULT '',
        owner_contact TEXT NOT NULL DEFAULT '',
        consent_on TEXT,
        deal TEXT NOT NULL CHECK (deal IN ('sale', 'rent', 'both')),
        price_yen INTEGER,
        rent_yen INTEGER,
        land_m2 REAL,
        floor_m2 REAL,
        built_year INTEGER,
        layout TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL CHECK (status IN
            ('draft', 'published', 'negotiating', 'contracted', 'withdrawn', 'erased')),
        {RECORD})""",
    "CREATE INDEX houses_status ON houses (status)",
    f"""CREATE TABLE facilities (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        address TEXT NOT NULL DEFAULT '',
        capacity INTEGER NOT NULL DEFAULT 1 CHECK (capacity > 0),
        nightly_fee_yen INTEGER NOT NULL DEFAULT 0 CHECK (nightly_fee_yen >= 0),
        min_nights INTEGER NOT NULL DEFAULT 1,
        max_nights INTEGER NOT NULL DEFAULT 30,
        active INTEGER NOT NULL DEFAULT 1,
        {RECORD})""",
    f"""CREATE TABLE bookings (
        id INTEGER PRIMARY KEY,
        facility_id INTEGER NOT NULL REFERENCES facilities (id),
        registrant_id INTEGER NOT NULL REFERENCES registrants (id),
        check_in TEXT NOT NULL,
        check_out TEXT NOT NULL,
        guests INTEGER NOT NULL DEFAULT 1 CHECK (guests > 0),
        status TEXT NOT NULL CHECK (status IN
            ('provisional', 'confirmed', 'staying', 'completed', 'cancelled', 'no_show')),
        fee_yen INTEGER NOT NULL DEFAULT 0,
        {RECORD},
        CHECK (check_out > check_in))""",
    "CREATE INDEX bookings_facility ON bookings (facility_id, check_in)",
    "CREATE INDEX bookings_registrant ON bookings (registrant_id, check_in)",
    f"""CREATE TRIGGER bookings_no_overlap_insert BEFORE INSERT ON bookings
        WHEN NEW.status IN {_LIVE} AND EXISTS (
            SELECT 1 FROM bookings b WHERE b.facility_id = NEW.facility_id
              AND b.status IN {_LIVE}
              AND b.check_in < NEW.check_out AND NEW.check_in < b.check_out)
        BEGIN SELECT RAISE(ABORT, 'booking overlaps'); END""",
    f"""CREATE TRIGGER bookings_no_overlap_update BEFORE UPDATE OF facility_id, check_in,
        check_out, status ON bookings
        WHEN NEW.status IN {_LIVE} AND EXISTS (
            SELECT 1 FROM bookings b WHERE b.facility_id = NEW.facility_id AND b.id <> NEW.id
              AND b.status IN {_LIVE}
              AND b.check_in < NEW.check_out AND NEW.check_in < b.check_out)
        BEGIN SELECT RAISE(ABORT, 'booking overlaps'); END""",
]


def upgrade(connection: Connection) -> None:
    for statement in STATEMENTS:
        connection.execute(statement)
