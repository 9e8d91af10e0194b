"""Portable mode: a `portable` file beside the bundle's executable keeps the data beside it."""

from __future__ import annotations

import sys

import pytest

from desktop_app import paths
from desktop_app.services.backup import backup_folder
from desktop_app.store.database import Database


@pytest.fixture
def bundle_dir(tmp_path, monkeypatch):
    """This process seen as the bundle's executable in `tmp_path/Futasato`."""
    folder = tmp_path / "Futasato"
    folder.mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(folder / "futasato.exe"))
    return folder


def test_marker_keeps_database_backups_and_logs_beside_the_executable(bundle_dir):
    (bundle_dir / "portable").write_text("")
    data = bundle_dir / "data"
    assert paths.default_database() == data / "futasato.sqlite"
    assert paths.log_dir() == data / "logs" and (data / "logs").is_dir()
    db = Database(paths.default_database())
    try:
        assert backup_folder(db) == data / "backups"
        assert db.path.is_file()
    finally:
        db.close()


def test_without_the_marker_the_data_goes_to_the_platform_folder(bundle_dir):
    assert bundle_dir not in paths.default_database().parents
    assert not (bundle_dir / "data").exists()


def test_plain_install_ignores_a_marker_beside_python(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    (tmp_path / "portable").write_text("")
    assert paths.portable_dir() is None


def test_a_bundle_reads_only_its_own_shipped_files(bundle_dir, monkeypatch):
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle_dir / "_internal"), raising=False)
    with pytest.raises(FileNotFoundError, match="_internal"):
        paths.resource("municipalities.csv")
    (bundle_dir / "_internal" / "resources").mkdir(parents=True)
    assert paths.resource("fonts") == bundle_dir / "_internal" / "resources" / "fonts"
