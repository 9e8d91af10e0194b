"""Reads and clears across every table that holds a person's records (開示請求 and 匿名化).

Tables are found from the schema's foreign keys, so records that later issues add (bookings,
vouchers, certificates…) are part of a disclosure without a change here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.store.migrations.m015_emergency_photos import PHOTO_TABLE

if TYPE_CHECKING:
    from desktop_app.store.database import Database

# Free-text columns in a person's records that may hold anything a clerk typed about them.
FREE_TEXT_COLUMNS = ("note", "notes", "remarks")
# Columns whose whole content is the person (a photo of them): blanked in the change log.
LIKENESS_COLUMNS = {"jpeg": None}
ANONYMISED_CARD_PREFIX = "ANON-"


class PersonalDataRepository:
    def __init__(self, db: Database):
        self.db = db

    def rows_about(self, registrant_id: int) -> dict[str, list[dict]]:
        """Every row that refers to the registrant, by table, oldest first."""
        found: dict[str, list[dict]] = {}
        for table, column in self.db.registrants.referencing_tables():
            rows = self.db.execute(f"SELECT * FROM {table} WHERE {column} = ? ORDER BY rowid",
                                   (registrant_id,)).fetchall()
            if rows:
                found.setdefault(table, []).extend(dict(row) for row in rows)
        return found

    def erased_before(self, cutoff: str) -> list[int]:
        """抹消 registrants changed at or before `cutoff` (UTC, to the second), not anonymised."""
        rows = self.db.execute(
            "SELECT id FROM registrants WHERE status = 'erased' AND updated_at <= ?"
            " AND substr(card_code, 1, ?) <> ? ORDER BY id",
            (cutoff, len(ANONYMISED_CARD_PREFIX), ANONYMISED_CARD_PREFIX))
        return [row[0] for row in rows]

    def redact_changes(self, registrant: dict, values: dict) -> int:
        """Put an anonymised person's `values` in the change log in place of what it held of
        theirs, and blank the free text of their records' changes; returns the changes touched."""
        touched = self.db.changes.redact("registrants", registrant["uuid"], values)
        blank = {**dict.fromkeys(FREE_TEXT_COLUMNS, ""), **LIKENESS_COLUMNS}
        for table, rows in self.rows_about(registrant["id"]).items():
            for row in rows:
                if "uuid" in row:
                    touched += self.db.changes.redact(table, row["uuid"], blank)
        return touched

    def remove_photo(self, registrant_id: int) -> int:
        """Delete the person's card photo, leaving no copy in the change log (the deletion's
        change holds the old row); returns 1 if there was one."""
        held = self.db.photos.delete(registrant_id)
        if held is None:
            return 0
        self.db.changes.redact(PHOTO_TABLE, held["uuid"], LIKENESS_COLUMNS)
        return 1

    def clear_free_text(self, registrant_id: int) -> int:
        """Blank the free-text columns of the registrant's records; returns how many rows."""
        cleared = 0
        for table, column in self.db.registrants.referencing_tables():
            columns = [name for name in self.db.tables[table].columns_dict
                       if name in FREE_TEXT_COLUMNS]
            if not columns:
                continue
            assignments = ", ".join(f"{name} = ''" for name in columns)
            cleared += self.db.execute(f"UPDATE {table} SET {assignments}, version = version + 1"
                                       f" WHERE {column} = ?",
                                       (registrant_id,)).rowcount
        return cleared
