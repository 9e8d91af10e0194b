"""Sealing private keys: under a clerk's password, and to a clerk's account key (key slots).

Nothing secret is ever stored in plain text in the file. Each clerk who may sign off has an
account key pair (X25519) whose private half is sealed under their own password (scrypt, the
KDF of backup_crypto.py, then AES-256-GCM). Every office key (the exchange key; in a prefecture
also the decryption key) is sealed once to each such clerk's public account key (ephemeral
X25519, HKDF-SHA256, AES-256-GCM): one slot per clerk per key, like LUKS key slots. Opening a
slot therefore needs a clerk's password; the file alone opens nothing.

Each sealed value names its context (which key, which clerk) as associated data, so a slot
copied onto another row does not open.

scrypt at 2^15 × 8 (32 MiB, ~60 ms here) costs a guesser about what the clerk's stored Argon2id
password hash already does (64 MiB, ~80 ms): a dearer KDF here would buy nothing, since a stolen
file's weakest point is that hash. The parameters are stored with each seal, to be raised later.
"""

from __future__ import annotations

import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from desktop_app.domain.errors import PermissionDenied
from desktop_app.domain.text import N_
from desktop_app.services.backup_crypto import derive_key

PASSWORD_MAGIC, SLOT_MAGIC = b"FTSPW1", b"FTSKS1"
LOG2_N, R, P = 15, 8, 1
_PASSWORD_HEADER = struct.Struct(">6sBBB16s12s")
_SLOT_HEADER = struct.Struct(">6s32s12s")
_RAW = serialization.Encoding.Raw


class WrongPassword(PermissionDenied):
    def __init__(self) -> None:
        super().__init__(N_("The password is wrong: the key cannot be opened with it."))


def seal_with_password(secret: bytes, password: str, context: bytes) -> bytes:
    header = _PASSWORD_HEADER.pack(PASSWORD_MAGIC, LOG2_N, R, P, os.urandom(16), os.urandom(12))
    return header + _password_cipher(header, password).encrypt(header[-12:], secret,
                                                               header + context)


def open_with_password(sealed: bytes, password: str, context: bytes) -> bytes:
    """The secret, or WrongPassword (a wrong password and a changed seal look the same)."""
    header = sealed[:_PASSWORD_HEADER.size]
    if len(header) < _PASSWORD_HEADER.size or header[:6] != PASSWORD_MAGIC:
        raise WrongPassword()
    try:
        return _password_cipher(header, password).decrypt(
            header[-12:], sealed[len(header):], header + context)
    except InvalidTag:
        raise WrongPassword() from None


def _password_cipher(header: bytes, password: str) -> AESGCM:
    _magic, log2_n, r, p, salt, _nonce = _PASSWORD_HEADER.unpack(header)
    if not (10 <= log2_n <= 22 and 1 <= r <= 32 and 1 <= p <= 16):
        raise WrongPassword()
    return AESGCM(derive_key(password, salt, log2_n, r, p))


def new_account_key(password: str, context: bytes) -> tuple[bytes, bytes]:
    """A new account key pair: (raw public key, private key sealed under the password)."""
    private = X25519PrivateKey.generate()
    raw = private.private_bytes(_RAW, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    return public_raw(private), seal_with_password(raw, password, context)


def open_account_key(sealed: bytes, password: str, context: bytes) -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(open_with_password(sealed, password, context))


def public_raw(private: X25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)


def seal_to(recipient: bytes, secret: bytes, context: bytes) -> bytes:
    """A slot: `secret` sealed to the raw X25519 public key `recipient`."""
    ephemeral = X25519PrivateKey.generate()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient))
    header = _SLOT_HEADER.pack(SLOT_MAGIC, public_raw(ephemeral), os.urandom(12))
    cipher = AESGCM(_slot_key(shared, header, recipient))
    return header + cipher.encrypt(header[-12:], secret, header + context)


def open_slot(private: X25519PrivateKey, sealed: bytes, context: bytes) -> bytes:
    """The secret in a slot sealed to `private`'s public key, or WrongPassword."""
    header = sealed[:_SLOT_HEADER.size]
    if len(header) < _SLOT_HEADER.size or header[:6] != SLOT_MAGIC:
        raise WrongPassword()
    _magic, ephemeral, nonce = _SLOT_HEADER.unpack(header)
    shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral))
    cipher = AESGCM(_slot_key(shared, header, public_raw(private)))
    try:
        return cipher.decrypt(nonce, sealed[len(header):], header + context)
    except InvalidTag:
        raise WrongPassword() from None


def _slot_key(shared: bytes, header: bytes, recipient: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"futasato key slot|" + header[6:38] + recipient).derive(shared)
