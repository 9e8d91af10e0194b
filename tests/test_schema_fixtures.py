"""Upgrading real files of every released schema (tests/fixtures, written by each release's own
code): the data stays byte for byte, the audit chain holds, and the indexes match a new file's."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop_app.services.audit_trail import verify_audit
from desktop_app.services.file_check import check_file
from desktop_app.services.registry_search import search
from desktop_app.services.sign_in import sign_in
from desktop_app.store.database import Database, FileTooNew
from desktop_app.store.indexes import INDEXES, create_statement
from desktop_app.store.migrations import LATEST_VERSION, MIGRATIONS

FIXTURES = Path(__file__).parent / "fixtures"
SCHEMAS = range(1, LATEST_VERSION + 1)
# What the fixture writer (packaging/schema_fixture_writer.py) put in every file.
ADMIN_PASSWORD = "counter-pass-1"
YOSHIDA = "𠮷田".encode()


def _copy(schema: int, tmp_path: Path) -> Path:
    path = tmp_path / f"schema-{schema}.sqlite"
    shutil.copyfile(FIXTURES / path.name, path)
    return path


def _contents(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, with each value's storage type (so 1 and '1' differ)."""
    connection = sqlite3.connect(path)
    try:
        names = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        contents = {}
        for table in names:
            columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
            picked = ", ".join(f'"{c}", typeof("{c}")' for c in columns)
            contents[table] = (columns, connection.execute(
                f"SELECT {picked} FROM {table} ORDER BY rowid").fetchall())
        return contents
    finally:
        connection.close()


def _schema(db: Database | sqlite3.Connection) -> set[tuple]:
    return {tuple(row) for row in db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"
                                             " WHERE name NOT LIKE 'sqlite_%'")}


def _file_schema(path: Path) -> set[tuple]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)  # a missing one is not made
    try:
        return _schema(connection)
    finally:
        connection.close()


def _indexes(db: Database) -> dict[str, str]:
    return dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                           " AND sql IS NOT NULL").fetchall())


@pytest.fixture(scope="module")
def new_file(tmp_path_factory) -> set[tuple]:
    db = Database(tmp_path_factory.mktemp("new") / "new.sqlite")
    try:
        return _schema(db)
    finally:
        db.close()


def test_there_is_a_fixture_for_every_schema_this_app_knows():
    files = {path.name for path in FIXTURES.glob("schema-*.sqlite")}
    assert files == {f"schema-{n}.sqlite" for n in SCHEMAS}
    for schema in SCHEMAS:
        with sqlite3.connect(f"file:{FIXTURES / f'schema-{schema}.sqlite'}?mode=ro",
                             uri=True) as connection:
            assert connection.execute("PRAGMA user_version").fetchone()[0] == schema


@pytest.mark.parametrize("schema", SCHEMAS)
def test_a_file_of_each_schema_upgrades_with_every_row_as_it_was(tmp_path, schema, new_file):
    path = _copy(schema, tmp_path)
    before = _contents(path)
    assert len(before["registrants"][1]) == 3 and before["audit"][1]  # the writer's rows

    db = Database(path)
    try:
        assert db.schema_version == LATEST_VERSION
        assert [tuple(r) for r in db.execute("PRAGMA integrity_check")] == [("ok",)]
        assert db.integrity_problems() == []
        after = _contents(path)
        for table, (columns, rows) in before.items():
            picked = ", ".join(f'"{c}", typeof("{c}")' for c in columns)
            kept = db.execute(f"SELECT {picked} FROM {table} ORDER BY rowid").fetchall()
            assert [tuple(row) for row in kept] == rows, table
            assert len(after[table][1]) == len(rows), table
        # Names outside the BMP, as bytes, exactly as the old release stored them.
        stored = [row[0] for row in db.execute(
            "SELECT CAST(family_name || given_name AS BLOB) FROM registrants ORDER BY id")]
        assert stored == ["𠮷田誠".encode(), "髙橋美咲".encode(), "佐藤𠮷子".encode()]
        # Today's code reads the old rows: the administrator signs in with the password set
        # then, the whole audit trail verifies, and the search box finds 𠮷田 (keys from step 5).
        # A file older than schema 9 gets the administrator's account key and the exchange key
        # at that sign-in (services/exchange_keys.py): two rows more.
        admin = sign_in(db, "admin", ADMIN_PASSWORD)
        made_at_sign_in = 2 if schema < 9 else 0
        assert verify_audit(admin) == len(before["audit"][1]) + 1 + made_at_sign_in
        assert [p["family_name"].encode() for p in search(db, "𠮷田")] == [YOSHIDA]
        assert _schema(db) == new_file  # same tables, columns, triggers and indexes as a new file
    finally:
        db.close()

    copies = list(tmp_path.glob(f"schema-{schema}.v{schema}-*.bak.sqlite"))
    if schema == LATEST_VERSION:
        assert copies == []  # nothing to migrate, nothing copied
    else:
        assert len(copies) == 1, "the file is copied aside before it is migrated"
        assert _contents(copies[0]) == before
        with sqlite3.connect(copies[0]) as copy:
            assert copy.execute("PRAGMA user_version").fetchone()[0] == schema


@pytest.mark.parametrize("schema", SCHEMAS)
def test_released_steps_still_make_the_schema_their_release_made(schema):
    """Steps are frozen once released: today's steps 1..N build what release N built."""
    steps = sqlite3.connect(":memory:")
    for number in range(1, schema + 1):
        MIGRATIONS[number](steps)
    made = _schema(steps)
    steps.close()
    # An index listed in store/indexes.py without a step (audit_action_at) is made when the
    # release opened the file, not by its steps.
    released = {entry for entry in _file_schema(FIXTURES / f"schema-{schema}.sqlite")
                if not (entry[0] == "index" and entry[1] in INDEXES and entry not in made)}
    assert made == released


@pytest.mark.parametrize("schema", SCHEMAS)
def test_a_file_of_each_schema_ends_with_the_indexes_a_new_file_has(tmp_path, schema):
    new = Database(tmp_path / "new.sqlite")
    upgraded = Database(_copy(schema, tmp_path))
    try:
        assert _indexes(upgraded) == _indexes(new)
        assert set(_indexes(new)) == set(INDEXES)
    finally:
        new.close()
        upgraded.close()


def test_the_listed_indexes_read_word_for_word_as_the_steps_made_them(empty_db):
    made = _indexes(empty_db)
    for name in INDEXES:
        assert create_statement(name).replace(" IF NOT EXISTS", "") == made[name]


def test_a_dropped_index_is_reported_by_check_and_made_again_on_open(tmp_path):
    path = _copy(LATEST_VERSION, tmp_path)
    Database(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("DROP INDEX registrants_live_until")
        connection.execute("DROP INDEX card_signing_keys_active")
    report = check_file(path)
    assert report["missing_indexes"] == ["registrants_live_until", "card_signing_keys_active"]
    assert not report["sound"]
    assert report["problems"][0] == (
        "索引 registrants_live_until がありません。Futasato でファイルを開くと作り直されます。")
    db = Database(path)
    try:
        assert {"registrants_live_until", "card_signing_keys_active"} <= set(_indexes(db))
        plan = db.execute("EXPLAIN QUERY PLAN SELECT count(*) FROM registrants INDEXED BY"
                          " registrants_live_until WHERE status IN ('registered', 'renewed')"
                          " AND valid_until < '2030-01-01'").fetchall()
        assert any("registrants_live_until" in row[-1] for row in plan)
    finally:
        db.close()
    assert check_file(path)["sound"]


@pytest.mark.parametrize("schema", [1, LATEST_VERSION - 1])
def test_an_upgrade_stopped_right_after_its_last_step_leaves_a_sound_file(tmp_path, schema,
                                                                           monkeypatch):
    """The crash campaign's find: killed between the last step and the open-time index pass,
    the file was at today's schema without its indexes, and `futasato check` failed."""
    import desktop_app.store.database as database

    def killed(_connection):
        raise KeyboardInterrupt  # as if the process stopped here

    monkeypatch.setattr(database, "ensure_indexes", killed)
    path = _copy(schema, tmp_path)
    with pytest.raises(KeyboardInterrupt):
        Database(path)
    monkeypatch.undo()
    report = check_file(path)
    assert report["schema_version"] == LATEST_VERSION
    assert report["missing_indexes"] == []
    assert report["sound"], report["problems"]


def test_a_fixture_from_a_newer_app_is_refused_and_not_touched(tmp_path):
    path = _copy(LATEST_VERSION, tmp_path)
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    connection.close()
    before = path.read_bytes()
    with pytest.raises(FileTooNew) as refused:
        Database(path)
    assert refused.value.params["found"] == LATEST_VERSION + 1
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no copy, no -wal
