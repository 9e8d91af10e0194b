"""Schema 3: the full vacant-house bank, trial-stay rules and events, stay vouchers (宿泊利用券)."""

from sqlite3 import Connection

from desktop_app.store.migrations.m001_core import RECORD

_HOUSE_COLUMNS = (
    "district TEXT NOT NULL DEFAULT ''",  # 地区, what registrants name in their wishes
    "owner_address TEXT NOT NULL DEFAULT ''",
    "consent_form TEXT NOT NULL DEFAULT ''",  # e.g. 登録申込書兼同意書
    "structure TEXT NOT NULL DEFAULT ''",
    "floors INTEGER",
    "water TEXT NOT NULL DEFAULT ''",
    "sewage TEXT NOT NULL DEFAULT ''",
    "gas TEXT NOT NULL DEFAULT ''",
    "parking INTEGER",
    "condition_notes TEXT NOT NULL DEFAULT ''",
    "pets_allowed INTEGER NOT NULL DEFAULT 0",
    "repairs_needed TEXT NOT NULL DEFAULT ''",
    "available_from TEXT",
    "status_reason TEXT NOT NULL DEFAULT ''",
    "published_on TEXT",
    "contracted_on TEXT",
    "contracted_registrant_id INTEGER REFERENCES registrants (id)",
)

STATEMENTS = [
    *(f"ALTER TABLE houses ADD COLUMN {column}" for column in _HOUSE_COLUMNS),
    "CREATE INDEX houses_contracted ON houses (contracted_on) WHERE contracted_on IS NOT NULL",
    f"""CREATE TABLE house_photos (
        id INTEGER PRIMARY KEY,
        house_id INTEGER NOT NULL REFERENCES houses (id),
        position INTEGER NOT NULL DEFAULT 0,
        caption TEXT NOT NULL DEFAULT '',
        mime TEXT NOT NULL,
        image BLOB NOT NULL,
        thumbnail BLOB NOT NULL,
        {RECORD})""",
    "CREATE INDEX house_photos_house ON house_photos (house_id, position)",
    f"""CREATE TABLE house_owner_contacts (
        id INTEGER PRIMARY KEY,
        house_id INTEGER NOT NULL REFERENCES houses (id),
        contacted_on TEXT NOT NULL,
        channel TEXT NOT NULL CHECK (channel IN ('phone', 'visit', 'letter', 'email', 'other')),
        outcome TEXT NOT NULL DEFAULT '',
        next_step TEXT NOT NULL DEFAULT '',
        next_on TEXT,
        {RECORD})""",
    "CREATE INDEX house_owner_contacts_house ON house_owner_contacts (house_id, contacted_on)",
    f"""CREATE TABLE house_wishes (
        id INTEGER PRIMARY KEY,
        registrant_id INTEGER NOT NULL UNIQUE REFERENCES registrants (id),
        areas TEXT NOT NULL DEFAULT '',
        deal TEXT NOT NULL CHECK (deal IN ('sale', 'rent', 'either')),
        max_price_yen INTEGER,
        max_rent_yen INTEGER,
        min_floor_m2 REAL,
        min_rooms INTEGER,
        needs_pets INTEGER NOT NULL DEFAULT 0,
        move_in_from TEXT,
        move_in_until TEXT,
        note TEXT NOT NULL DEFAULT '',
        active INTEGER NOT NULL DEFAULT 1,
        {RECORD})""",
    f"""CREATE TABLE house_inquiries (
        id INTEGER PRIMARY KEY,
        house_id INTEGER NOT NULL REFERENCES houses (id),
        registrant_id INTEGER NOT NULL REFERENCES registrants (id),
        kind TEXT NOT NULL CHECK (kind IN ('inquiry', 'viewing')),
        occurred_on TEXT NOT NULL,
        outcome TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        {RECORD})""",
    "CREATE INDEX house_inquiries_house ON house_inquiries (house_id, occurred_on)",
    "CREATE INDEX house_inquiries_registrant ON house_inquiries (registrant_id, occurred_on)",
    "ALTER TABLE facilities ADD COLUMN house_rules TEXT NOT NULL DEFAULT ''",
    f"""CREATE TABLE facility_blackouts (
        id INTEGER PRIMARY KEY,
        facility_id INTEGER NOT NULL REFERENCES facilities (id),
        day TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        {RECORD},
        UNIQUE (facility_id, day))""",
    "ALTER TABLE bookings ADD COLUMN status_reason TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE bookings ADD COLUMN note TEXT NOT NULL DEFAULT ''",
    "CREATE INDEX bookings_check_out ON bookings (check_out)",
    "CREATE INDEX bookings_check_in ON bookings (check_in)",
    f"""CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('monitor_tour', 'exchange', 'other')),
        held_on TEXT NOT NULL,
        place TEXT NOT NULL DEFAULT '',
        capacity INTEGER NOT NULL DEFAULT 0 CHECK (capacity >= 0),
        note TEXT NOT NULL DEFAULT '',
        {RECORD})""",
    "CREATE INDEX events_held ON events (held_on)",
    f"""CREATE TABLE event_participants (
        id INTEGER PRIMARY KEY,
        event_id INTEGER NOT NULL REFERENCES events (id),
        registrant_id INTEGER NOT NULL REFERENCES registrants (id),
        attended INTEGER CHECK (attended IN (0, 1) OR attended IS NULL),
        {RECORD},
        UNIQUE (event_id, registrant_id))""",
    f"""CREATE TABLE voucher_batches (
        id INTEGER PRIMARY KEY,
        issued_on TEXT NOT NULL,
        donor TEXT NOT NULL DEFAULT '',
        receipt_no TEXT NOT NULL DEFAULT '',
        donation_yen INTEGER CHECK (donation_yen >= 0 OR donation_yen IS NULL),
        count INTEGER NOT NULL CHECK (count > 0),
        note TEXT NOT NULL DEFAULT '',
        {RECORD})""",
    f"""CREATE TABLE vouchers (
        id INTEGER PRIMARY KEY,
        batch_id INTEGER NOT NULL REFERENCES voucher_batches (id),
        serial TEXT NOT NULL UNIQUE,
        verification_code TEXT NOT NULL,
        unit TEXT NOT NULL CHECK (unit IN ('yen', 'nights')),
        value INTEGER NOT NULL CHECK (value > 0),
        expires_on TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('issued', 'redeemed', 'expired', 'void')),
        booking_id INTEGER REFERENCES bookings (id),
        redeemed_at TEXT,
        status_reason TEXT NOT NULL DEFAULT '',
        {RECORD},
        CHECK ((status = 'redeemed') = (booking_id IS NOT NULL)))""",
    "CREATE INDEX vouchers_batch ON vouchers (batch_id, serial)",
    "CREATE INDEX vouchers_booking ON vouchers (booking_id) WHERE booking_id IS NOT NULL",
    "CREATE INDEX vouchers_status_expiry ON vouchers (status, expires_on)",
]


def upgrade(connection: Connection) -> None:
    for statement in STATEMENTS:
        connection.execute(statement)
