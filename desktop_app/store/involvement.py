"""The involvement log (関与): stays, donations, volunteering, side jobs, events, 担い手 roles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.store.rows import get_row, insert_row

if TYPE_CHECKING:
    from desktop_app.store.database import Database


class InvolvementRepository:
    def __init__(self, db: Database):
        self.db = db

    def add(self, record: dict) -> int:
        return insert_row(self.db, "involvement", record)

    def get(self, entry_id: int) -> dict | None:
        return get_row(self.db, "involvement", entry_id)

    def for_registrant(self, registrant_id: int) -> list[dict]:
        rows = self.db.execute(
            "SELECT * FROM involvement WHERE registrant_id = ? ORDER BY occurred_on DESC, id DESC",
            (registrant_id,))
        return [dict(row) for row in rows]

    def totals(self, registrant_id: int, since: str) -> tuple[dict[str, int], int]:
        """Quantity per kind and donated yen since `since` (inclusive)."""
        rows = self.db.execute(
            "SELECT kind, sum(quantity), sum(amount_yen) FROM involvement"
            " WHERE registrant_id = ? AND occurred_on >= ? GROUP BY kind",
            (registrant_id, since))
        quantities, yen = {}, 0
        for kind, quantity, amount in rows:
            quantities[kind] = quantity or 0
            yen += amount or 0
        return quantities, yen

    def totals_by_registrant(self, since: str, kinds: tuple[str, ...] = ("furusato",), *,
                             reaching: tuple[str, int] | None = None,
                             not_tier: str | None = None
                             ) -> dict[int, tuple[dict[str, int], int, dict]]:
        """For every live registrant of the given kinds with involvement since `since`:
        (quantity per kind, donated yen, the registrant's list columns).

        `reaching=(entry kind, n)` keeps only those whose quantity of that kind since `since`
        is at least n: the few who can qualify, found through the index involvement_kind
        (`+r.kind`, `+r.status`: look those up by id, never walk all of a kind or status).
        `not_tier` leaves out registrants of that tier.
        """
        marks = ", ".join("?" for _ in kinds)
        narrow, extra = "", ()
        if reaching is not None:
            narrow = (" AND r.id IN (SELECT registrant_id FROM involvement WHERE kind = ?"
                      " AND occurred_on >= ? GROUP BY registrant_id HAVING sum(quantity) >= ?)")
            extra = (reaching[0], since, reaching[1])
        if not_tier is not None:
            narrow += " AND r.tier IS NOT ?"
            extra = (*extra, not_tier)
        rows = self.db.execute(
            "SELECT r.id, r.registrant_no, r.family_name, r.given_name, r.family_kana,"
            " r.given_kana, r.kind, r.tier, r.status, i.kind AS entry_kind,"
            " sum(i.quantity) AS quantity, sum(i.amount_yen) AS yen"
            " FROM involvement i JOIN registrants r ON r.id = i.registrant_id"
            f" WHERE i.occurred_on >= ? AND +r.kind IN ({marks})"
            f" AND +r.status IN ('registered', 'renewed') AND r.merged_into IS NULL{narrow}"
            " GROUP BY r.id, i.kind", (since, *kinds, *extra))
        result: dict[int, tuple[dict[str, int], int, dict]] = {}
        for row in rows:
            entry = dict(row)
            quantities, yen, person = result.get(entry["id"], ({}, 0, None))
            quantities[entry["entry_kind"]] = entry["quantity"] or 0
            person = person or {k: entry[k] for k in ("id", "registrant_no", "family_name",
                                                       "given_name", "family_kana", "given_kana",
                                                       "kind", "tier", "status")}
            result[entry["id"]] = (quantities, yen + (entry["yen"] or 0), person)
        return result
