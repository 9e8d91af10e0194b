"""A package on the stick: `NAME.zip` and `NAME.zip.sig`, the raw Ed25519 signature over every
byte of the zip (`openssl pkeyutl -verify -pubin -inkey town.pem -rawin -in NAME.zip -sigfile
NAME.zip.sig` checks it).

Writing: both files go to `.part` names and are flushed to the stick first; then the `.sig` is
renamed, then the zip. The zip's rename is the commit: a stick pulled out (or a crash) before it
leaves no `NAME.zip`, only `.part` files or a lone `.sig`, and neither is ever read as a package.
The other order could leave a complete-looking zip without its signature.

Reading: the file is read once into memory, the signature checked over those very bytes, and
only then is the zip opened, from the same bytes (nothing can change between check and use).
Members are read defensively, as the signed manifest names them; never `extractall`.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.file_problems import naming
from desktop_app.domain.text import N_
from desktop_app.exchange.errors import PackageRefused
from desktop_app.exchange.manifest import MANIFEST_NAME, Manifest, ManifestMember, is_member_name

SIGNATURE_SUFFIX = ".sig"
PART_SUFFIX = ".part"
SIGNATURE_SIZE = 64  # Ed25519
# Ciphertext does not compress: deflating 50 MB of it took 1.1 s for a ratio of 1.0003.
ENCRYPTED_SUFFIX = ".p7m"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Member:
    """A file to put in a package: its name, its bytes and how many data rows it holds."""

    name: str
    data: bytes
    rows: int


@dataclass(frozen=True)
class Limits:
    """Caps checked from the zip's directory before anything is decompressed."""

    max_package_bytes: int = 1 << 30
    max_members: int = 64
    max_manifest_bytes: int = 1 << 20
    max_total_bytes: int = 4 << 30
    # Deflate reaches about 1,000:1 on repeated bytes; CSV of figures stays far below 100:1.
    max_ratio: int = 100
    ratio_floor_bytes: int = 1 << 20  # members smaller than this may have any ratio


DEFAULT_LIMITS = Limits()


def package_name(municipality_code: str, period: object, version: int) -> str:
    """`042021_2025Q1_v1`: town, quarter and version; the zip is NAME.zip."""
    return f"{municipality_code}_{period}_v{version}"


def signature_path(zip_path: Path) -> Path:
    return zip_path.with_name(zip_path.name + SIGNATURE_SUFFIX)


def write_package(out_dir: Path, name: str, manifest: Manifest, members: list[Member],
                  sign: Callable[[bytes], bytes]) -> Path:
    """Write NAME.zip and NAME.zip.sig into `out_dir`; return the zip's path.

    `manifest.members` is filled in here from `members`. An existing package of that name is
    never overwritten: its version is in its name, so a second one is a mistake. A `.sig` or
    `.part` files without the zip are what an interrupted write left, and are replaced.
    """
    expected = package_name(manifest.municipality_code, manifest.period, manifest.version)
    if name != expected:
        raise ValueError(f"a package for this manifest is named {expected}, not {name}")
    zip_path = Path(out_dir) / f"{name}.zip"
    refuse_existing(zip_path)
    return write_signed(zip_path, _zip_bytes(manifest, members), sign)


def refuse_existing(zip_path: Path) -> None:
    """A package's version (or number) is in its name, so a second one of that name is a mistake."""
    if zip_path.exists():
        raise RuleRefused(N_("{file} already exists; a package is never overwritten."),
                          {"file": str(zip_path)})


def write_signed(zip_path: Path, data: bytes, sign: Callable[[bytes], bytes]) -> Path:
    """Write `data` as NAME.zip and its signature as NAME.zip.sig, each through a flushed
    `.part` file; the signature is renamed first and the zip last, so NAME.zip exists only once
    both are complete. What an interrupted write left behind is replaced."""
    sig_path = signature_path(zip_path)
    signature = sign(data)
    if len(signature) != SIGNATURE_SIZE:
        raise ValueError("an Ed25519 signature has 64 bytes")
    zip_part, sig_part = _part(zip_path), _part(sig_path)
    written: list[Path] = []
    try:
        for part, content in ((sig_part, signature), (zip_part, data)):
            written.append(part)
            _write_flushed(part, content)
        _sync_folder(zip_path.parent)
        os.replace(sig_part, sig_path)
        written.append(sig_path)
        _sync_folder(zip_path.parent)
        os.replace(zip_part, zip_path)  # the commit: only now does NAME.zip exist
    except BaseException as error:
        for path in written:
            path.unlink(missing_ok=True)
        if isinstance(error, OSError):  # the package's name, not a .part nobody sees
            raise naming(error, zip_path, zip_part, sig_part) from None
        raise
    _sync_folder(zip_path.parent)
    return zip_path


def _zip_bytes(manifest: Manifest, members: list[Member]) -> bytes:
    names = [m.name for m in members]
    if len(set(names)) != len(names) or MANIFEST_NAME in names or not all(
            is_member_name(n) for n in names):
        raise ValueError(f"member names must be distinct plain file names: {names}")
    manifest = replace(manifest, members=tuple(
        ManifestMember(name=m.name, size=len(m.data), rows=m.rows,
                       sha256=hashlib.sha256(m.data).hexdigest()) for m in members))
    stamp = _zip_time(manifest.created)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member_name, content in [(MANIFEST_NAME, manifest.to_bytes()),
                                     *((m.name, m.data) for m in members)]:
            info = zipfile.ZipInfo(member_name, date_time=stamp)
            info.compress_type = (zipfile.ZIP_STORED if member_name.endswith(ENCRYPTED_SUFFIX)
                                  else zipfile.ZIP_DEFLATED)
            info.create_system = 3  # Unix, so the mode below means a plain file
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, content, compresslevel=6)
    return buffer.getvalue()


def _zip_time(created: str) -> tuple[int, int, int, int, int, int]:
    moment = datetime.fromisoformat(created)
    return max((moment.year, moment.month, moment.day, moment.hour, moment.minute,
                moment.second), (1980, 1, 1, 0, 0, 0))


def _part(path: Path) -> Path:
    return path.with_name(path.name + PART_SUFFIX)


def _write_flushed(path: Path, content: bytes) -> None:
    with open(path, "wb") as file:
        file.write(content)
        file.flush()
        os.fsync(file.fileno())


def _sync_folder(folder: Path) -> None:
    """Make the renames themselves durable (POSIX; Windows cannot open a folder this way)."""
    if os.name == "nt":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


# Reading


@dataclass(frozen=True)
class OpenedPackage:
    """A package whose signature, manifest and every member's size and hash have held."""

    manifest: Manifest
    zip_sha256: str
    zip_size: int
    _members: dict[str, bytes]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.manifest.members)

    def member(self, name: str) -> bytes:
        return self._members[name]


def load_public_key(public_key_pem: bytes) -> Ed25519PublicKey:
    """An Ed25519 public key from PEM, or a refusal of the key file itself (exit 3)."""
    try:
        key = load_pem_public_key(public_key_pem)
    except ValueError:
        key = None
    if not isinstance(key, Ed25519PublicKey):
        raise RuleRefused(N_("The trusted key is not an Ed25519 public key in PEM form."))
    return key


def verify_signature(zip_path: Path, sig_path: Path, public_key_pem: bytes,
                     limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The zip's bytes, once its `.sig` holds for every one of them under the key."""
    key = load_public_key(public_key_pem)
    data = _read_capped(zip_path, limits.max_package_bytes)
    if not sig_path.is_file():
        raise _refused(N_("{file} has no signature file {sig} beside it."),
                       file=zip_path.name, sig=sig_path.name)
    signature = _read_capped(sig_path, SIGNATURE_SIZE)
    if len(signature) != SIGNATURE_SIZE:
        raise _refused(N_("{sig} is not an Ed25519 signature (it has {size} bytes, not 64)."),
                       sig=sig_path.name, size=len(signature))
    try:
        key.verify(signature, data)
    except InvalidSignature:
        raise _refused(N_("The signature {sig} does not match {file} under the trusted key: "
                          "the package was changed, damaged or signed by another key."),
                       sig=sig_path.name, file=zip_path.name) from None
    return data


def read_package(zip_path: Path, public_key_pem: bytes,
                 limits: Limits = DEFAULT_LIMITS) -> OpenedPackage:
    """Verify NAME.zip against NAME.zip.sig, then read every member the manifest names."""
    zip_path = Path(zip_path)
    if not zip_path.name.endswith(".zip"):
        raise _refused(N_("{file} is not a package: a package's file name ends in .zip "
                          "(a .part file is an unfinished copy)."), file=zip_path.name)
    data = verify_signature(zip_path, signature_path(zip_path), public_key_pem, limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise _refused(N_("{file} is not a readable zip ({error})."), file=zip_path.name,
                       error=str(error)) from None
    with archive:
        infos = _checked_directory(archive, limits)
        manifest_info = infos[MANIFEST_NAME]
        if manifest_info.file_size > limits.max_manifest_bytes:
            raise _refused(N_("manifest.json is larger than {limit:,} bytes."),
                           limit=limits.max_manifest_bytes)
        manifest = Manifest.parse(_stream(archive, manifest_info, manifest_info.file_size))
        _check_members_match(manifest, infos, limits)
        contents = {}
        for member in manifest.members:
            content = _stream(archive, infos[member.name], member.size)
            if hashlib.sha256(content).hexdigest() != member.sha256:
                raise _refused(N_("{name} does not match the SHA-256 in the signed manifest."),
                               name=member.name)
            contents[member.name] = content
    expected = package_name(manifest.municipality_code, manifest.period, manifest.version)
    if zip_path.stem != expected:
        raise _refused(N_("{file} is named for another package: its signed manifest says "
                          "{expected}.zip."), file=zip_path.name, expected=expected)
    return OpenedPackage(manifest, hashlib.sha256(data).hexdigest(), len(data), contents)


def _read_capped(path: Path, limit: int) -> bytes:
    try:
        with open(path, "rb") as file:
            data = file.read(limit + 1)
    except FileNotFoundError:
        raise _refused(N_("There is no file {file}."), file=str(path)) from None
    if len(data) > limit:
        raise _refused(N_("{file} is larger than {limit:,} bytes."), file=path.name,
                       limit=limit)
    return data


def _checked_directory(archive: zipfile.ZipFile, limits: Limits) -> dict[str, zipfile.ZipInfo]:
    """The zip's entries by name, after the checks that need no decompression."""
    infos = archive.infolist()
    if len(infos) > limits.max_members + 1:
        raise _refused(N_("The zip holds {count} files; a package has at most {limit}."),
                       count=len(infos), limit=limits.max_members + 1)
    by_name: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        # orig_filename: zipfile rewrites backslashes and drive letters in `filename`.
        name = info.orig_filename
        if not is_member_name(name):
            raise _refused(N_("The zip holds a file named {name}: a package holds plain file "
                              "names only (no folders, absolute paths, .. or backslashes)."),
                           name=repr(name))
        kind = stat.S_IFMT(info.external_attr >> 16)  # 0: a writer that sets no file type
        if info.create_system == 3 and kind not in (0, stat.S_IFREG):
            raise _refused(N_("{name} in the zip is not a plain file (a link or a folder)."),
                           name=name)
        if info.flag_bits & 0x1:
            raise _refused(N_("{name} in the zip is encrypted by zip itself."), name=name)
        if info.compress_type not in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED):
            raise _refused(N_("{name} in the zip uses a compression this format does not "
                              "allow."), name=name)
        if name in by_name:
            raise _refused(N_("The zip holds {name} twice."), name=name)
        _check_ratio(info, limits)
        by_name[name] = info
    if MANIFEST_NAME not in by_name:
        raise _refused(N_("The zip holds no manifest.json."))
    if infos[0].orig_filename != MANIFEST_NAME:
        raise _refused(N_("manifest.json is not the first file in the zip."))
    return by_name


def _check_ratio(info: zipfile.ZipInfo, limits: Limits) -> None:
    if (info.file_size > limits.ratio_floor_bytes
            and info.file_size > limits.max_ratio * max(info.compress_size, 1)):
        raise _refused(N_("{name} would expand {ratio:,} times ({size:,} bytes); a package "
                          "member may expand at most {limit} times."), name=info.orig_filename,
                       ratio=info.file_size // max(info.compress_size, 1),
                       size=info.file_size, limit=limits.max_ratio)


def _check_members_match(manifest: Manifest, infos: dict[str, zipfile.ZipInfo],
                         limits: Limits) -> None:
    named = {m.name for m in manifest.members}
    extra = sorted(set(infos) - named - {MANIFEST_NAME})
    if extra:
        raise _refused(N_("The zip holds files the signed manifest does not name: {names}."),
                       names=", ".join(extra))
    missing = sorted(named - set(infos))
    if missing:
        raise _refused(N_("The signed manifest names files the zip lacks: {names}."),
                       names=", ".join(missing))
    total = sum(m.size for m in manifest.members)
    if total > limits.max_total_bytes:
        raise _refused(N_("The package's files add up to {size:,} bytes; at most {limit:,} "
                          "are read."), size=total, limit=limits.max_total_bytes)
    for member in manifest.members:
        if infos[member.name].file_size != member.size:
            raise _refused(N_("{name} is {actual:,} bytes in the zip but {declared:,} in the "
                              "signed manifest."), name=member.name,
                           actual=infos[member.name].file_size, declared=member.size)


def _stream(archive: zipfile.ZipFile, info: zipfile.ZipInfo, declared: int) -> bytes:
    """The member's bytes, read in chunks and stopped one byte past its declared size."""
    chunks, count = [], 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(min(_CHUNK, declared + 1 - count)):
                count += len(chunk)
                chunks.append(chunk)
                if count > declared:
                    break
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as error:
        raise _refused(N_("{name} in the zip is damaged ({error})."), name=info.orig_filename,
                       error=str(error)) from None
    if count != declared:
        raise _refused(N_("{name} holds {actual} bytes, not the {declared:,} it declares."),
                       name=info.orig_filename,
                       actual=f"{count:,}" if count <= declared else f"> {declared:,}",
                       declared=declared)
    return b"".join(chunks)


def _refused(msgid: str, **params: object) -> PackageRefused:
    return PackageRefused(msgid, params)
