"""Stay vouchers (宿泊利用券) and the batches they are issued in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.domain.counters import MAIN_OFFICE
from desktop_app.domain.vouchers import serial_range, serial_sequence
from desktop_app.store.rows import get_row, insert_row, update_row

if TYPE_CHECKING:
    from desktop_app.store.database import Database


class VoucherRepository:
    def __init__(self, db: Database):
        self.db = db

    def insert_batch(self, record: dict) -> int:
        return insert_row(self.db, "voucher_batches", record)

    def insert_many(self, records: list[dict]) -> None:
        columns = tuple(records[0])
        self.db.bulk.insert_many("vouchers", columns,
                                 [tuple(record[c] for c in columns) for record in records])

    def last_sequence(self, year: int, counter: int = MAIN_OFFICE) -> int:
        """The highest running number this counter used for vouchers of `year` (serials sort
        as text; the length tells the main office's from a counter's)."""
        first, beyond, length = serial_range(year, counter)
        row = self.db.execute(
            "SELECT max(serial) FROM vouchers WHERE serial >= ? AND serial < ?"
            " AND length(serial) = ?", (first, beyond, length),
        ).fetchone()
        return serial_sequence(row[0]) if row[0] else 0

    def by_serial(self, serial: str) -> dict | None:
        row = self.db.execute("SELECT * FROM vouchers WHERE serial = ?", (serial,)).fetchone()
        return dict(row) if row else None

    def spent_serials(self) -> list[str]:
        """Serials of vouchers void or already redeemed: no longer good at a shop."""
        rows = self.db.execute("SELECT serial FROM vouchers WHERE status IN ('void', 'redeemed')"
                               " ORDER BY serial")
        return [row[0] for row in rows]

    def batch(self, batch_id: int) -> dict | None:
        return get_row(self.db, "voucher_batches", batch_id)

    def of_batch(self, batch_id: int) -> list[dict]:
        rows = self.db.execute("SELECT * FROM vouchers WHERE batch_id = ? ORDER BY serial",
                               (batch_id,))
        return [dict(row) for row in rows]

    def of_booking(self, booking_id: int) -> list[dict]:
        rows = self.db.execute("SELECT * FROM vouchers WHERE booking_id = ? ORDER BY serial",
                               (booking_id,))
        return [dict(row) for row in rows]

    def recent(self, limit: int = 200) -> list[dict]:
        rows = self.db.execute(
            "SELECT v.*, b.donor, b.receipt_no FROM vouchers v"
            " JOIN voucher_batches b ON b.id = v.batch_id ORDER BY v.id DESC LIMIT ?", (limit,))
        return [dict(row) for row in rows]

    def redeem(self, serial: str, booking_id: int, today: str, changed: dict) -> bool:
        """Mark the voucher used for the booking, only if it is still issued and unexpired.

        The condition sits in the UPDATE itself, so of two counters redeeming the same voucher at
        the same moment exactly one changes the row; the other sees 0 rows changed.
        """
        assignments = ", ".join(f"{column} = ?" for column in changed)
        cursor = self.db.execute(
            f"UPDATE vouchers SET status = 'redeemed', booking_id = ?, redeemed_at = ?,"
            f" {assignments}, version = version + 1"
            " WHERE serial = ? AND status = 'issued' AND expires_on >= ?",
            (booking_id, changed["updated_at"], *changed.values(), serial, today),
        )
        return cursor.rowcount == 1

    def set_status(self, voucher_id: int, status: str, reason: str, changed: dict) -> int:
        return update_row(self.db, "vouchers", voucher_id,
                          {"status": status, "status_reason": reason, **changed})

    def expire_due(self, today: str, changed: dict) -> list[str]:
        """Mark issued vouchers past their expiry as expired; returns their serials."""
        rows = self.db.execute(
            "UPDATE vouchers SET status = 'expired', terminal = ?, updated_at = ?, updated_by = ?,"
            " version = version + 1 WHERE status = 'issued' AND expires_on < ? RETURNING serial",
            (changed["terminal"], changed["updated_at"], changed["updated_by"], today),
        ).fetchall()
        return sorted(row[0] for row in rows)
