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

    def people_matching(self, kana_keys: Iterable[str], name_keys: Iterable[str],
                        numbers: Iterable[str]) -> tuple[list[dict], list[dict], list[dict]]:
        """People on file whose kana key, name key or registrant number is one of these
        (birth dates are compared by the caller): three lists, in that order."""
        people = self.db.execute("SELECT count(*) FROM registrants").fetchone()[0]
        return (self._where_in("kana_key", sorted(set(kana_keys)), people),
                self._where_in("name_key", sorted(set(name_keys)), people),
                self._where_in("registrant_no", sorted({n for n in numbers if n}), people))

    def _where_in(self, column: str, values: list[str], people: int) -> list[dict]:
        if len(values) >= people:
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
