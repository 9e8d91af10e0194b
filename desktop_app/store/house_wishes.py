"""What registrants look for in a house: one wish per person, matched against the listings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.store.rows import insert_row, update_row

if TYPE_CHECKING:
    from desktop_app.store.database import Database

MATCH_COLUMNS = ("registrant_id", "areas", "deal", "max_price_yen", "max_rent_yen",
                 "min_floor_m2", "min_rooms", "needs_pets", "move_in_until")


class HouseWishRepository:
    def __init__(self, db: Database):
        self.db = db

    def insert(self, record: dict) -> int:
        return insert_row(self.db, "house_wishes", record)

    def insert_many(self, columns: tuple[str, ...], rows: list[tuple]) -> None:
        self.db.bulk.insert_many("house_wishes", columns, rows)

    def update(self, wish_id: int, changes: dict) -> int:
        return update_row(self.db, "house_wishes", wish_id, changes)

    def of_registrant(self, registrant_id: int) -> dict | None:
        row = self.db.execute("SELECT * FROM house_wishes WHERE registrant_id = ?",
                              (registrant_id,)).fetchone()
        return dict(row) if row else None

    def active(self, registrant_statuses: tuple[str, ...]) -> list[tuple]:
        """Active wishes of people in the given statuses, as tuples in MATCH_COLUMNS order."""
        marks = ", ".join("?" for _ in registrant_statuses)
        columns = ", ".join(f"w.{c}" for c in MATCH_COLUMNS)
        return self.db.execute(
            f"SELECT {columns} FROM house_wishes w JOIN registrants r ON r.id = w.registrant_id"
            f" WHERE w.active = 1 AND r.status IN ({marks})", registrant_statuses).fetchall()

    def candidates(self, registrant_statuses: tuple[str, ...], pets: bool,
                   sale_budget_above: float | None,
                   rent_budget_above: float | None) -> list[tuple]:
        """Active wishes a house could suit at all (see `domain.matching.wish_floor`)."""
        marks = ", ".join("?" for _ in registrant_statuses)
        columns = ", ".join(f"w.{c}" for c in MATCH_COLUMNS)
        return self.db.execute(
            f"SELECT {columns} FROM house_wishes w JOIN registrants r ON r.id = w.registrant_id"
            f" WHERE w.active = 1 AND r.status IN ({marks}) AND (? OR w.needs_pets = 0)"
            " AND ((? IS NOT NULL AND w.deal <> 'rent'"
            "       AND (w.max_price_yen IS NULL OR w.max_price_yen > ?))"
            "   OR (? IS NOT NULL AND w.deal <> 'sale'"
            "       AND (w.max_rent_yen IS NULL OR w.max_rent_yen > ?)))",
            (*registrant_statuses, int(pets), sale_budget_above, sale_budget_above,
             rent_budget_above, rent_budget_above)).fetchall()

    def names(self, registrant_ids: list[int]) -> dict[int, dict]:
        if not registrant_ids:
            return {}
        marks = ", ".join("?" for _ in registrant_ids)
        rows = self.db.execute(
            f"SELECT id, registrant_no, family_name, given_name, phone FROM registrants"
            f" WHERE id IN ({marks})", registrant_ids)
        return {row["id"]: dict(row) for row in rows}
