"""Backups and restores: the drill, refusals that leave the current file untouched, encryption."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from desktop_app.domain.application import Application
from desktop_app.domain.errors import NotGenuine, PermissionDenied, RuleRefused
from desktop_app.domain.policy import BACKUP_FOLDER, BACKUP_KEEP, BACKUP_PASSPHRASE
from desktop_app.domain.roles import Role
from desktop_app.services import backup_crypto
from desktop_app.services.audit_trail import record_view
from desktop_app.services.backup import (
    automatic_backups,
    backup_if_due,
    create_backup,
    restore_backup,
)
from desktop_app.services.policy import change_setting
from desktop_app.services.registration import register
from desktop_app.services.session import Session
from desktop_app.store.database import Database
from desktop_app.store.migrations import LATEST_VERSION

PASSPHRASE = "long enough passphrase"


def _person(session, family="𠮷田") -> int:
    return register(session, Application(family_name=family, family_kana="ヨシダ",
                                         given_name="花子", given_kana="ハナコ",
                                         birth_date="1987-11-07", kind="furusato", tier="basic"))


def dump(path) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    connection = sqlite3.connect(path)
    try:
        tables = [r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name")]
        return {t: sorted(connection.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
                for t in tables}
    finally:
        connection.close()


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def filled(admin):
    _person(admin)
    _person(admin, "佐藤")
    return admin


def test_restore_drill_back_up_change_restore_compare_every_table(filled, tmp_path, db_path):
    out = tmp_path / "drill.sqlite"
    create_backup(filled, out)
    at_backup = dump(out)
    assert at_backup["registrants"] and at_backup["audit"]
    # change things after the backup
    _person(filled, "鈴木")
    record_view(filled, 1)
    assert dump(db_path)["registrants"] != at_backup["registrants"]
    info = restore_backup(db_path, out, session=filled)
    restored = dump(db_path)
    assert restored.keys() == at_backup.keys()
    for table in at_backup:
        if table in ("audit", "settings"):
            continue
        assert restored[table] == at_backup[table], table
    # the trail is the backup's, plus one row saying it was restored
    assert restored["audit"][:len(at_backup["audit"])] == at_backup["audit"]
    extra = restored["audit"][len(at_backup["audit"]):]
    assert [row[4] for row in extra] == ["backup.restore"]
    # the file that was replaced is kept aside, with the changes made after the backup
    aside = dump(info["set_aside"])
    assert len(aside["registrants"]) == 3
    reopened = Database(db_path)
    try:
        assert reopened.audit.verify() is None
    finally:
        reopened.close()


def test_restore_refuses_a_corrupt_file_and_leaves_the_current_one_untouched(
        filled, tmp_path, db_path):
    out = tmp_path / "good.sqlite"
    create_backup(filled, out)
    corrupt = tmp_path / "corrupt.sqlite"
    data = bytearray(out.read_bytes())
    for offset in range(4096 + 100, len(data), 4096):  # damage every page after the first
        data[offset:offset + 64] = b"\xff" * 64
    corrupt.write_bytes(bytes(data))
    truncated = tmp_path / "truncated.sqlite"
    truncated.write_bytes(out.read_bytes()[:5000])
    not_sqlite = tmp_path / "notes.sqlite"
    not_sqlite.write_text("これはバックアップではありません")
    filled.db.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = dump(db_path)
    for bad in (corrupt, truncated, not_sqlite):
        with pytest.raises(RuleRefused):
            restore_backup(db_path, bad, session=filled)
        assert dump(db_path) == before
    leftovers = sorted(p.name for p in db_path.parent.iterdir())
    assert not [name for name in leftovers if "restoring" in name or "before-restore" in name]
    assert filled.db.audit.verify() is None  # still open and working


def test_restore_refuses_a_backup_whose_audit_trail_was_edited(filled, tmp_path, db_path):
    out = tmp_path / "edited.sqlite"
    create_backup(filled, out)
    with sqlite3.connect(out) as raw:
        raw.execute("UPDATE audit SET clerk = 'someone' WHERE id = 2")
    before = dump(db_path)
    with pytest.raises(NotGenuine):
        restore_backup(db_path, out, session=filled)
    assert dump(db_path) == before


def test_restore_refuses_a_file_from_a_newer_app(filled, tmp_path, db_path):
    out = tmp_path / "newer.sqlite"
    create_backup(filled, out)
    with sqlite3.connect(out) as raw:
        raw.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    with pytest.raises(RuleRefused) as refused:
        restore_backup(db_path, out, session=filled)
    assert refused.value.params["found"] == LATEST_VERSION + 1


def test_restoring_an_older_schema_migrates_it(tmp_path):
    from desktop_app.store.migrations import MIGRATIONS

    old = tmp_path / "old.sqlite"
    connection = sqlite3.connect(old)
    for number in range(1, 2):
        MIGRATIONS[number](connection)
    connection.execute("PRAGMA user_version = 1")
    connection.execute(
        "INSERT INTO office (id, municipality_code, municipality_name, office_name, terminal_id,"
        " uuid, terminal, created_at, created_by, updated_at, updated_by)"
        " VALUES (1, '042021', '宮城県石巻市', '旧庁舎', 'T-old', 'u', 'T-old', 'x', 'a', 'x',"
        " 'a')")
    connection.commit()
    connection.close()
    target = tmp_path / "new-pc" / "futasato.sqlite"
    info = restore_backup(target, old)  # no current file: nothing to sign in to
    assert (info["schema_from"], info["schema_now"]) == (1, LATEST_VERSION)
    reopened = Database(target)
    try:
        assert reopened.schema_version == LATEST_VERSION
        assert reopened.office.get()["office_name"] == "旧庁舎"
        assert reopened.audit.recent(1)[0]["action"] == "backup.restore"
    finally:
        reopened.close()
    assert not [p for p in target.parent.iterdir() if "restoring" in p.name]


def test_encrypted_backup_round_trip_and_wrong_passphrase_refused(filled, tmp_path, db_path):
    out = tmp_path / "sealed.sqlite.enc"
    create_backup(filled, out, passphrase=PASSPHRASE)
    assert backup_crypto.is_encrypted(out)
    assert "𠮷田".encode() not in out.read_bytes() and b"SQLite format" not in out.read_bytes()
    _person(filled, "鈴木")
    before = dump(db_path)
    with pytest.raises(NotGenuine):
        restore_backup(db_path, out, passphrase="not the passphrase", session=filled)
    with pytest.raises(RuleRefused):
        restore_backup(db_path, out, session=filled)  # no passphrase given
    assert dump(db_path) == before
    restore_backup(db_path, out, passphrase=PASSPHRASE, session=filled)
    assert len(dump(db_path)["registrants"]) == 2


@pytest.mark.parametrize("damage", ["flip", "truncate", "drop_chunk", "append"])
def test_a_changed_encrypted_file_is_not_genuine(tmp_path, damage, monkeypatch):
    monkeypatch.setattr(backup_crypto, "CHUNK", 1024)
    monkeypatch.setattr(backup_crypto, "SCRYPT_LOG2_N", 12)
    plain, sealed, back = tmp_path / "p", tmp_path / "s", tmp_path / "b"
    plain.write_bytes(bytes(range(256)) * 20)  # five chunks
    backup_crypto.encrypt_file(plain, sealed, PASSPHRASE)
    backup_crypto.decrypt_file(sealed, back, PASSPHRASE)
    assert back.read_bytes() == plain.read_bytes()
    data = bytearray(sealed.read_bytes())
    header, step = 38, 1024 + 16
    if damage == "flip":
        data[header + step + 5] ^= 1
    elif damage == "truncate":
        data = data[:header + 2 * step]  # whole chunks only: the last-chunk flag catches it
    elif damage == "drop_chunk":
        data = data[:header + step] + data[header + 2 * step:]
    else:
        data += data[header:header + step]
    sealed.write_bytes(bytes(data))
    with pytest.raises(NotGenuine):
        backup_crypto.decrypt_file(sealed, back, PASSPHRASE)


@pytest.mark.parametrize("role", [Role.CLERK])
def test_a_counter_clerk_may_not_back_up_or_restore(filled, tmp_path, db_path, role):
    session = Session(filled.db, clerk="clerk1", role=role, terminal=filled.terminal)
    with pytest.raises(PermissionDenied):
        create_backup(session, tmp_path / "x.sqlite")
    assert not (tmp_path / "x.sqlite").exists()
    create_backup(filled, tmp_path / "y.sqlite")
    with pytest.raises(PermissionDenied):
        restore_backup(db_path, tmp_path / "y.sqlite", session=session)


def test_a_supervisor_may_back_up_but_not_restore(filled, tmp_path, db_path):
    supervisor = Session(filled.db, clerk="super1", role=Role.SUPERVISOR,
                         terminal=filled.terminal)
    create_backup(supervisor, tmp_path / "s.sqlite")
    with pytest.raises(PermissionDenied):
        restore_backup(db_path, tmp_path / "s.sqlite", session=supervisor)
    with pytest.raises(PermissionDenied):
        restore_backup(db_path, tmp_path / "s.sqlite")  # no session at all


def test_backup_is_audited_with_its_checksum(filled, tmp_path):
    info = create_backup(filled, tmp_path / "sum.sqlite")
    row = filled.db.audit.recent(1)[0]
    assert row["action"] == "backup.create" and info["sha256"] in row["after_json"]
    assert info["sha256"] == _sha(tmp_path / "sum.sqlite")


def test_automatic_backup_at_close_once_a_day_keeping_the_last_n(filled, tmp_path):
    folder = tmp_path / "bk"
    change_setting(filled, BACKUP_FOLDER, str(folder))
    change_setting(filled, BACKUP_KEEP, 3)
    start = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    assert backup_if_due(filled, now=start) is not None  # the first one is due at once
    assert backup_if_due(filled, now=start + timedelta(hours=1)) is None  # nothing changed
    _person(filled, "鈴木")
    assert backup_if_due(filled, now=start + timedelta(hours=2)) is None  # not a day yet
    assert backup_if_due(filled, closing=True, now=start + timedelta(hours=3)) is not None
    for day in range(1, 5):
        _person(filled, "佐藤")
        assert backup_if_due(filled, now=start + timedelta(days=day, hours=4)) is not None
    kept = automatic_backups(folder)
    assert len(kept) == 3
    (folder / "keep-me.txt").write_text("not a backup")
    _person(filled, "高橋")
    backup_if_due(filled, closing=True, now=start + timedelta(days=6))
    assert (folder / "keep-me.txt").exists() and len(automatic_backups(folder)) == 3
    newest = automatic_backups(folder)[-1]
    assert len(dump(newest)["registrants"]) == 8


def test_automatic_backup_is_encrypted_when_the_town_set_a_passphrase(filled, tmp_path,
                                                                     db_path):
    change_setting(filled, BACKUP_FOLDER, str(tmp_path / "bk"))
    change_setting(filled, BACKUP_PASSPHRASE, PASSPHRASE)
    out = backup_if_due(filled, closing=True)
    assert out.name.endswith(".sqlite.enc") and backup_crypto.is_encrypted(out)
    assert PASSPHRASE not in filled.db.audit.recent(3)[-1]["after_json"]
    copy = tmp_path / "elsewhere" / "futasato.sqlite"
    restore_backup(copy, out, passphrase=PASSPHRASE)
    assert len(dump(copy)["registrants"]) == 2


def test_restore_refuses_while_another_connection_has_the_file_open(filled, tmp_path, db_path):
    out = tmp_path / "b.sqlite"
    create_backup(filled, out)
    other = Database(db_path)
    other.execute("SELECT count(*) FROM registrants").fetchone()
    try:
        with pytest.raises(RuleRefused):
            restore_backup(db_path, out, session=filled)
    finally:
        other.close()
    assert len(dump(db_path)["registrants"]) == 2


def test_backup_cannot_overwrite_the_database(filled, db_path):
    with pytest.raises(RuleRefused):
        create_backup(filled, db_path)
    shutil.copy(db_path, db_path.with_suffix(".copy"))
