"""rows.p7m: CMS EnvelopedData to the prefecture's RSA-3072 certificate, opened by this code
and by `openssl cms` alike, and by nobody without the prefecture's key."""

from __future__ import annotations

import subprocess

import pytest

from desktop_app.domain.errors import RuleRefused
from desktop_app.exchange.envelope import decrypt, encrypt_for
from desktop_app.exchange.errors import PackageRefused
from tests.exchange_helpers import make_prefecture_key

pytestmark = pytest.mark.usefixtures("english_messages")

ROWS = "pseudonym,kind,home_prefecture\n9f2c…,ふるさと住民,13\n𠮷a1,二地域居住者,27\r\n".encode()


def test_round_trip_and_nothing_in_the_clear(prefecture_key):
    der = encrypt_for(prefecture_key.certificate_pem, ROWS)
    assert der[:1] == b"\x30"  # DER, not PEM or S/MIME
    assert "ふるさと住民".encode() not in der and b"pseudonym" not in der
    assert decrypt(der, prefecture_key.certificate_pem, prefecture_key.private_key_pem) == ROWS


def test_openssl_cms_decrypts_it(tmp_path, prefecture_key):
    (tmp_path / "rows.p7m").write_bytes(encrypt_for(prefecture_key.certificate_pem, ROWS))
    (tmp_path / "pref.crt").write_bytes(prefecture_key.certificate_pem)
    (tmp_path / "pref.key").write_bytes(prefecture_key.private_key_pem)
    opened = subprocess.run(
        ["openssl", "cms", "-decrypt", "-binary", "-inform", "DER", "-in", "rows.p7m",
         "-recip", "pref.crt", "-inkey", "pref.key"], cwd=tmp_path, capture_output=True)
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout == ROWS  # byte for byte: CRLF and 𠮷 survive
    listed = subprocess.run(["openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in",
                             "rows.p7m"], cwd=tmp_path, capture_output=True, text=True)
    assert "aes-256-cbc" in listed.stdout and "rsaEncryption" in listed.stdout


def test_another_prefectures_key_cannot_open_it(prefecture_key):
    der = encrypt_for(prefecture_key.certificate_pem, ROWS)
    other = make_prefecture_key()
    with pytest.raises(PackageRefused):
        decrypt(der, other.certificate_pem, other.private_key_pem)


def test_damaged_envelope_is_refused(prefecture_key):
    with pytest.raises(PackageRefused, match="cannot be opened"):
        decrypt(b"\x30\x03\x02\x01\x00", prefecture_key.certificate_pem,
                prefecture_key.private_key_pem)


def test_a_certificate_that_is_not_rsa(town_key):
    with pytest.raises(RuleRefused, match="RSA certificate"):
        encrypt_for(town_key.public_pem, ROWS)
