"""The change log: every write to a record that travels between counters, field by field.

Written by SQLite triggers on each synced table, not by the repositories: a trigger sees every row
written, bulk `executemany`, plain UPDATEs of thousands of rows and sqlite-utils alike, and cannot
be forgotten by the next repository method. A trigger knows the row (its uuid and version) but not
the session, so the terminal is the file's own (`office.terminal_id`: one file, one counter; a
session's terminal is the same one) and each terminal's gap-free sequence is kept in
`change_sequences`, bumped in the same statement as the change row, so a rolled-back write leaves
neither. They are kept lean (no look-up of the office, no text UUID built in SQL), and a bulk load
(store/bulk.py) writes its rows' changes in one statement instead (`logged_rows_statement`):
a trigger on the register costs about as much as the insert itself. `Session.write` then names
its audit row on the changes it made (`change_writes`).

`old_values` and `new_values` hold only the fields that changed (a new record: every field, as
new values; a deleted one: every field, as old values); `base_version` is the version the record
had before (0 for a new one). Bookkeeping columns (id, uuid, version, terminal, created_*,
updated_*) are not fields. BLOB columns are kept as hex. `office` and `clerks` stay local to a
counter (accounts travel with an invitation, not as changes).

A later step that adds a column to a synced table calls `create_triggers(connection, table)` again
(tests/test_change_log.py fails while a column is missing from its table's triggers).
"""

from sqlite3 import Connection

SYNCED_TABLES = (
    "registrants", "involvement", "consultations", "registrant_merges", "certificates",
    "houses", "house_photos", "house_owner_contacts", "house_wishes", "house_inquiries",
    "facilities", "facility_blackouts", "bookings", "events", "event_participants",
    "voucher_batches", "vouchers",
)
BOOKKEEPING = ("id", "uuid", "version", "terminal", "created_at", "created_by", "updated_at",
               "updated_by")

STATEMENTS = [
    """CREATE TABLE changes (
        id INTEGER PRIMARY KEY,
        change_id BLOB NOT NULL UNIQUE CHECK (length(change_id) = 16),
        terminal TEXT NOT NULL,
        sequence INTEGER NOT NULL CHECK (sequence >= 1),
        at TEXT NOT NULL,
        entity TEXT NOT NULL,
        record_uuid TEXT NOT NULL,
        operation TEXT NOT NULL CHECK (operation IN ('insert', 'update', 'delete')),
        base_version INTEGER NOT NULL CHECK (base_version >= 0),
        version INTEGER,
        old_values TEXT,
        new_values TEXT,
        redacted INTEGER NOT NULL DEFAULT 0 CHECK (redacted IN (0, 1)),
        UNIQUE (terminal, sequence))""",
    "CREATE INDEX changes_record ON changes (entity, record_uuid)",
    # Which audit row each write's changes belong to: one row per write, naming the range of
    # change ids it made (one transaction's changes are consecutive), so a write of 10,000
    # records adds one row here instead of rewriting its 10,000 changes.
    """CREATE TABLE change_writes (
        audit_id INTEGER PRIMARY KEY REFERENCES audit (id),
        first_change INTEGER NOT NULL,
        last_change INTEGER NOT NULL UNIQUE,
        CHECK (first_change <= last_change))""",
    # Each terminal's last sequence number; `local` marks this file's own terminal, the one
    # row the triggers bump (made with the office, so no write can go unlogged).
    """CREATE TABLE change_sequences (
        terminal TEXT PRIMARY KEY,
        last INTEGER NOT NULL CHECK (last >= 0),
        local INTEGER NOT NULL DEFAULT 0 CHECK (local IN (0, 1)))""",
    "CREATE UNIQUE INDEX change_sequences_local ON change_sequences (local) WHERE local = 1",
    """CREATE TRIGGER office_change_sequence AFTER INSERT ON office BEGIN
        INSERT INTO change_sequences (terminal, last, local) VALUES (NEW.terminal_id, 0, 1);
        END""",
    "INSERT INTO change_sequences (terminal, last, local) SELECT terminal_id, 0, 1 FROM office",
    # The quarter figures' index, listed in store/indexes.py after step 10 shipped (a file opened
    # since has it already): made here too, so that this release's steps build what it writes.
    "CREATE INDEX IF NOT EXISTS audit_action_at ON audit (action, at)",
    # Records that existed before this step carry no change: they travel with an invitation.
    # Which counter this file is: 0 the main office (numbers in today's form), 1-9 a branch
    # counter, whose registrant numbers and voucher serials carry it (domain/counters.py).
    "ALTER TABLE office ADD COLUMN counter INTEGER NOT NULL DEFAULT 0"
    " CHECK (counter BETWEEN 0 AND 9)",
]

# A change id is 16 random bytes, read as a UUID (store/changes.py): what SQLite makes cheapest.
_BUMP = "UPDATE change_sequences SET last = last + 1 WHERE local = 1;"


def fields(connection: Connection, table: str) -> list[tuple[str, bool]]:
    """The table's fields and whether each is a BLOB, in column order."""
    return [(row[1], row[2].upper() == "BLOB")
            for row in connection.execute(f"PRAGMA table_info({table})")
            if row[1] not in BOOKKEEPING]


def _value(row: str, column: str, blob: bool) -> str:
    return f"hex({row}.{column})" if blob else f"{row}.{column}"


def _all(row: str, columns: list[tuple[str, bool]]) -> str:
    return "json_object(" + ", ".join(f"'{c}', {_value(row, c, b)}" for c, b in columns) + ")"


def _changed(pick: str, columns: list[tuple[str, bool]]) -> str:
    """The changed fields' old (pick "o") or new ("n") values as a JSON object."""
    rows = " UNION ALL ".join(
        f"SELECT '{c}' AS c, {_value('OLD', c, b)} AS o, {_value('NEW', c, b)} AS n"
        if i == 0 else f"SELECT '{c}', {_value('OLD', c, b)}, {_value('NEW', c, b)}"
        for i, (c, b) in enumerate(columns))
    return f"(SELECT json_group_object(c, {pick}) FROM ({rows}) WHERE o IS NOT n)"


def _record(operation: str, row: str, base: str, version: str, old: str, new: str) -> str:
    # When: the record's own stamp (new_record/changed_record); a deletion has none left.
    at = f"{row}.updated_at" if row == "NEW" else "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')"
    return (f"{_BUMP} INSERT INTO changes (change_id, terminal, sequence, at, entity,"
            " record_uuid, operation, base_version, version, old_values, new_values)"
            f" SELECT randomblob(16), terminal, last, {at}, '{{table}}', {row}.uuid,"
            f" '{operation}', {base}, {version}, {old}, {new} FROM change_sequences"
            " WHERE local = 1;")


def trigger_statements(connection: Connection, table: str) -> dict[str, str]:
    """The three triggers that log the table's writes, by name."""
    columns = fields(connection, table)
    differs = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c, _ in columns)
    bodies = {
        "insert": ("AFTER INSERT", "", _record("insert", "NEW", "0", "NEW.version", "NULL",
                                               _all("NEW", columns))),
        "update": ("AFTER UPDATE", f" WHEN {differs}",
                   _record("update", "NEW", "OLD.version", "NEW.version",
                           _changed("o", columns), _changed("n", columns))),
        "delete": ("AFTER DELETE", "", _record("delete", "OLD", "OLD.version", "NULL",
                                               _all("OLD", columns), "NULL")),
    }
    return {f"changes_{table}_{operation}":
            f"CREATE TRIGGER changes_{table}_{operation} {when} ON {table}{condition}"
            f" BEGIN {body.replace('{table}', table)} END"
            for operation, (when, condition, body) in bodies.items()}


def logged_rows_statement(connection: Connection, table: str) -> str:
    """What the insert trigger writes, for every row of the table after a rowid (`?`) at once:
    a bulk load's changes, numbered on from the local sequence in rowid order."""
    return ("INSERT INTO changes (change_id, terminal, sequence, at, entity, record_uuid,"
            " operation, base_version, version, old_values, new_values)"
            " SELECT randomblob(16), s.terminal, s.last + row_number() OVER (ORDER BY NEW.id),"
            f" NEW.updated_at, '{table}', NEW.uuid, 'insert', 0, NEW.version, NULL,"
            f" {_all('NEW', fields(connection, table))}"
            f" FROM {table} AS NEW, change_sequences AS s WHERE s.local = 1 AND NEW.id > ?")


def create_triggers(connection: Connection, table: str) -> None:
    """(Re)make the table's change triggers for the columns it has now."""
    for name, statement in trigger_statements(connection, table).items():
        connection.execute(f"DROP TRIGGER IF EXISTS {name}")
        connection.execute(statement)


def upgrade(connection: Connection) -> None:
    for statement in STATEMENTS:
        connection.execute(statement)
    for table in SYNCED_TABLES:
        create_triggers(connection, table)
