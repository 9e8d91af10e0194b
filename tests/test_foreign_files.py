"""A file some other program made, or a newer app wrote, is refused untouched; an empty one is
set up as a new office; a real Futasato file of an older schema still migrates."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop_app.cli import main
from desktop_app.store.database import Database, FileTooNew, ForeignFile
from desktop_app.store.migrations import LATEST_VERSION

FIXTURES = Path(__file__).parent / "fixtures"
INIT = ("init", "--municipality-code", "042021", "--office", "石巻市役所", "--admin", "admin")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _foreign(tmp_path: Path) -> Path:
    path = tmp_path / "photos.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, file TEXT)")
        connection.execute("INSERT INTO photos (file) VALUES ('IMG_0001.JPG')")
    connection.close()
    return path


def _future(tmp_path: Path) -> Path:
    path = tmp_path / "future.sqlite"
    shutil.copy(FIXTURES / f"schema-{LATEST_VERSION}.sqlite", path)
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version = 999")
    connection.close()
    return path


def _ours_in_name_only(tmp_path: Path) -> Path:
    path = tmp_path / "claims-ours.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (body TEXT)")
        connection.execute("PRAGMA user_version = 3")
    connection.close()
    return path


@pytest.mark.parametrize(("make", "refusal"), [
    (_foreign, ForeignFile), (_future, FileTooNew), (_ours_in_name_only, ForeignFile)])
def test_a_file_that_is_not_ours_is_refused_and_left_as_it_was(tmp_path, make, refusal):
    path = make(tmp_path)
    before = _digest(path)
    with pytest.raises(refusal) as refused:
        Database(path)
    assert str(path) in refused.value.message
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no copy, no -wal


@pytest.mark.parametrize("make", [_foreign, _future])
def test_the_command_line_says_so_in_one_line_with_exit_3(tmp_path, make, capsys, monkeypatch):
    monkeypatch.setenv("FUTASATO_PASSWORD", "admin-pass-1")
    path = make(tmp_path)
    before = _digest(path)
    assert main(["--db", str(path), "--lang", "en", *INIT]) == 3
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and str(path) in err
    assert "Traceback" not in err
    assert _digest(path) == before


def test_a_foreign_file_reads_in_japanese_too(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("FUTASATO_CLERK", "admin")
    monkeypatch.setenv("FUTASATO_PASSWORD", "admin-pass-1")
    path = _foreign(tmp_path)
    assert main(["--db", str(path), "--lang", "ja", "registrants", "find", "サトウ"]) == 3
    err = capsys.readouterr().err
    assert "ふたさとのデータベースではありません" in err


def test_an_empty_file_is_set_up_by_init_as_a_new_office(tmp_path, capsys, monkeypatch):
    """A 0-byte file holds nothing to lose (SQLite reads it as an empty database), so `init`
    sets it up like a new file, e.g. one a file dialog has just made."""
    monkeypatch.setenv("FUTASATO_PASSWORD", "admin-pass-1")
    path = tmp_path / "new.sqlite"
    path.write_bytes(b"")
    assert main(["--db", str(path), "--lang", "en", *INIT]) == 0
    db = Database(path)
    try:
        assert db.schema_version == LATEST_VERSION
        assert db.office.get()["office_name"] == "石巻市役所"
    finally:
        db.close()


def test_a_real_file_of_schema_8_still_migrates(tmp_path):
    path = tmp_path / "schema-8.sqlite"
    shutil.copy(FIXTURES / "schema-8.sqlite", path)
    with sqlite3.connect(path) as connection:
        people = connection.execute("SELECT count(*) FROM registrants").fetchone()[0]
    connection.close()
    assert people > 0 and LATEST_VERSION >= 8
    db = Database(path)
    try:
        assert db.schema_version == LATEST_VERSION
        assert db.registrants.count() == people
    finally:
        db.close()


def test_the_window_shows_the_refusal_instead_of_a_traceback(startups, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical",
                        staticmethod(lambda parent, title, text: shown.append(text)))
    path = _foreign(tmp_path)
    before = _digest(path)
    for demo in (False, True):
        startup = startups(path, demo=demo)
        assert startup.window is None and startup.exit_code == 3
    assert len(shown) == 2 and all(str(path) in text for text in shown)
    assert _digest(path) == before
