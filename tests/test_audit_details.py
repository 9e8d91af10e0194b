"""An audit row's details read as `label: value` in the clerk's language: no braces, quotes,
stored field names or codes; and every field the code writes into a row has a label or is
deliberately left out."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from desktop_app import i18n
from desktop_app.domain.audit_details import HIDDEN, audit_details, field_name

PACKAGE = Path(__file__).resolve().parents[1] / "desktop_app"
REGISTERED = {"family_name": "佐藤", "given_name": "花子", "family_kana": "サトウ",
              "birth_date": "1985-04-01", "kind": "furusato", "tier": "basic",
              "status": "applied", "consent_newsletter": 0, "uuid": "9fc5330d", "version": 1,
              "name_key": "佐藤花子", "phone": "", "created_at": "2026-12-03T08:00:00+00:00"}


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def test_a_booking_status_change_reads_as_names_in_either_language():
    before, after = _json({"status": "provisional"}), _json({"status": "confirmed",
                                                             "reason": "電話で確認"})
    assert audit_details("booking", before, after, "wareki") == (
        "状態: 仮予約 → 確定 / 理由: 電話で確認")
    i18n.set_language("en")
    assert audit_details("booking", before, after, "wareki") == (
        "Status: Provisional → Confirmed / Reason: 電話で確認")


def test_a_new_record_shows_its_fields_by_label_without_bookkeeping_or_codes():
    shown = audit_details("registrant", None, _json(REGISTERED), "wareki")
    assert shown == ("氏: 佐藤 / 名: 花子 / 氏カナ: サトウ / 生年月日: 昭和60年4月1日 / "
                     "広報誌の送付: いいえ / 区分: ふるさと住民 / 種別: ベーシック / 状態: 申請中")
    for raw in ('{', '"', "furusato", "applied", "uuid", "family_name", "_"):
        assert raw not in shown


def test_lists_nested_records_and_plain_values():
    serials = [f"2026-00000{n}" for n in range(1, 8)]
    assert audit_details("voucher", None, _json({"expired": serials}), "seireki") == (
        "失効: 2026-000001、2026-000002、2026-000003、2026-000004、2026-000005、…（全7件）")
    merged = _json({"changes": {"phone": "090-1111-2222", "city": "渋谷区"}})
    assert audit_details("registrant", None, merged, "seireki") == (
        "変更: （市区町村: 渋谷区、電話番号: 090-1111-2222）")  # in the form's order
    assert audit_details("setting", "12", "24", "seireki") == "12 → 24"
    assert audit_details("clerk", None, None, "seireki") == ""


def _written_keys() -> dict[str, str]:
    """Every key of a dict literal the package writes as an audit row's before or after."""
    found: dict[str, str] = {}

    def collect(node: ast.AST | None, where: str) -> None:
        if isinstance(node, ast.Dict):
            for key in node.keys:
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    found.setdefault(key.value, where)

    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.relative_to(PACKAGE)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    names = target.elts if isinstance(target, ast.Tuple) else [target]
                    values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
                    for name, value in zip(names, values, strict=False):
                        if isinstance(name, ast.Attribute) and name.attr in ("before", "after"):
                            collect(value, where)
            elif isinstance(node, ast.Call):
                for keyword in node.keywords:
                    if keyword.arg in ("before", "after", "detail"):
                        collect(keyword.value, where)
    return found


def test_every_field_written_into_a_row_is_named_or_left_out_on_purpose():
    keys = _written_keys()
    assert len(keys) > 60  # the walk finds the rows (a broken walk would pass with nothing)
    unnamed = {key: where for key, where in keys.items()
               if key not in HIDDEN and field_name("", key) is None}
    assert unnamed == {}


@pytest.mark.parametrize("field", ["status", "kind", "valid_until", "registrant_id"])
def test_field_names_come_from_the_forms_labels(field):
    assert field_name("registrant", field) != field
