"""docs/exchange-format.md's worked example, run as written: every ```sh block runs in a folder
holding a package this test writes, and a ```text block right after it is what it must print
(`…` stands for a value that differs on each run, such as the hash of freshly encrypted rows)."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from desktop_app.exchange.envelope import encrypt_for
from desktop_app.exchange.manifest import KIND_QUARTERLY_RETURN, AuditHead, Manifest
from desktop_app.exchange.package import Member, package_name, read_package, write_package
from tests.exchange_helpers import TownKey, make_prefecture_key

DOC = Path(__file__).resolve().parents[1] / "docs" / "exchange-format.md"
BLOCK = re.compile(r"^```(sh|text)\n(.*?)^```$", re.MULTILINE | re.DOTALL)

FIGURES = {"registrants_total": 3, "registrants_furusato": 2, "registrants_dual": 1,
           "certificates_issued": 2}
TABLE = "kind,status,count\r\nふるさと住民,登録,2\r\n二地域居住者,登録,1\r\n"
ROWS = ("pseudonym,kind,home_prefecture\r\n"
        "5b0f6f7ad1c84d6e,ふるさと住民,13\r\n"
        "9c1e2a4b7d3f8e60,ふるさと住民,27\r\n"
        "e4d2c19a0b7f3356,二地域居住者,04\r\n")


def example_package(folder: Path) -> Path:
    """The doc's example: 石巻市's first return for 2025年度 Q1, with encrypted rows."""
    town = TownKey.from_seed(bytes(range(32)))
    prefecture = make_prefecture_key(serial_number=0x0400020001)
    (folder / "town.pem").write_bytes(town.public_pem)
    (folder / "pref.crt").write_bytes(prefecture.certificate_pem)
    (folder / "pref.key").write_bytes(prefecture.private_key_pem)
    manifest = Manifest(kind=KIND_QUARTERLY_RETURN, municipality_code="042021",
                        office="石巻市役所 本庁", terminal="T1", period="2025Q1", version=1,
                        created="2025-07-03T10:15:00+09:00", signed_off_by="supervisor1",
                        audit_head=AuditHead(row=1834,
                                             hash=hashlib.sha256(b"row 1834").hexdigest()))
    members = [
        Member("figures.json", (json.dumps(FIGURES, indent=2) + "\n").encode(), len(FIGURES)),
        Member("registrants_by_kind.csv", TABLE.encode(), 2),
        Member("rows.p7m", encrypt_for(prefecture.certificate_pem, ROWS.encode()), 3),
    ]
    return write_package(folder, package_name("042021", "2025Q1", 1), manifest, members,
                         town.sign)


def _expected_matches(expected: str, actual: str) -> bool:
    pattern = "".join("[^\\s\"]+" if part == "…" else re.escape(part)
                      for part in re.split("(…)", expected.strip()))
    return re.fullmatch(pattern, actual.strip()) is not None


@pytest.mark.skipif(not all(shutil.which(t) for t in ("openssl", "unzip", "sha256sum", "bash")),
                    reason="needs openssl, unzip and sha256sum")
def test_the_worked_example_runs_as_written(tmp_path):
    zip_path = example_package(tmp_path)
    blocks = BLOCK.findall(DOC.read_text(encoding="utf-8"))
    commands = [(i, body) for i, (kind, body) in enumerate(blocks) if kind == "sh"]
    assert len(commands) >= 5
    outputs = {}
    for index, body in commands:
        run = subprocess.run(["bash", "-e", "-c", body], cwd=tmp_path, capture_output=True)
        assert run.returncode == 0, (body, run.stderr.decode())
        actual = run.stdout.decode("utf-8").replace("\r\n", "\n")
        outputs[body] = actual
        if index + 1 < len(blocks) and blocks[index + 1][0] == "text":
            assert _expected_matches(blocks[index + 1][1], actual), (body, actual)
    tools = {line.split()[0] for _, body in commands for line in body.splitlines() if line}
    assert tools <= {"openssl", "unzip", "sha256sum"}, tools
    # The hashes sha256sum printed are the ones the signed manifest lists.
    manifest = read_package(zip_path, (tmp_path / "town.pem").read_bytes()).manifest
    printed = "".join(outputs.values())
    for member in manifest.members:
        assert member.sha256 in printed, member.name
    assert ROWS.replace("\r\n", "\n") in printed
