"""Encrypted backup files: a passphrase-derived key and authenticated encryption in chunks.

Layout: a 38-byte header, then the SQLite file in chunks of `CHUNK` bytes, each sealed with
ChaCha20-Poly1305. The key comes from scrypt (memory-hard, so guessing a passphrase on a stolen
USB stick is slow). Each chunk's nonce is a random prefix, the chunk's number and a last-chunk
flag, and the header is authenticated with every chunk (the STREAM construction), so a changed,
reordered, truncated or extended file fails as surely as a wrong passphrase. Chunks keep memory
flat for a file of a million registrants.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path
from typing import BinaryIO

from desktop_app.domain.errors import NotGenuine
from desktop_app.domain.text import N_

MAGIC = b"FTSBAK\x00\x01"  # format 1
SQLITE_MAGIC = b"SQLite format 3\x00"
CHUNK = 1 << 20
TAG = 16
SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P = 17, 8, 1  # 128 MiB of memory per guess
_HEADER = struct.Struct(">8sBBB16s7sI")


def is_encrypted(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


def derive_key(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    """A 256-bit key from a passphrase (scrypt); also what seals key slots (key_slots.py)."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=1 << log2_n, r=r, p=p).derive(
        passphrase.encode("utf-8"))


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">I", counter) + (b"\x01" if last else b"\x00")


def encrypt_file(source: Path, target: Path, passphrase: str) -> None:
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    salt, prefix = os.urandom(16), os.urandom(7)
    header = _HEADER.pack(MAGIC, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P, salt, prefix, CHUNK)
    cipher = ChaCha20Poly1305(derive_key(passphrase, salt, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P))
    with open(source, "rb") as plain, open(target, "wb") as sealed:
        sealed.write(header)
        counter = 0
        chunk = plain.read(CHUNK)
        while True:
            following = plain.read(CHUNK)
            last = not following
            sealed.write(cipher.encrypt(_nonce(prefix, counter, last), chunk, header))
            if last:
                break
            chunk, counter = following, counter + 1


def _refused() -> NotGenuine:
    return NotGenuine(N_("The backup cannot be opened: the passphrase is wrong, or the file "
                         "was changed or cut short."))


def decrypt_file(source: Path, target: Path, passphrase: str) -> None:
    """Write the plain SQLite file to `target`, or raise NotGenuine (and leave it partial)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    with open(source, "rb") as sealed, open(target, "wb") as plain:
        header = sealed.read(_HEADER.size)
        if len(header) < _HEADER.size:
            raise _refused()
        magic, log2_n, r, p, salt, prefix, chunk_size = _HEADER.unpack(header)
        if magic != MAGIC or not (10 <= log2_n <= 22 and 1 <= r <= 32 and 1 <= p <= 16
                                  and chunk_size <= 1 << 26):
            raise _refused()
        cipher = ChaCha20Poly1305(derive_key(passphrase, salt, log2_n, r, p))
        try:
            for counter, chunk, last in _chunks(sealed, chunk_size + TAG):
                plain.write(cipher.decrypt(_nonce(prefix, counter, last), chunk, header))
        except InvalidTag:
            raise _refused() from None


def _chunks(handle: BinaryIO, size: int):
    counter = 0
    chunk = handle.read(size)
    while True:
        following = handle.read(size)
        yield counter, chunk, not following
        if not following:
            return
        chunk, counter = following, counter + 1
