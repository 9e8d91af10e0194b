"""Keys and a small package for the exchange tests: an Ed25519 town key, an RSA-3072
self-signed prefecture certificate (made once per run: RSA key generation is slow)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from cryptography.x509.oid import NameOID

from desktop_app import i18n
from desktop_app.exchange.manifest import KIND_QUARTERLY_RETURN, AuditHead, Manifest
from desktop_app.exchange.package import Member, package_name, write_package

AUDIT_HASH = "ab" * 32


@dataclass(frozen=True)
class TownKey:
    private: ed25519.Ed25519PrivateKey

    @classmethod
    def from_seed(cls, seed: bytes) -> TownKey:
        return cls(ed25519.Ed25519PrivateKey.from_private_bytes(seed))

    @property
    def public_pem(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)

    def sign(self, data: bytes) -> bytes:
        return self.private.sign(data)


@dataclass(frozen=True)
class PrefectureKey:
    certificate_pem: bytes
    private_key_pem: bytes


def make_prefecture_key(serial_number: int | None = None) -> PrefectureKey:
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "宮城県 040002")])
    now = datetime.now(UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(key.public_key())
                   .serial_number(serial_number or x509.random_serial_number())
                   .not_valid_before(now - timedelta(days=1))
                   .not_valid_after(now + timedelta(days=3650))
                   .sign(key, hashes.SHA256()))
    return PrefectureKey(
        certificate.public_bytes(serialization.Encoding.PEM),
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                          serialization.NoEncryption()))


@pytest.fixture
def english_messages():
    """Refusals matched by their English text (the suite's default language is Japanese)."""
    i18n.set_language("en")
    yield
    i18n.set_language("ja")


@pytest.fixture(scope="session")
def prefecture_key() -> PrefectureKey:
    return make_prefecture_key()


@pytest.fixture
def town_key() -> TownKey:
    return TownKey.from_seed(bytes(range(32)))


def return_manifest(*, code: str = "042021", period: str = "2025Q1", version: int = 1,
                    supersedes: int | None = None) -> Manifest:
    return Manifest(kind=KIND_QUARTERLY_RETURN, municipality_code=code, office="石巻市役所 本庁",
                    terminal="T1", period=period, version=version, supersedes=supersedes,
                    created="2025-07-03T10:15:00+09:00", signed_off_by="supervisor1",
                    audit_head=AuditHead(row=42, hash=AUDIT_HASH))


SMALL_MEMBERS = [
    Member("figures.json", b'{"registrants_total": 3}\n', 1),
    Member("registrants.csv", "kind,count\nふるさと住民,2\n二地域居住者,1\n".encode(), 2),
]


def write_small(out_dir: Path, key: TownKey, *, code: str = "042021", version: int = 1,
                members: list[Member] | None = None) -> Path:
    manifest = return_manifest(code=code, version=version,
                               supersedes=None if version == 1 else version - 1)
    return write_package(out_dir, package_name(code, "2025Q1", version), manifest,
                         SMALL_MEMBERS if members is None else members, key.sign)
