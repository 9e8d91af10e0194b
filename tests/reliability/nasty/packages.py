"""Signed packages whose zip lies: names that climb out of the folder, links, twins, sizes that
disagree between the manifest, the zip's headers and the bytes, a bomb, a manifest too big or
not UTF-8. Each is signed with a key the reader trusts, so that the reader's checks of the zip
itself (not the signature) are what refuse it."""

from __future__ import annotations

import hashlib
import json
import random
import stat
from collections.abc import Callable
from pathlib import Path

from desktop_app.exchange.manifest import MANIFEST_NAME
from desktop_app.exchange.package import signature_path
from tests.exchange_helpers import return_manifest
from tests.reliability.nasty.zips import Entry, bomb, plain, zip_bytes

FIGURES = b'{"registrants_end": 3, "bookings": 1}'
FIGURES_NAME = "figures.json"


def return_manifest_bytes(members: list[tuple[str, bytes]], *, code: str = "042021",
                          sizes: dict[str, int] | None = None) -> bytes:
    """A quarterly return's manifest naming `members` (size from `sizes` where given)."""
    document = json.loads(return_manifest(code=code).to_bytes())
    document["members"] = [{"name": name, "size": (sizes or {}).get(name, len(data)),
                            "rows": 1, "sha256": hashlib.sha256(data).hexdigest()}
                           for name, data in members]
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def signed(out_dir: Path, name: str, data: bytes, sign: Callable[[bytes], bytes]) -> Path:
    """NAME.zip and its detached signature, as a stick holds them."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}.zip"
    path.write_bytes(data)
    signature_path(path).write_bytes(sign(data))
    return path


def return_zip(evil: Entry | None = None, *, manifest: bytes | None = None,
               first: list[Entry] | None = None) -> bytes:
    """manifest.json and figures.json, then `evil` (also named by the manifest)."""
    members = [(FIGURES_NAME, FIGURES)]
    if evil is not None:
        members.append((evil.name if isinstance(evil.name, str) else evil.name.decode(
            "utf-8", "replace"), b"x"))
    manifest = return_manifest_bytes(members) if manifest is None else manifest
    return zip_bytes([*(first or []), plain(MANIFEST_NAME, manifest), plain(FIGURES_NAME, FIGURES),
                      *([evil] if evil else [])])


def traversal(name: str) -> bytes:
    return return_zip(plain(name, b"owned\n"))


def symlink() -> bytes:
    return return_zip(Entry("notes.txt", b"/etc/passwd", mode=stat.S_IFLNK | 0o777))


def twin() -> bytes:
    """figures.json twice: which one would a reader take?"""
    return return_zip(plain(FIGURES_NAME, b'{"registrants_end": 999999}'))


def manifest_size_lies() -> bytes:
    """The signed manifest says figures.json has 10 bytes; zip and bytes agree on more."""
    manifest = return_manifest_bytes([(FIGURES_NAME, FIGURES)], sizes={FIGURES_NAME: 10})
    return return_zip(manifest=manifest)


def header_size_lies(declared: int) -> bytes:
    """The manifest and the zip's headers say `declared` bytes; the deflated bytes hold more or
    fewer."""
    manifest = return_manifest_bytes([(FIGURES_NAME, FIGURES)], sizes={FIGURES_NAME: declared})
    figures = plain(FIGURES_NAME, FIGURES)
    figures.size = declared
    return zip_bytes([plain(MANIFEST_NAME, manifest), figures])


def member_bomb(size: int) -> bytes:
    """figures.json inflating to `size` bytes, and the manifest honest about that size."""
    big = bomb(FIGURES_NAME, size)
    manifest = return_manifest_bytes([(FIGURES_NAME, FIGURES)], sizes={FIGURES_NAME: big.size})
    return zip_bytes([plain(MANIFEST_NAME, manifest), big])


def huge_manifest(size: int) -> bytes:
    """A manifest padded with `size` bytes of mixed white space: valid JSON that compresses
    only about 4 times, so that the manifest's own cap, not the ratio cap, is what refuses."""
    manifest = return_manifest_bytes([(FIGURES_NAME, FIGURES)])
    spaces = random.Random(16).choices(b" \t\r\n", k=size)
    padded = manifest[:-2] + bytes(spaces) + manifest[-2:]
    return zip_bytes([plain(MANIFEST_NAME, padded), plain(FIGURES_NAME, FIGURES)])


def cp932_manifest() -> bytes:
    manifest = return_manifest_bytes([(FIGURES_NAME, FIGURES)]).decode("utf-8")
    return zip_bytes([plain(MANIFEST_NAME, manifest.encode("cp932")),
                      plain(FIGURES_NAME, FIGURES)])


def manifest_not_first() -> bytes:
    return return_zip(first=[plain("aaa.txt", b"first")])


# Change sets between the town's counters (exchange/sync_package.py): manifest.json and
# payload.bin, signed by the sending counter.

PAYLOAD_NAME = "payload.bin"


def change_set_manifest(name: str, *, sender: dict, receiver: str, payload: bytes,
                        payload_size: int | None = None) -> dict:
    """A change set's manifest from `sender` ({terminal, counter, code}) to `receiver`."""
    return {"format_version": 1, "kind": "change-set", "name": name,
            "municipality_code": sender["code"], "office": "石巻市役所 支所",
            "terminal": sender["terminal"], "counter": sender["counter"],
            "created": "2026-12-03T10:00:00+09:00", "payload_size":
            len(payload) if payload_size is None else payload_size,
            "payload_sha256": hashlib.sha256(payload).hexdigest(), "to": receiver,
            "number": 1, "acknowledged": {}, "changes": 0}


def change_set_zip(manifest: dict | bytes, payload: Entry | bytes,
                   extra: list[Entry] = ()) -> bytes:
    manifest = (manifest if isinstance(manifest, bytes)
                else json.dumps(manifest, ensure_ascii=False).encode("utf-8"))
    payload = payload if isinstance(payload, Entry) else Entry(PAYLOAD_NAME, payload)
    return zip_bytes([plain(MANIFEST_NAME, manifest), payload, *extra])
