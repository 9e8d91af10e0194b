"""Every audit action the code writes reads as a sentence on screen, never as a raw code."""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime
from pathlib import Path

from desktop_app.domain.audit_actions import SENTENCES, audit_sentence
from desktop_app.domain.dates import format_timestamp
from desktop_app.domain.houses import HouseStatus
from desktop_app.domain.stays import BookingStatus

PACKAGE = Path(__file__).resolve().parents[1] / "desktop_app"
ACTION = re.compile(r"^[a-z_]+\.[a-z_]+$")
# Helpers that write an audit row, and the position of the action among their arguments.
WRITERS = {"write": 0, "record_event": 1, "_audit": 2, "_change": 1, "_record": 1,
           "_store_key": 3}


def _name(call: ast.Call) -> str:
    if isinstance(call.func, ast.Attribute):
        # `write` is the session's; a file's or a zip's write is no audit row
        if call.func.attr == "write" and not ast.unparse(call.func.value).endswith("session"):
            return ""
        return call.func.attr
    return getattr(call.func, "id", "")


def _strings(node: ast.AST | None) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    return []


def _dynamic(node: ast.AST, where: str) -> list[str]:
    """The actions a computed argument stands for; a new kind fails the test so it is added."""
    if isinstance(node, ast.Name) and node.id in {"action", "ANONYMISE_ACTION",
                                                  "OWN_PASSWORD_CHANGE"}:
        return []  # the variable's values are collected where they are assigned
    text = ast.unparse(node)
    if text == "f'booking.{target.value}'":
        return [f"booking.{status.value}" for status in BookingStatus]
    if text == "f'house.{target.value}'":
        return [f"house.{status.value}" for status in HouseStatus]
    if text == "f'house.{kind}'":
        return ["house.inquiry", "house.viewing"]  # add_inquiry refuses any other kind
    if text in {"f'{entity}.list'", "'print.' + document"}:
        return []  # collected from the callers of record_list_view and record_print
    raise AssertionError(f"{where}: an audit action computed as {text}: teach this test it")


def code_actions() -> dict[str, str]:
    """Every action string the package writes, with where it was found."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.relative_to(PACKAGE)}:{getattr(node, 'lineno', 0)}"
            values: list[str] = []
            if isinstance(node, ast.Call):
                name = _name(node)
                if name == "record_list_view" and len(node.args) > 1:
                    values = [f"{v}.list" for v in _strings(node.args[1])]
                elif name == "record_print" and len(node.args) > 1:
                    only_preview = any(k.arg == "preview" and isinstance(k.value, ast.Constant)
                                       and k.value.value is True for k in node.keywords)
                    values = (["print.preview"] if only_preview
                              else [f"print.{v}" for v in _strings(node.args[1])])
                elif name in WRITERS and len(node.args) > WRITERS[name]:
                    arg = node.args[WRITERS[name]]
                    values = _strings(arg) or _dynamic(arg, where)
                for keyword in node.keywords:
                    if keyword.arg == "action":
                        values += _strings(keyword.value)
            elif isinstance(node, ast.Assign):
                targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
                if any(t == "action" or t.endswith(("_ACTION", "_CHANGE")) for t in targets):
                    values = _strings(node.value)
            elif isinstance(node, ast.arguments):
                for arg, default in zip(node.kwonlyargs, node.kw_defaults, strict=True):
                    if arg.arg == "action":
                        values += _strings(default)
            for value in values:
                if ACTION.match(value):
                    found.setdefault(value, where)
    return found


def test_the_walk_finds_the_actions_written_in_many_ways():
    found = code_actions()
    for action in ("registrant.view", "sign_in.ok", "sign_in.refused_locked", "registrant.list",
                   "print.card", "booking.no_show", "clerk.deactivate", "exchange_key.rotate",
                   "backup.automatic", "registrant.anonymise", "clerk.change_password"):
        assert action in found
    assert len(found) > 80


def test_every_action_in_the_code_has_a_sentence():
    missing = {action: where for action, where in code_actions().items()
               if action not in SENTENCES}
    assert not missing, f"actions without a sentence in domain/audit_actions.py: {missing}"


def test_sentences_name_the_clerk_and_read_japanese(gui_catalogs):
    text = audit_sentence("registrant.view", "窓口 花子")
    assert text == "窓口 花子 が登録者のファイルを開きました"
    assert audit_sentence("sign_in.ok", "窓口 花子") == "窓口 花子 がサインインしました"
    for action in SENTENCES:
        sentence = audit_sentence(action, "窓口 花子")
        assert "窓口 花子" in sentence and not re.search(r"[a-z]{3,}", sentence), (action, sentence)


def test_an_unknown_action_still_reads_as_a_sentence(gui_catalogs):
    assert audit_sentence("frobnicate.now", "窓口 花子") == "窓口 花子: frobnicate.now"


def test_timestamps_follow_the_date_style():
    at = datetime(2026, 12, 3, 14, 5, 9).astimezone().astimezone(UTC)  # 14:05 at the office
    assert format_timestamp(at.isoformat(), "wareki") == "令和8年12月3日 14:05"
    assert format_timestamp(at.isoformat(), "seireki") == "2026年12月3日 14:05"
    assert format_timestamp("", "wareki") == ""
