"""Signed packages: the round trip, and every way a package on a stick can be wrong, refused
with its reason before anything of it is trusted."""

from __future__ import annotations

import hashlib
import io
import shutil
import stat
import struct
import subprocess
import sys
import warnings
import zipfile
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.domain.errors import NotGenuine, RuleRefused
from desktop_app.exchange.envelope import encrypt_for
from desktop_app.exchange.errors import PackageRefused
from desktop_app.exchange.manifest import ManifestMember
from desktop_app.exchange.package import (
    Member,
    OpenedPackage,
    package_name,
    read_package,
    signature_path,
    verify_signature,
    write_package,
)
from tests.exchange_helpers import SMALL_MEMBERS, TownKey, return_manifest, write_small

pytestmark = pytest.mark.usefixtures("english_messages")

NAME = "042021_2025Q1_v1"


def refused(zip_path: Path, key: TownKey, match: str | None = None) -> PackageRefused:
    with pytest.raises(PackageRefused, match=match) as caught:
        read_package(zip_path, key.public_pem)
    assert caught.value.exit_code == 4 and isinstance(caught.value, NotGenuine)
    return caught.value


def forge(out_dir: Path, key: TownKey, entries: list[tuple[str | zipfile.ZipInfo, bytes]], *,
          listed: list[Member] | None = None, patch=None, name: str = NAME) -> Path:
    """A zip signed by the town's own key but built by hand: manifest.json first, listing
    `listed` (default: the entries themselves), then the entries."""
    listed = listed if listed is not None else [
        Member(e.filename if isinstance(e, zipfile.ZipInfo) else e, data, 1)
        for e, data in entries]
    manifest = replace(return_manifest(), members=tuple(
        ManifestMember(name=m.name, size=len(m.data), rows=m.rows,
                       sha256=hashlib.sha256(m.data).hexdigest()) for m in listed))
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of duplicate names, which one test wants
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json", manifest.to_bytes())
            for entry, data in entries:
                archive.writestr(entry, data)
    data = buffer.getvalue()
    data = patch(data) if patch else data
    zip_path = out_dir / f"{name}.zip"
    zip_path.write_bytes(data)
    signature_path(zip_path).write_bytes(key.sign(data))
    return zip_path


def test_round_trip(tmp_path, town_key):
    zip_path = write_small(tmp_path, town_key)
    assert zip_path.name == "042021_2025Q1_v1.zip"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "042021_2025Q1_v1.zip", "042021_2025Q1_v1.zip.sig"]
    opened = read_package(zip_path, town_key.public_pem)
    assert isinstance(opened, OpenedPackage)
    assert opened.names == ("figures.json", "registrants.csv")
    for member in SMALL_MEMBERS:
        assert opened.member(member.name) == member.data
    listed = {m.name: m for m in opened.manifest.members}
    assert listed["registrants.csv"].rows == 2 and listed["registrants.csv"].size == len(
        SMALL_MEMBERS[1].data)
    assert opened.zip_sha256 == hashlib.sha256(zip_path.read_bytes()).hexdigest()
    assert opened.manifest == replace(return_manifest(), members=opened.manifest.members)
    with zipfile.ZipFile(zip_path) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "manifest.json"
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}


def test_ciphertext_is_stored_not_deflated(tmp_path, town_key, prefecture_key):
    rows = encrypt_for(prefecture_key.certificate_pem, b"pseudonym\r\nab12\r\n")
    zip_path = write_small(tmp_path, town_key, members=[*SMALL_MEMBERS,
                                                        Member("rows.p7m", rows, 1)])
    with zipfile.ZipFile(zip_path) as archive:
        methods = {i.filename: i.compress_type for i in archive.infolist()}
    assert methods == {"manifest.json": zipfile.ZIP_DEFLATED,
                       "figures.json": zipfile.ZIP_DEFLATED,
                       "registrants.csv": zipfile.ZIP_DEFLATED, "rows.p7m": zipfile.ZIP_STORED}
    assert read_package(zip_path, town_key.public_pem).member("rows.p7m") == rows


def test_package_name(tmp_path, town_key):
    assert package_name("042021", "2025Q1", 1) == "042021_2025Q1_v1"
    assert package_name("042056", "2026Q4", 12) == "042056_2026Q4_v12"
    with pytest.raises(ValueError, match="named 042021_2025Q1_v1"):
        write_package(tmp_path, "042021_2025Q1_v2", return_manifest(), SMALL_MEMBERS,
                      town_key.sign)
    assert list(tmp_path.iterdir()) == []


def test_an_existing_package_is_never_overwritten(tmp_path, town_key):
    write_small(tmp_path, town_key)
    before = (tmp_path / f"{NAME}.zip").read_bytes()
    with pytest.raises(RuleRefused, match="already exists"):
        write_small(tmp_path, town_key, members=[Member("figures.json", b"{}", 0)])
    assert (tmp_path / f"{NAME}.zip").read_bytes() == before


def test_every_flipped_byte_of_zip_or_signature_is_refused(tmp_path, town_key):
    zip_path = write_small(tmp_path, town_key)
    sig_path = signature_path(zip_path)
    for path in (zip_path, sig_path):
        original = path.read_bytes()
        for index in range(len(original)):
            flipped = bytearray(original)
            flipped[index] ^= 0xFF
            path.write_bytes(bytes(flipped))
            with pytest.raises(PackageRefused, match="signature"):
                read_package(zip_path, town_key.public_pem)
        path.write_bytes(original)
    assert read_package(zip_path, town_key.public_pem).names


def test_truncated_zip_or_signature_is_refused(tmp_path, town_key):
    zip_path = write_small(tmp_path, town_key)
    sig_path = signature_path(zip_path)
    data, signature = zip_path.read_bytes(), sig_path.read_bytes()
    for length in (0, 1, 22, len(data) // 2, len(data) - 22, len(data) - 1):
        zip_path.write_bytes(data[:length])
        refused(zip_path, town_key, "signature")
    zip_path.write_bytes(data)
    for length in (0, 32, 63):
        sig_path.write_bytes(signature[:length])
        refused(zip_path, town_key, f"{length} bytes")
    sig_path.write_bytes(signature + b"\n")
    refused(zip_path, town_key, "larger than 64")


def test_missing_signature_and_missing_zip(tmp_path, town_key):
    zip_path = write_small(tmp_path, town_key)
    signature_path(zip_path).unlink()
    error = refused(zip_path, town_key, "no signature file")
    assert "042021_2025Q1_v1.zip.sig" in error.message
    refused(tmp_path / "042021_2025Q1_v9.zip", town_key, "no file")


def test_the_signature_of_another_package_or_another_key(tmp_path, town_key):
    first = write_small(tmp_path, town_key)
    second = write_small(tmp_path, town_key, version=2)
    shutil.copy(signature_path(second), signature_path(first))
    refused(first, town_key, "does not match")
    other_town = TownKey.from_seed(bytes(range(1, 33)))
    with pytest.raises(PackageRefused, match="does not match"):
        read_package(second, other_town.public_pem)


def test_a_package_renamed_to_another_towns_name(tmp_path, town_key):
    zip_path = write_small(tmp_path, town_key)
    renamed = tmp_path / "042056_2025Q1_v1.zip"
    zip_path.rename(renamed)
    signature_path(zip_path).rename(signature_path(renamed))
    refused(renamed, town_key, "042021_2025Q1_v1.zip")


def test_a_key_that_is_not_ed25519_is_the_callers_mistake(tmp_path, town_key, prefecture_key):
    zip_path = write_small(tmp_path, town_key)
    with pytest.raises(RuleRefused, match="Ed25519") as caught:
        read_package(zip_path, prefecture_key.certificate_pem)
    assert not isinstance(caught.value, NotGenuine)


def test_a_zip_member_the_manifest_does_not_name(tmp_path, town_key):
    zip_path = forge(tmp_path, town_key, [("figures.json", b"{}"), ("extra.csv", b"a\n")],
                     listed=[Member("figures.json", b"{}", 1)])
    refused(zip_path, town_key, "does not name: extra.csv")


def test_a_manifest_member_the_zip_lacks(tmp_path, town_key):
    zip_path = forge(tmp_path, town_key, [("figures.json", b"{}")],
                     listed=[Member("figures.json", b"{}", 1), Member("rows.p7m", b"x", 1)])
    refused(zip_path, town_key, "lacks: rows.p7m")


def test_manifest_must_come_first_and_names_once(tmp_path, town_key):
    zip_path = forge(tmp_path, town_key, [("figures.json", b"{}"), ("figures.json", b"{}")],
                     listed=[Member("figures.json", b"{}", 1)])
    refused(zip_path, town_key, "twice")

    def manifest_second(data: bytes) -> bytes:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            entries = [(i.filename, source.read(i)) for i in source.infolist()]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for entry, content in reversed(entries):
                archive.writestr(entry, content)
        return buffer.getvalue()

    zip_path = forge(tmp_path, town_key, [("figures.json", b"{}")], patch=manifest_second)
    refused(zip_path, town_key, "first")


def test_a_size_in_the_manifest_that_lies(tmp_path, town_key):
    content = b"kind,count\n" + b"x,1\n" * 50
    zip_path = forge(tmp_path, town_key, [("registrants.csv", content)],
                     listed=[Member("registrants.csv", content[:20], 1)])
    refused(zip_path, town_key, f"{len(content):,} bytes in the zip but 20")


def _patch_uncompressed_size(data: bytes, name: str, size: int) -> bytes:
    """Rewrite a member's uncompressed size in its local header and its directory entry."""
    patched = bytearray(data)
    encoded = name.encode()
    for signature, size_at, name_length_at, name_at in ((b"PK\x03\x04", 22, 26, 30),
                                                        (b"PK\x01\x02", 24, 28, 46)):
        start = 0
        while (start := patched.find(signature, start)) >= 0:
            (length,) = struct.unpack_from("<H", patched, start + name_length_at)
            if bytes(patched[start + name_at:start + name_at + length]) == encoded:
                struct.pack_into("<I", patched, start + size_at, size)
            start += 4
    return bytes(patched)


@pytest.mark.parametrize(("declared", "reason"), [
    (20, "registrants.csv in the zip is damaged"),  # zipfile stops at 20 bytes: CRC differs
    (400, "registrants.csv holds 211 bytes, not the 400"),
])
def test_a_size_in_the_zip_that_lies_with_the_manifest(tmp_path, town_key, declared, reason):
    content = b"kind,count\n" + b"x,1\n" * 50  # 211 bytes
    zip_path = forge(tmp_path, town_key, [("registrants.csv", content)],
                     listed=[Member("registrants.csv", content[:declared].ljust(declared), 1)],
                     patch=lambda d: _patch_uncompressed_size(d, "registrants.csv", declared))
    refused(zip_path, town_key, reason)


@pytest.mark.parametrize("evil", ["../evil.csv", "..\\evil.csv", "/etc/evil.csv",
                                  "sub/evil.csv", "C:evil.csv", ".hidden"])
def test_a_path_traversal_or_folder_name(tmp_path, town_key, evil):
    zip_path = forge(tmp_path, town_key, [("figures.json", b"{}"), (evil, b"a\n")],
                     listed=[Member("figures.json", b"{}", 1)])
    error = refused(zip_path, town_key, "plain file names only")
    assert repr(evil) in error.message


def test_a_symlink_member(tmp_path, town_key):
    link = zipfile.ZipInfo("figures.json")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    zip_path = forge(tmp_path, town_key, [(link, b"/etc/passwd")])
    refused(zip_path, town_key, "not a plain file")


def test_too_many_members(tmp_path, town_key):
    entries = [(f"t{i}.csv", b"a\n") for i in range(70)]
    refused(forge(tmp_path, town_key, entries), town_key, "at most 65")


def test_a_zip_bomb_is_refused_before_it_is_decompressed(tmp_path, town_key):
    bomb = bytes(20 << 20)
    zip_path = forge(tmp_path, town_key, [("figures.json", bomb)])
    refused(zip_path, town_key, "expand")

    def ruin_the_stream(data: bytes) -> bytes:
        # The deflate stream becomes junk: only a reader that decompressed would notice.
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("figures.json")
        start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
        return data[:start] + b"\xff" * 1000 + data[start + 1000:]

    zip_path = forge(tmp_path, town_key, [("figures.json", bomb)], patch=ruin_the_stream)
    with pytest.raises((zipfile.BadZipFile, zlib.error)):  # reading the junk would fail
        zipfile.ZipFile(zip_path).read("figures.json")
    refused(zip_path, town_key, "expand 1,0")


def test_a_member_whose_bytes_differ_from_the_manifest_hash(tmp_path, town_key):
    zip_path = forge(tmp_path, town_key, [("figures.json", b'{"a": 2}')],
                     listed=[Member("figures.json", b'{"a": 1}', 1)])
    refused(zip_path, town_key, "SHA-256")


def test_openssl_checks_the_signature(tmp_path, town_key):
    zip_path = write_small(tmp_path, town_key)
    (tmp_path / "town.pem").write_bytes(town_key.public_pem)
    command = ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "town.pem", "-rawin",
               "-in", zip_path.name, "-sigfile", signature_path(zip_path).name]
    good = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert good.returncode == 0 and "Signature Verified Successfully" in good.stdout
    data = bytearray(zip_path.read_bytes())
    data[len(data) // 2] ^= 0x01
    zip_path.write_bytes(bytes(data))
    bad = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert bad.returncode != 0 and "Signature Verification Failure" in bad.stdout


def test_verify_signature_returns_the_bytes_it_checked(tmp_path, town_key):
    zip_path = write_small(tmp_path, town_key)
    assert verify_signature(zip_path, signature_path(zip_path),
                            town_key.public_pem) == zip_path.read_bytes()


# A crash while writing: the process dies just before the zip's rename, the commit point.
_CRASH = """
import os, signal, sys
from pathlib import Path
from tests.exchange_helpers import TownKey, write_small

real_replace = os.replace
def replace_then_die(source, target):
    if str(source).endswith(".zip.part"):
        os.kill(os.getpid(), signal.SIGKILL)
    real_replace(source, target)
os.replace = replace_then_die
write_small(Path(sys.argv[1]), TownKey.from_seed(bytes(range(32))))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_crash_while_writing_leaves_nothing_that_reads_as_a_package(tmp_path, town_key):
    root = Path(__file__).resolve().parents[1]
    died = subprocess.run([sys.executable, "-c", _CRASH, str(tmp_path)], cwd=root)
    assert died.returncode == -9
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == [f"{NAME}.zip.part", f"{NAME}.zip.sig"]
    refused(tmp_path / f"{NAME}.zip.part", town_key, ".part")
    refused(tmp_path / f"{NAME}.zip", town_key, "no file")
    # The next export of that version replaces the leftovers.
    zip_path = write_small(tmp_path, town_key)
    assert read_package(zip_path, town_key.public_pem).names
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{NAME}.zip", f"{NAME}.zip.sig"]


def test_a_failed_write_removes_what_it_wrote(tmp_path, town_key, monkeypatch):
    import desktop_app.exchange.package as package

    real_replace = package.os.replace

    def full_stick(source, target):
        if str(source).endswith(".zip.part"):
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(package.os, "replace", full_stick)
    with pytest.raises(OSError):
        write_small(tmp_path, town_key)
    assert list(tmp_path.iterdir()) == []


def test_manifest_round_trip_through_the_package_is_strict(tmp_path, town_key):
    """A signed zip whose manifest.json is not this format is refused with its reason."""

    def unknown_version(data: bytes) -> bytes:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            entries = [(i.filename, source.read(i)) for i in source.infolist()]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for entry, content in entries:
                if entry == "manifest.json":
                    content = content.replace(b'"format_version": 1', b'"format_version": 2')
                archive.writestr(entry, content)
        return buffer.getvalue()

    zip_path = forge(tmp_path, town_key, [("figures.json", b"{}")], patch=unknown_version)
    refused(zip_path, town_key, "format version 2")
