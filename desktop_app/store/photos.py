"""A person's card photo: one row each, apart from the register so no list reads its bytes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.store.migrations.m015_emergency_photos import PHOTO_TABLE
from desktop_app.store.rows import get_row, insert_row, update_row

if TYPE_CHECKING:
    from desktop_app.store.database import Database


class PhotoRepository:
    def __init__(self, db: Database):
        self.db = db

    def of(self, registrant_id: int) -> dict | None:
        return get_row(self.db, PHOTO_TABLE, registrant_id, by="registrant_id")

    def jpeg_of(self, registrant_id: int) -> bytes | None:
        row = self.db.execute(f"SELECT jpeg FROM {PHOTO_TABLE} WHERE registrant_id = ?",
                              (registrant_id,)).fetchone()
        return row[0] if row else None

    def put(self, registrant_id: int, values: dict, new: dict, changed: dict) -> None:
        """Store the photo, in place of the one on file if any (`new`/`changed`: the stamps)."""
        held = self.of(registrant_id)
        if held is None:
            insert_row(self.db, PHOTO_TABLE, {"registrant_id": registrant_id, **values, **new})
        else:
            update_row(self.db, PHOTO_TABLE, held["id"], {**values, **changed})

    def delete(self, registrant_id: int) -> dict | None:
        """Remove the person's photo; returns the row that was removed (None if none was)."""
        held = self.of(registrant_id)
        if held is not None:
            self.db.execute(f"DELETE FROM {PHOTO_TABLE} WHERE id = ?", (held["id"],))
        return held
