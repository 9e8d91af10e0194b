"""A zip written byte by byte, so that every field can lie: the name, the sizes in the local
header and in the central directory, the file type, and a deflate stream that inflates to
gigabytes built in milliseconds (zipfile itself writes only honest archives)."""

from __future__ import annotations

import stat
import struct
import zlib
from dataclasses import dataclass

STORED, DEFLATED = 0, 8
_CHUNK = 1 << 20


@dataclass
class Entry:
    name: str | bytes
    data: bytes  # as stored: already deflated when method is DEFLATED
    method: int = STORED
    crc: int | None = None  # default: of `data` when stored
    size: int | None = None  # uncompressed size declared; default: len(data) when stored
    mode: int = stat.S_IFREG | 0o644
    utf8: bool = True


def plain(name: str | bytes, content: bytes, **options) -> Entry:
    """An honest entry, deflated."""
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Entry(name, packer.compress(content) + packer.flush(), DEFLATED,
                 zlib.crc32(content), len(content), **options)


def bomb(name: str, size: int, *, fill: bytes = b" ", head: bytes = b"") -> Entry:
    """An entry whose deflate stream really inflates to `size` bytes (`head`, then `fill`
    repeated), made by repeating one fully flushed deflate block: a few KB per GB. Its CRC is
    not computed (a reader that checks sizes first never gets that far)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = fill * (_CHUNK // len(fill))
    first = packer.compress(head + chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    again = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    repeats = max(0, (size - len(head)) // len(chunk) - 1)
    return Entry(name, first + again * repeats + packer.flush(), DEFLATED, 0,
                 len(head) + len(chunk) * (repeats + 1))


def zip_bytes(entries: list[Entry]) -> bytes:
    """The archive: local headers and data, then the central directory (no zip64: every size
    here stays under 4 GiB)."""
    out, directory = bytearray(), bytearray()
    for entry in entries:
        name = entry.name if isinstance(entry.name, bytes) else entry.name.encode("utf-8")
        crc = zlib.crc32(entry.data) if entry.crc is None else entry.crc
        size = len(entry.data) if entry.size is None else entry.size
        flags = 0x800 if entry.utf8 else 0
        offset = len(out)
        out += struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, flags, entry.method, 0, 0x21,
                           crc, len(entry.data), size, len(name), 0) + name + entry.data
        directory += struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 0x0314, 20, flags, entry.method,
                                 0, 0x21, crc, len(entry.data), size, len(name), 0, 0, 0, 0,
                                 entry.mode << 16, offset) + name
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(entries), len(entries),
                      len(directory), len(out), 0)
    return bytes(out + directory + end)
