"""`rows.p7m`: CMS EnvelopedData (DER, AES-256-CBC, RSA key transport) to the prefecture's
certificate, which `openssl cms -decrypt -binary -inform DER -in rows.p7m -recip pref.crt -inkey
pref.key` also reads.

EnvelopedData authenticates nothing (a changed byte decrypts to junk or fails), so it only
travels inside a signed package whose manifest holds its SHA-256: verify, then decrypt.
Decryption needs cryptography >= 50.0.0, which closed a padding oracle in `pkcs7_decrypt_der`.
"""

from __future__ import annotations

from collections.abc import Callable

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import algorithms
from cryptography.hazmat.primitives.serialization import pkcs7

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.text import N_
from desktop_app.exchange.errors import PackageRefused


def encrypt_for(certificate_pem: bytes, data: bytes) -> bytes:
    """`data` as DER EnvelopedData that only the certificate's private key opens."""
    return (pkcs7.PKCS7EnvelopeBuilder()
            .set_data(data)
            .add_recipient(_certificate(certificate_pem))
            .set_content_encryption_algorithm(algorithms.AES256)
            # Binary: the bytes as they are, no S/MIME header or canonical line ends.
            .encrypt(serialization.Encoding.DER, [pkcs7.PKCS7Options.Binary]))


def decrypt(der: bytes, certificate_pem: bytes, private_key_pem: bytes) -> bytes:
    """The plain bytes of `der`, or PackageRefused when this key cannot open it."""
    return decryptor(certificate_pem, private_key_pem)(der)


def decryptor(certificate_pem: bytes, private_key_pem: bytes) -> Callable[[bytes], bytes]:
    """`decrypt` with the key loaded once, for many packages: loading (and so checking) an
    RSA-3072 key takes about 0.14 s, longer than decrypting a town's rows."""
    certificate = _certificate(certificate_pem)
    key = serialization.load_pem_private_key(private_key_pem, password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise RuleRefused(N_("The prefecture's decryption key is not an RSA private key."))

    def opened(der: bytes) -> bytes:
        try:
            return pkcs7.pkcs7_decrypt_der(der, certificate, key, [])
        except (ValueError, UnsupportedAlgorithm) as error:
            raise PackageRefused(N_("The encrypted rows cannot be opened with this "
                                    "prefecture's key ({error})."),
                                 {"error": str(error)}) from None
    return opened


def _certificate(certificate_pem: bytes) -> x509.Certificate:
    try:
        certificate = x509.load_pem_x509_certificate(certificate_pem)
    except ValueError:
        certificate = None
    if certificate is None or not isinstance(certificate.public_key(), rsa.RSAPublicKey):
        raise RuleRefused(N_("The prefecture's certificate is not an RSA certificate in PEM "
                             "form."))
    return certificate
