"""Key and certificate formats: PEM in and out, fingerprints, the prefecture's certificate.

The prefecture's RSA-3072 key is published as a self-signed X.509 certificate, since that is
what CMS EnvelopedData (`openssl cms -encrypt -recip`) encrypts to. Its pseudonym key travels
in the same file as a second PEM block (`PSEUDONYM_LABEL`): openssl reads the certificate and
skips the other block, and every town gets the same key, so that one person has the same
pseudonymous id in every town's return.
"""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.x509.oid import NameOID

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.text import N_

PSEUDONYM_LABEL = "FUTASATO PSEUDONYM KEY"
PSEUDONYM_KEY_BYTES = 32
RSA_BITS = 3072
CERTIFICATE_YEARS = 10
_BLOCK = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----\r?\n(.*?)-----END \1-----", re.DOTALL)


def fingerprint(data: bytes) -> str:
    """SHA-256 of the key (or certificate DER), first 80 bits in base32, in four groups: short
    enough to read out over the telephone or compare on paper."""
    text = base64.b32encode(hashlib.sha256(data).digest()[:10]).decode("ascii")
    return "-".join(text[i:i + 4] for i in range(0, 16, 4))


def pem_blocks(data: bytes) -> dict[str, bytes]:
    """Each PEM block of a file by its label (the first of each), as the PEM text."""
    text = data.decode("ascii", errors="replace")
    blocks: dict[str, bytes] = {}
    for match in _BLOCK.finditer(text):
        blocks.setdefault(match.group(1), match.group(0).encode("ascii") + b"\n")
    return blocks


def ed25519_public_pem(raw: bytes) -> bytes:
    return Ed25519PublicKey.from_public_bytes(raw).public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def ed25519_public_raw(pem: bytes) -> bytes:
    """The raw 32 bytes of the Ed25519 public key in a PEM file, or RuleRefused."""
    block = pem_blocks(pem).get("PUBLIC KEY")
    try:
        key = serialization.load_pem_public_key(block) if block else None
    except ValueError:
        key = None
    if not isinstance(key, Ed25519PublicKey):
        raise RuleRefused(N_("The file holds no Ed25519 public key."))
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def make_decryption_key(name: str) -> tuple[bytes, bytes]:
    """A new RSA-3072 key and its self-signed certificate for `name`: (private PKCS#8 PEM,
    certificate PEM). The private PEM is unencrypted: the caller seals it at once."""
    private = rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)
    subject = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, f"{name} Futasato"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, name),
        x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
    ])
    now = datetime.now(UTC).replace(microsecond=0)
    public = private.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject).issuer_name(subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365 * CERTIFICATE_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False, key_encipherment=True,
            data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(private, hashes.SHA256())
    )
    private_pem = private.private_bytes(serialization.Encoding.PEM,
                                        serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption())
    return private_pem, certificate.public_bytes(serialization.Encoding.PEM)


def load_certificate(pem: bytes) -> x509.Certificate:
    """The RSA certificate in a PEM file (the first CERTIFICATE block), or RuleRefused."""
    block = pem_blocks(pem).get("CERTIFICATE")
    try:
        certificate = x509.load_pem_x509_certificate(block) if block else None
    except ValueError:
        certificate = None
    if certificate is None or not isinstance(certificate.public_key(), rsa.RSAPublicKey):
        raise RuleRefused(N_("The file holds no prefecture certificate (an X.509 certificate "
                             "of an RSA key)."))
    return certificate


def certificate_pem(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


def certificate_fingerprint(certificate: x509.Certificate) -> str:
    return fingerprint(certificate.public_bytes(serialization.Encoding.DER))


def certificate_sha256(certificate: x509.Certificate) -> str:
    """As `openssl x509 -noout -fingerprint -sha256` prints it, for checking with openssl."""
    return certificate.fingerprint(hashes.SHA256()).hex(":").upper()


def pseudonym_pem(key: bytes) -> bytes:
    body = base64.encodebytes(key).decode("ascii")
    return f"-----BEGIN {PSEUDONYM_LABEL}-----\n{body}-----END {PSEUDONYM_LABEL}-----\n".encode(
        "ascii")


def load_pseudonym_key(pem: bytes) -> bytes:
    """The pseudonym key in a prefecture's file, or RuleRefused when it is missing or wrong."""
    block = pem_blocks(pem).get(PSEUDONYM_LABEL)
    key = b""
    if block:
        body = b"".join(block.splitlines()[1:-1])
        try:
            key = base64.b64decode(body, validate=True)
        except ValueError:
            key = b""
    if len(key) != PSEUDONYM_KEY_BYTES:
        raise RuleRefused(N_("The file holds no pseudonym key of {n} bytes: export it again "
                             "from the prefecture's file with `futasato keys export`."),
                          {"n": PSEUDONYM_KEY_BYTES})
    return key
