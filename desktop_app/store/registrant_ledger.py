"""The register as a whole file sees it: who already matches an import, every row for an export."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.store.database import Database

# SQLite allows 32,766 parameters per statement; stay well below it.
_CHUNK = 900

EXPORT_COLUMNS = (
    "id", "registrant_no", "family_name", "given_name", "family_kana", "given_kana",
    "birth_date", "sex", "postal_code", "prefecture", "city", "address", "phone", "email",
    "kind", "tier", "status", "identity_document", "identity_checked_by", "identity_checked_on",
)


_MATCH_SELECT = ("SELECT id, registrant_no, family_name, given_name, kana_key, name_key,"
                 " birth_date")


def _chunks(values: list, size: int = _CHUNK) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


class RegistrantLedger:
    def __init__(self, db: Database):
        self.db = db
        self._people: int | None = None  # how many are on the register, counted when needed

    def people_by_kana(self, kana_keys: Iterable[str]) -> list[dict]:
        """People whose kana key is one of these (birth dates are compared by the caller)."""
        return self._where_in("kana_key", sorted(set(kana_keys)))

    def people_by_name(self, name_keys: Iterable[str]) -> list[dict]:
        return self._where_in("name_key", sorted(set(name_keys)))

    def people_by_number(self, numbers: Iterable[str]) -> list[dict]:
        return self._where_in("registrant_no", sorted({n for n in numbers if n}))

    def _where_in(self, column: str, values: list[str]) -> list[dict]:
        if len(values) >= self._size():
            # More keys than people on file (a town's first import): one pass over the register
            # beats a hundred look-ups of 900 keys each, most of which find nobody.
            wanted = set(values)
            return [dict(row) for row in self.db.execute(f"{_MATCH_SELECT} FROM registrants")
                    if row[column] in wanted]
        found: list[dict] = []
        for chunk in _chunks(values):
            marks = ", ".join("?" for _ in chunk)
            found += [dict(row) for row in self.db.execute(
                f"{_MATCH_SELECT} FROM registrants WHERE {column} IN ({marks})", chunk)]
        return found

    def _size(self) -> int:
        if self._people is None:
            self._people = self.db.execute("SELECT count(*) FROM registrants").fetchone()[0]
        return self._people

    def raise_numbering(self, floors: dict[str, int]) -> None:
        """Move each numbering series up to at least the given number (never down)."""
        self.db.connection.executemany(
            "INSERT INTO numbering (series, last) VALUES (?, ?)"
            " ON CONFLICT (series) DO UPDATE SET last = max(last, excluded.last)",
            list(floors.items()))

    def count_for_export(self, include_erased: bool = False) -> int:
        where = "" if include_erased else " WHERE status <> 'erased'"
        return self.db.execute(f"SELECT count(*) FROM registrants{where}").fetchone()[0]

    def rows_for_export(self, include_erased: bool = False,
                        batch: int = 5000) -> Iterator[dict]:
        """Every registrant in the order they were entered, fetched in batches."""
        where = "" if include_erased else " WHERE status <> 'erased'"
        cursor = self.db.execute(
            f"SELECT {', '.join(EXPORT_COLUMNS)} FROM registrants{where} ORDER BY id")
        while rows := cursor.fetchmany(batch):
            yield from (dict(row) for row in rows)
