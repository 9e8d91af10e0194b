"""`futasato verify-package`: exit 0 genuine, 4 refused with the reason, on any machine (no
database at all)."""

from __future__ import annotations

import json

import pytest

from desktop_app.cli import main
from tests.exchange_helpers import write_small


@pytest.fixture
def package(tmp_path, town_key):
    zip_path = write_small(tmp_path, town_key)
    key_path = tmp_path / "town.pem"
    key_path.write_bytes(town_key.public_pem)
    return zip_path, key_path


def test_a_genuine_package(package, capsys):
    zip_path, key_path = package
    assert main(["--lang", "en", "verify-package", str(zip_path), "--trusted-key",
                 str(key_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Genuine: 042021_2025Q1_v1.zip")
    assert "Quarterly return 2025Q1, version 1" in out and "registrants.csv  53  2" in out
    assert main(["--json", "verify-package", str(zip_path), "--trusted-key",
                 str(key_path)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["genuine"] is True and shown["manifest"]["municipality_code"] == "042021"
    assert [m["name"] for m in shown["manifest"]["members"]] == ["figures.json",
                                                                 "registrants.csv"]


def test_a_changed_byte_exits_4_with_the_reason_in_japanese(package, capsys):
    zip_path, key_path = package
    data = bytearray(zip_path.read_bytes())
    data[100] ^= 0x01
    zip_path.write_bytes(bytes(data))
    assert main(["verify-package", str(zip_path), "--trusted-key", str(key_path)]) == 4
    captured = capsys.readouterr()
    assert captured.out == "" and "署名" in captured.err and "042021_2025Q1_v1.zip" in captured.err


def test_without_a_trusted_key_it_says_one_is_needed(package, capsys):
    zip_path, _ = package
    assert main(["--lang", "en", "verify-package", str(zip_path)]) == 2
    assert "--trusted-key" in capsys.readouterr().err


def test_a_key_file_that_is_not_a_public_key(package, capsys):
    zip_path, _ = package
    assert main(["--lang", "en", "verify-package", str(zip_path), "--trusted-key",
                 str(zip_path)]) == 3
    assert "not an Ed25519 public key" in capsys.readouterr().err
