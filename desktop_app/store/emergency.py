"""The reads behind the emergency list: who is in town on a day (a trial stay, an event, a base
in town) and who lives in a hit area elsewhere or would help rebuild."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.store.database import Database

_LIVE = "('registered', 'renewed')"
_PERSON = ("r.id AS registrant_id, r.registrant_no, r.family_name, r.given_name, r.family_kana,"
           " r.given_kana, r.phone, r.emergency_name, r.emergency_relation, r.emergency_phone,"
           " r.prefecture, r.city, r.address, r.local_address")
# A stay holds the nights from check-in to the day before check-out (its guests are in town).
_STAYS = "('confirmed', 'staying', 'completed')"


class EmergencyRepository:
    def __init__(self, db: Database):
        self.db = db

    def guests_on(self, day: str) -> list[dict]:
        rows = self.db.execute(
            f"SELECT {_PERSON}, f.name AS place, f.address AS place_address, b.status AS stay"
            " FROM bookings b JOIN registrants r ON r.id = b.registrant_id"
            " JOIN facilities f ON f.id = b.facility_id"
            f" WHERE b.status IN {_STAYS} AND b.check_in <= ? AND ? < b.check_out"
            " ORDER BY r.kana_key, r.id", (day, day))
        return [dict(row) for row in rows]

    def at_events_on(self, day: str) -> list[dict]:
        rows = self.db.execute(
            f"SELECT {_PERSON}, e.name AS place, e.place AS place_address"
            " FROM events e JOIN event_participants p ON p.event_id = e.id"
            " JOIN registrants r ON r.id = p.registrant_id"
            " WHERE e.held_on = ? AND (p.attended IS NULL OR p.attended = 1)"
            " AND r.status <> 'erased' ORDER BY r.kana_key, r.id", (day,))
        return [dict(row) for row in rows]

    def with_base_in_town(self) -> list[dict]:
        rows = self.db.execute(
            f"SELECT {_PERSON}, '' AS place, r.local_address AS place_address"
            f" FROM registrants r WHERE r.local_address <> '' AND r.status IN {_LIVE}"
            " ORDER BY r.kana_key, r.id")
        return [dict(row) for row in rows]

    def living_in(self, prefecture: str, city: str = "") -> list[dict]:
        """Registered people whose 住民票 address is in the prefecture (and city, if given)."""
        rows = self.db.execute(
            f"SELECT {_PERSON}, r.city AS place FROM registrants r"
            f" WHERE r.prefecture = ? AND (? = '' OR r.city = ?) AND r.status IN {_LIVE}"
            " ORDER BY r.city, r.kana_key, r.id", (prefecture, city, city))
        return [dict(row) for row in rows]

    def willing_to_help(self) -> list[dict]:
        rows = self.db.execute(
            f"SELECT {_PERSON}, '' AS place FROM registrants r"
            f" WHERE r.disaster_help = 1 AND r.status IN {_LIVE} ORDER BY r.kana_key, r.id")
        return [dict(row) for row in rows]

    def set_details(self, rows: list[tuple]) -> None:
        """(name, relation, phone, disaster_help, id) for each person: a bulk fill (demo)."""
        self.db.connection.executemany(
            "UPDATE registrants SET emergency_name = ?, emergency_relation = ?,"
            " emergency_phone = ?, disaster_help = ?, version = version + 1 WHERE id = ?", rows)

    def ninaite(self, limit: int) -> list[dict]:
        """Live プレミアム registrants, who take on 担い手 roles (for the demo), by id."""
        rows = self.db.execute(
            f"SELECT r.id AS registrant_id, r.family_name FROM registrants r"
            f" WHERE r.status IN {_LIVE} AND r.tier = 'premium' ORDER BY r.id LIMIT ?",
            (limit,))
        return [dict(row) for row in rows]
