"""A package between the town's own counters: NAME.zip and NAME.zip.sig, as a quarterly return
(exchange/package.py: Ed25519 over every byte, `.part` files renamed into place, defensive
reading), holding `manifest.json` and one encrypted member, `payload.bin`.

The payload is zlib-compressed, then sealed with AES-256-GCM (12-byte nonce first; the package's
name as associated data, so a payload cannot be moved into another package) under:
- an invitation: a key made by scrypt from the one-time secret printed on the inviting screen;
- a reply or a change set: the pair key, 32 random bytes made by the inviter, which travelled
  only inside the sealed invitation (docs/sync.md).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import stat
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.text import N_
from desktop_app.exchange.errors import PackageRefused
from desktop_app.exchange.manifest import MANIFEST_NAME, fits_integer
from desktop_app.exchange.package import (
    DEFAULT_LIMITS,
    SIGNATURE_SIZE,
    Limits,
    _checked_directory,
    _read_capped,
    _stream,
    load_public_key,
    refuse_existing,
    signature_path,
    write_signed,
)

FORMAT_VERSION = 1
KIND_INVITATION = "counter-invitation"
KIND_JOINED = "counter-joined"
KIND_CHANGE_SET = "change-set"
PAYLOAD_NAME = "payload.bin"
_COMMON = {"format_version": int, "kind": str, "name": str, "municipality_code": str,
           "office": str, "terminal": str, "counter": int, "created": str, "payload_size": int,
           "payload_sha256": str}
FIELDS = {
    KIND_INVITATION: {**_COMMON, "invitation": str, "public_key": str, "fingerprint": str,
                      "salt": str},
    KIND_JOINED: {**_COMMON, "invitation": str, "public_key": str, "fingerprint": str},
    KIND_CHANGE_SET: {**_COMMON, "to": str, "number": int, "acknowledged": dict,
                      "changes": int},
}
_SECRET_GROUPS, _SECRET_GROUP = 6, 4  # 24 base32 characters: 120 bits
_SCRYPT = {"length": 32, "n": 2 ** 15, "r": 8, "p": 1}


# --- secrets and sealing ----------------------------------------------------------------------

def new_secret() -> str:
    """`ABCD-EFGH-…`: six groups of four base32 characters, read out or typed at the other end."""
    text = base64.b32encode(os.urandom(15)).decode("ascii")
    return "-".join(text[i:i + _SECRET_GROUP] for i in range(0, len(text), _SECRET_GROUP))


def secret_key(secret: str, salt: bytes) -> bytes:
    """The invitation's key: scrypt of the secret as typed (case, spaces and dashes aside)."""
    plain = "".join(secret.upper().split()).replace("-", "")
    return Scrypt(salt=salt, **_SCRYPT).derive(plain.encode("ascii", "replace"))


def seal(key: bytes, plain: bytes, name: str) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, zlib.compress(plain, 6), name.encode("utf-8"))


def open_sealed(key: bytes, sealed: bytes, name: str, limit: int, refusal: str) -> bytes:
    """The plain payload, or PackageRefused(`refusal`) when the key does not open it."""
    try:
        packed = AESGCM(key).decrypt(sealed[:12], sealed[12:], name.encode("utf-8"))
    except (InvalidTag, ValueError):
        raise PackageRefused(refusal) from None
    inflate = zlib.decompressobj()
    try:
        plain = inflate.decompress(packed, limit + 1)
    except zlib.error as error:
        raise PackageRefused(N_("The payload is damaged ({error})."), {"error": str(error)}) \
            from None
    if len(plain) > limit or inflate.unconsumed_tail:
        raise PackageRefused(N_("The payload expands to more than {limit:,} bytes."),
                             {"limit": limit})
    return plain


# --- writing -------------------------------------------------------------------------------------

def write_sync_package(out_dir: Path, manifest: dict, payload: bytes,
                       sign: Callable[[bytes], bytes]) -> Path:
    """NAME.zip (manifest.json, payload.bin) and NAME.zip.sig in `out_dir`, NAME from the
    manifest; an existing package is never overwritten."""
    manifest = {**manifest, "format_version": FORMAT_VERSION, "payload_size": len(payload),
                "payload_sha256": hashlib.sha256(payload).hexdigest()}
    _check(manifest)
    zip_path = Path(out_dir) / f"{manifest['name']}.zip"
    refuse_existing(zip_path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, content, compress in (
                (MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=2).encode(),
                 zipfile.ZIP_DEFLATED),
                (PAYLOAD_NAME, payload, zipfile.ZIP_STORED)):  # ciphertext does not compress
            info = zipfile.ZipInfo(member, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = compress
            info.create_system = 3
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, content)
    return write_signed(zip_path, buffer.getvalue(), sign)


# --- reading -------------------------------------------------------------------------------------

def read_sync_package(zip_path: Path, kinds: tuple[str, ...],
                      keys: dict[str, bytes] | None,
                      limits: Limits = DEFAULT_LIMITS) -> tuple[dict, bytes, str]:
    """(manifest, sealed payload, signer) of a package whose signature holds.

    With `keys` ({terminal: public PEM}, the paired counters) the signature is checked first,
    against each paired counter's key, and the one it holds for is the signer. Without, the key
    is the one the package names (an invitation or a reply, whose payload the secret or the
    pair key then authenticates); the signer is that key's PEM.
    """
    zip_path = Path(zip_path)
    if not zip_path.name.endswith(".zip"):
        raise _refused(N_("{file} is not a package: a package's file name ends in .zip "
                          "(a .part file is an unfinished copy)."), file=zip_path.name)
    data = _read_capped(zip_path, limits.max_package_bytes)
    sig_path = signature_path(zip_path)
    if not sig_path.is_file():
        raise _refused(N_("{file} has no signature file {sig} beside it."),
                       file=zip_path.name, sig=sig_path.name)
    signature = _read_capped(sig_path, SIGNATURE_SIZE)
    signer = None
    if keys is not None:
        signer = next((terminal for terminal, pem in keys.items()
                       if _holds(pem, signature, data)), None)
        if signer is None:
            raise _refused(N_("{file} is signed by no counter paired with this one (or it was "
                              "changed or damaged after signing)."), file=zip_path.name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise _refused(N_("{file} is not a readable zip ({error})."), file=zip_path.name,
                       error=str(error)) from None
    with archive:
        infos = _checked_directory(archive, limits)
        if set(infos) != {MANIFEST_NAME, PAYLOAD_NAME}:
            raise _refused(N_("{file} does not hold exactly manifest.json and payload.bin."),
                           file=zip_path.name)
        size = infos[MANIFEST_NAME].file_size
        if size > limits.max_manifest_bytes:
            raise _refused(N_("manifest.json is larger than {limit:,} bytes."),
                           limit=limits.max_manifest_bytes)
        manifest = _parse(_stream(archive, infos[MANIFEST_NAME], size))
        if manifest["kind"] not in kinds:
            raise _refused(N_("{file} is a {kind} package, not one this command reads."),
                           file=zip_path.name, kind=manifest["kind"])
        if keys is None:
            pem = manifest["public_key"].encode("ascii")
            if not _holds(pem, signature, data):
                raise _refused(N_("The signature of {file} does not hold: it was changed or "
                                  "damaged after signing."), file=zip_path.name)
            signer = manifest["public_key"]
        if zip_path.stem != manifest["name"]:
            raise _refused(N_("{file} is named for another package: its signed manifest says "
                              "{expected}.zip."), file=zip_path.name,
                           expected=manifest["name"])
        if infos[PAYLOAD_NAME].file_size != manifest["payload_size"]:
            raise _refused(N_("payload.bin is not the size the signed manifest gives."))
        payload = _stream(archive, infos[PAYLOAD_NAME], manifest["payload_size"])
    if hashlib.sha256(payload).hexdigest() != manifest["payload_sha256"]:
        raise _refused(N_("payload.bin does not match the SHA-256 in the signed manifest."))
    return manifest, payload, signer


def _holds(pem: bytes, signature: bytes, data: bytes) -> bool:
    try:
        load_public_key(pem).verify(signature, data)
    except (InvalidSignature, RuleRefused, ValueError):
        return False
    return True


def _parse(data: bytes) -> dict:
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise _refused(N_("manifest.json is not UTF-8 JSON ({error})."), error=str(error)) \
            from None
    if not isinstance(manifest, dict):
        raise _refused(N_("manifest.json is not an object."))
    _check(manifest)
    return manifest


def _check(manifest: dict) -> None:
    if manifest.get("format_version") != FORMAT_VERSION:
        raise _refused(N_("manifest.json has format version {found}; this program reads "
                          "version {known} only."),
                       found=json.dumps(manifest.get("format_version")), known=FORMAT_VERSION)
    kind = manifest.get("kind")
    fields = FIELDS.get(kind) if isinstance(kind, str) else None  # a list is no key of FIELDS
    if fields is None:
        raise _refused(N_("manifest.json: {field} has a value this format does not allow: "
                          "{value}."), field="kind", value=json.dumps(manifest.get("kind")))
    if set(manifest) != set(fields):
        raise _refused(N_("manifest.json: {where} lacks {fields}."), where="manifest",
                       fields=", ".join(sorted(set(fields) ^ set(manifest))))
    for name, kind in fields.items():
        value = manifest[name]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise _refused(N_("manifest.json: {field} should be of type {kind}."), field=name,
                           kind=kind.__name__)
        if kind is int and not fits_integer(value):
            raise _refused(N_("manifest.json: {field} has a value this format does not allow: "
                              "{value}."), field=name, value=json.dumps(value))
    if manifest["kind"] == KIND_CHANGE_SET and not all(
            isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool)
            and fits_integer(v) for k, v in manifest["acknowledged"].items()):
        raise _refused(N_("manifest.json: {field} should be of type {kind}."),
                       field="acknowledged", kind="{terminal: integer}")


def _refused(msgid: str, **params: object) -> PackageRefused:
    return PackageRefused(msgid, params)
