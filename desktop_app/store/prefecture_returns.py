"""A prefecture's imported returns: the packages, their figures and their pseudonymous rows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from desktop_app.store.rows import insert_row

if TYPE_CHECKING:
    from desktop_app.store.database import Database

# The newest version of each town's return for a quarter (`?` is the quarter).
_LATEST = ("SELECT p.* FROM prefecture_returns p WHERE p.quarter = ? AND p.version ="
           " (SELECT max(version) FROM prefecture_returns q WHERE q.quarter = p.quarter"
           " AND q.municipality_code = p.municipality_code)")


class PrefectureReturnRepository:
    def __init__(self, db: Database):
        self.db = db

    def by_sha256(self, zip_sha256: str) -> dict | None:
        row = self.db.execute("SELECT * FROM prefecture_returns WHERE zip_sha256 = ?",
                              (zip_sha256,)).fetchone()
        return dict(row) if row else None

    def versions(self, municipality_code: str, quarter: str) -> list[dict]:
        """The town's packages of the quarter, oldest version first."""
        rows = self.db.execute("SELECT * FROM prefecture_returns WHERE quarter = ? AND"
                               " municipality_code = ? ORDER BY version",
                               (quarter, municipality_code))
        return [dict(row) for row in rows]

    def of_quarter(self, quarter: str) -> list[dict]:
        """Every package of the quarter, by town and version."""
        rows = self.db.execute("SELECT * FROM prefecture_returns WHERE quarter = ?"
                               " ORDER BY municipality_code, version", (quarter,))
        return [dict(row) for row in rows]

    def latest_of_quarter(self, quarter: str) -> list[dict]:
        rows = self.db.execute(_LATEST + " ORDER BY p.municipality_code", (quarter,))
        return [dict(row) for row in rows]

    def figures(self, return_id: int) -> dict[str, int]:
        return dict(self.db.execute("SELECT key, value FROM prefecture_return_figures"
                                    " WHERE return_id = ?", (return_id,)).fetchall())

    def add(self, record: dict, figures: dict[str, int],
            rows: Iterable[tuple[str, str]]) -> int:
        """The package, its figures and its (pseudonym, record) rows, in the caller's write."""
        return_id = insert_row(self.db, "prefecture_returns", record)
        self.db.connection.executemany(
            "INSERT INTO prefecture_return_figures (return_id, key, value) VALUES (?, ?, ?)",
            ((return_id, key, value) for key, value in figures.items()))
        self._add_rows(return_id, rows)
        return return_id

    def add_rows(self, return_id: int, header: str, rows: Iterable[tuple[str, str]]) -> bool:
        """The rows of a package imported without them; False when it has them already."""
        cursor = self.db.execute("UPDATE prefecture_returns SET rows_read = 1, rows_header = ?"
                                 " WHERE id = ? AND rows_read = 0", (header, return_id))
        if cursor.rowcount != 1:
            return False
        self._add_rows(return_id, rows)
        return True

    def _add_rows(self, return_id: int, rows: Iterable[tuple[str, str]]) -> None:
        self.db.connection.executemany(
            "INSERT INTO prefecture_return_rows (return_id, pseudonym, record) VALUES (?, ?, ?)",
            ((return_id, pseudonym, text) for pseudonym, text in rows))

    def people_by_towns(self, quarter: str) -> dict[int, int]:
        """How many pseudonymous ids appear in how many towns' latest rows of the quarter:
        {number of towns: people}."""
        rows = self.db.execute(
            f"SELECT towns, count(*) FROM (SELECT r.pseudonym, count(DISTINCT"
            f" l.municipality_code) AS towns FROM ({_LATEST}) l JOIN prefecture_return_rows r"
            f" ON r.return_id = l.id GROUP BY r.pseudonym) GROUP BY towns", (quarter,))
        return dict(rows.fetchall())
