"""Small builders shared by the ledger tests."""

from __future__ import annotations

import csv
from pathlib import Path

from desktop_app.domain.ledger_columns import TEMPLATE_HEADERS

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"
SAMPLE_CSV = SAMPLES / "legacy_ledger_cp932.csv"
SAMPLE_XLSX = SAMPLES / "legacy_ledger.xlsx"


def template_row(**values: str) -> list[str]:
    """A template row; unnamed cells are filled with a valid ふるさと住民."""
    base = {"氏": "佐藤", "名": "花子", "氏カナ": "サトウ", "名カナ": "ハナコ",
            "生年月日": "1980-04-01", "性別": "女", "郵便番号": "980-0811",
            "住所": "宮城県仙台市青葉区一番町2-3-4", "電話番号": "090-1234-5678",
            "メールアドレス": "hanako@example.jp", "区分": "ふるさと住民", "種別": "ベーシック",
            "登録番号": "", "状態": ""}
    base.update(values)
    return [base.get(header, "") for header in TEMPLATE_HEADERS]


def write_csv(path: Path, headers, rows, encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def write_template_csv(path: Path, rows, encoding: str = "utf-8-sig") -> Path:
    return write_csv(path, TEMPLATE_HEADERS, rows, encoding)


def registrant_count(db) -> int:
    return db.execute("SELECT count(*) FROM registrants").fetchone()[0]
