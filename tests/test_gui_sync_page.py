"""The 同期 page on two real counter files: a conflict shown field by field and resolved in the
page, the resolution carried back so both counters end equal; a duplicate person merged from
the page; a flag marked as looked at; a change set exported and imported through the buttons."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from PySide6.QtWidgets import QPushButton

from desktop_app.ui import sync_page
from desktop_app.ui.sync_dialogs import ChangeSetChoice, ChangeSetExportDialog
from desktop_app.ui.sync_page import SyncPage
from tests.conftest import ADMIN_PASSWORD
from tests.gui_fixtures import settle
from tests.stays_helpers import add_person
from tests.sync_helpers import carry, edit_person, paired_counters, synced_rows

TODAY = date(2026, 6, 1)


@pytest.fixture
def two_counters(admin, persons, tmp_path):
    main, branch = paired_counters(admin, ADMIN_PASSWORD, tmp_path)
    yield main, branch
    branch.db.close()


@pytest.fixture
def stick(tmp_path):
    folder = tmp_path / "stick"
    folder.mkdir()
    return folder


def _page(qtbot, session) -> SyncPage:
    page = SyncPage(session)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    settle(qtbot)
    return page


def _texts(table, row: int) -> list[str]:
    return [table.item(row, c).text() for c in range(table.columnCount() - 1)]


def _button(table, row: int, text: str):
    cell = table.cellWidget(row, table.columnCount() - 1)
    return next(b for b in cell.findChildren(QPushButton) if b.text() == text)


def test_a_conflict_is_shown_field_by_field_and_resolved_in_the_page(qtbot, two_counters,
                                                                     persons, stick):
    a, b = two_counters
    edit_person(a, persons[0], TODAY, phone="090-1111-2222", email="a@example.jp")
    edit_person(b, persons[0], TODAY, phone="080-9999-0000", email="b@example.jp")
    carry(b, a, ADMIN_PASSWORD, stick)
    carry(a, b, ADMIN_PASSWORD, stick)
    page = _page(qtbot, a)
    shown = page.conflicts
    rows = {_texts(shown, r)[1]: _texts(shown, r) for r in range(shown.rowCount())}
    assert set(rows) == {"電話番号", "メールアドレス"}
    record, _field, mine, mine_by, theirs, theirs_by = rows["電話番号"]
    assert (record, mine, theirs) == ("登録者 佐藤 花子", "090-1111-2222", "080-9999-0000")
    # Which counter and which clerk (display name), when in the office's 和暦.
    assert mine_by.startswith("窓口0・管理 太郎\n令和") and theirs_by.startswith("窓口1・管理 太郎")
    # Per field: the phone from the other counter, the e-mail as typed here.
    phone_row = next(r for r in range(shown.rowCount()) if _texts(shown, r)[2] == "090-1111-2222")
    _button(shown, phone_row, "相手の値を採用").click()
    settle(qtbot)
    assert "解決" in page.message.text()
    qtbot.waitUntil(lambda: page.conflicts.rowCount() == 1)
    assert _texts(page.conflicts, 0)[2] == "a@example.jp"
    _button(page.conflicts, 0, "自分の値を採用").click()
    settle(qtbot)
    qtbot.waitUntil(lambda: page.conflicts.rowCount() == 0)
    person = a.db.registrants.get(persons[0])
    assert (person["phone"], person["email"]) == ("080-9999-0000", "a@example.jp")
    assert a.db.sync.conflicts() == []
    # The resolutions travel back: both counters end equal, table by table, row by row.
    result = carry(a, b, ADMIN_PASSWORD, stick)
    assert result.applied >= 2 and result.conflicts == 0 and b.db.sync.conflicts() == []
    assert synced_rows(a.db) == synced_rows(b.db)


def test_a_duplicate_person_is_merged_from_the_page(qtbot, two_counters, stick):
    a, b = two_counters
    here = add_person(a, "高橋", "タカハシ", "一郎", "イチロウ", "1990-02-02")
    add_person(b, "髙橋", "タカハシ", "一郎", "イチロウ", "1990-02-02")
    carry(b, a, ADMIN_PASSWORD, stick)
    page = _page(qtbot, a)
    assert page.flags.rowCount() == 1
    kind, record, text, _found = _texts(page.flags, 0)
    assert kind == "同一人物の可能性"
    assert "髙橋" in record and "高橋" in text
    _button(page.flags, 0, "統合…").click()
    dialog = page.merge_dialog
    assert dialog.survivor_id == here
    dialog.do_merge()
    settle(qtbot)
    qtbot.waitUntil(lambda: page.flags.rowCount() == 0)
    newcomer = a.db.execute("SELECT merged_into FROM registrants WHERE family_name = '髙橋'"
                            ).fetchone()[0]
    assert newcomer == here
    flag, = a.db.sync.flags("duplicate_person")
    assert flag["cleared_at"] is not None
    audited = [r["action"] for r in a.db.execute("SELECT action FROM audit ORDER BY id")]
    assert {"registrant.merge", "sync.flag_clear", "registrant.list"} <= set(audited)


def test_change_sets_are_exported_and_imported_from_the_page(qtbot, two_counters, persons,
                                                             stick, monkeypatch):
    a, b = two_counters
    edit_person(a, persons[0], TODAY, phone="090-1111-2222")
    peer = a.db.sync_peers.by_counter(1)["terminal"]
    monkeypatch.setattr(ChangeSetExportDialog, "ask", classmethod(
        lambda cls, parent, peers: ChangeSetChoice(peer, stick, ADMIN_PASSWORD)))
    sender = _page(qtbot, a)
    sender.export_change_set()
    settle(qtbot)
    assert "1 件の変更を書き出しました" in sender.message.text()
    (package,) = stick.glob("changes-*.zip")
    # A changed byte is refused with its reason, and the file is as it was.
    tampered = stick / "tampered" / package.name
    tampered.parent.mkdir()
    data = bytearray(package.read_bytes())
    data[len(data) // 2] ^= 1
    tampered.write_bytes(bytes(data))
    (tampered.parent / f"{package.name}.sig").write_bytes(
        (stick / f"{package.name}.sig").read_bytes())
    receiver = _page(qtbot, b)
    before = hashlib.sha256(b.db.path.read_bytes()).hexdigest()
    monkeypatch.setattr(sync_page, "ask_change_set", lambda parent: tampered)
    receiver.import_change_set()
    settle(qtbot)
    assert "署名" in receiver.message.text()
    assert hashlib.sha256(b.db.path.read_bytes()).hexdigest() == before
    monkeypatch.setattr(sync_page, "ask_change_set", lambda parent: package)
    receiver.import_change_set()
    settle(qtbot)
    assert receiver.message.text() == "窓口 0 から 1 件の変更：反映 1、反映済み 0、保留 0、競合 0。"
    assert b.db.registrants.get(persons[0])["phone"] == "090-1111-2222"
