"""The indexes today's repositories rely on, defined in one place outside the schema steps.

A released step stays as it shipped, indexes included; what the queries of this version need is
listed here and made when missing each time a file is opened (`ensure_indexes`, idempotent), and
`futasato check` names any that is missing. A new index is added here, not in a step: no step
bump, and a file of any schema ends up with the same set. Every entry matches, word for word,
the step that first made it (a test compares them), so nothing is rebuilt on a file that has it.
An index is looked up by name only: a changed definition takes a new name.
"""

from __future__ import annotations

from sqlite3 import Connection

INDEXES: dict[str, str] = {
    # The audit view: a person's or a clerk's history.
    "audit_entity": "audit (entity, entity_id)",
    "audit_clerk_at": "audit (clerk, at)",
    # A quarter's figures: status changes, renewals and revocations within or after a period.
    "audit_action_at": "audit (action, at)",
    # The registry list's sorts and the search box (registrants.py: SORTS, search_alternatives).
    "registrants_kana": "registrants (kana_key, id)",
    "registrants_name": "registrants (name_key, id)",
    "registrants_birth": "registrants (birth_date)",
    "registrants_phone": "registrants (phone_digits) WHERE phone_digits <> ''",
    "registrants_email": "registrants (email COLLATE NOCASE) WHERE email <> ''",
    "registrants_status": "registrants (status, kana_key, id)",
    "registrants_merged": "registrants (merged_into) WHERE merged_into IS NOT NULL",
    "registrants_valid_until": "registrants (valid_until) WHERE valid_until IS NOT NULL",
    "registrants_given": "registrants (given_key)",
    "registrants_given_kana": "registrants (given_kana_key)",
    "registrants_phone_reversed": "registrants (phone_reversed) WHERE phone_reversed <> ''",
    "registrants_address": "registrants (address_key) WHERE address_key <> ''",
    # The list's filters, named in its INDEXED BY hints (registrants.py: _where, BY_STATUS).
    "registrants_status_number": "registrants (status, registrant_no)",
    "registrants_kind": "registrants (kind, tier, status)",
    "registrants_live_until": "registrants (valid_until, kind, tier, status)"
                              " WHERE status IN ('registered', 'renewed')",
    # The emergency list (store/emergency.py): people with a base in town, those who would help
    # in a disaster, and those whose home is in a hit prefecture and city.
    "registrants_base_in_town": "registrants (id) WHERE local_address <> ''",
    "registrants_disaster_help": "registrants (id) WHERE disaster_help = 1",
    "registrants_home_city": "registrants (prefecture, city)",
    # ホーム: registrations per month by kind and tier, read from the index alone.
    "registrants_registered": "registrants (registered_on, kind, tier)"
                              " WHERE registered_on IS NOT NULL",
    # A person's involvement log, and candidates by nights or 担い手 roles in a window.
    "involvement_registrant": "involvement (registrant_id, occurred_on)",
    "involvement_kind": "involvement (kind, occurred_on, registrant_id, quantity)",
    # Vacant houses.
    "houses_status": "houses (status)",
    "houses_contracted": "houses (contracted_on) WHERE contracted_on IS NOT NULL",
    "house_photos_house": "house_photos (house_id, position)",
    "house_owner_contacts_house": "house_owner_contacts (house_id, contacted_on)",
    "house_inquiries_house": "house_inquiries (house_id, occurred_on)",
    "house_inquiries_registrant": "house_inquiries (registrant_id, occurred_on)",
    # Trial stays: the calendar, a person's stays, today's arrivals and departures, events.
    "bookings_facility": "bookings (facility_id, check_in)",
    "bookings_registrant": "bookings (registrant_id, check_in)",
    "bookings_check_out": "bookings (check_out)",
    "bookings_check_in": "bookings (check_in)",
    "events_held": "events (held_on)",
    # Vouchers by batch, by the booking they paid for, and those due to expire.
    "vouchers_batch": "vouchers (batch_id, serial)",
    "vouchers_booking": "vouchers (booking_id) WHERE booking_id IS NOT NULL",
    "vouchers_status_expiry": "vouchers (status, expires_on)",
    # Printing: at most one active signing key (a rule, hence UNIQUE), a person's certificates.
    "card_signing_keys_active": "card_signing_keys (active) WHERE active = 1",
    "certificates_registrant": "certificates (registrant_id, kind, status)",
    # Consultations and undoable merges.
    "consultations_registrant": "consultations (registrant_id, consulted_on)",
    "consultations_follow_up": "consultations (follow_up_on)"
                               " WHERE follow_up_on IS NOT NULL AND follow_up_done_on IS NULL",
    "registrant_merges_survivor": "registrant_merges (survivor_id)",
    "registrant_merges_merged": "registrant_merges (merged_id)",
    # Signing off locks a quarter: at most one signed-off version of it (a rule, hence UNIQUE).
    "quarter_returns_signed_off": "quarter_returns (quarter) WHERE state = 'signed_off'",
    # The change log: a record's changes (conflicts, redaction), and the one local sequence
    # (a rule, hence UNIQUE).
    "changes_record": "changes (entity, record_uuid)",
    "change_sequences_local": "change_sequences (local) WHERE local = 1",
    # A prefecture's imported returns: a quarter's packages, and its people across towns.
    "prefecture_returns_quarter": "prefecture_returns (quarter, municipality_code, version)",
    "prefecture_return_rows_return": "prefecture_return_rows (return_id, pseudonym)",
    # Changes from other counters: a field's open conflicts, a record's flags.
    "sync_conflicts_open": "sync_conflicts (entity, record_uuid, field)"
                           " WHERE resolved_at IS NULL",
    "sync_flags_record": "sync_flags (entity, record_uuid)",
}
UNIQUE = frozenset({"card_signing_keys_active", "quarter_returns_signed_off",
                    "change_sequences_local"})


def create_statement(name: str) -> str:
    unique = " UNIQUE" if name in UNIQUE else ""
    return f"CREATE{unique} INDEX IF NOT EXISTS {name} ON {INDEXES[name]}"


def missing_indexes(connection: Connection) -> list[str]:
    """The listed indexes the file lacks, in the order above."""
    present = {row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index'")}
    return [name for name in INDEXES if name not in present]


def create_missing(connection: Connection) -> list[str]:
    """Make every missing index inside the caller's transaction; returns their names."""
    missing = missing_indexes(connection)
    for name in missing:
        connection.execute(create_statement(name))
    return missing


def ensure_indexes(connection: Connection) -> list[str]:
    """Make every missing index, in one transaction; returns their names (usually none)."""
    if not missing_indexes(connection):
        return []
    connection.execute("BEGIN IMMEDIATE")
    try:
        made = create_missing(connection)
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
    return made
