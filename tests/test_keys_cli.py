"""`futasato keys …` and `futasato prefecture init` as a town and a prefecture script them, with
the files checked by openssl itself."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from cryptography.hazmat.primitives import serialization

from desktop_app import cli
from desktop_app.domain.roles import Role
from desktop_app.exchange.certificate import PSEUDONYM_LABEL
from desktop_app.services import exchange_keys
from desktop_app.services.sign_in import sign_in
from desktop_app.store.database import Database
from tests.accounts_helpers import add_account
from tests.conftest import ADMIN_PASSWORD

SUPER_PASSWORD = "supervisor-pass-1"


@pytest.fixture
def futasato(monkeypatch, capsys):
    """Run `futasato --db FILE …` in this process; returns (exit code, out, err)."""

    def run(db, *args, clerk="admin", password=ADMIN_PASSWORD):
        monkeypatch.setenv("FUTASATO_CLERK", clerk)
        monkeypatch.setenv("FUTASATO_PASSWORD", password)
        code = cli.main(["--lang", "en", "--db", str(db), *map(str, args)])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


@pytest.fixture
def prefecture(futasato, tmp_path):
    path = tmp_path / "pref.sqlite"
    code, _out, err = futasato(path, "prefecture", "init", "--municipality-code", "040002",
                              "--office", "宮城県", "--admin", "admin")
    assert code == 0, err
    return path


def _openssl(*args: str, data: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["openssl", *args], input=data, capture_output=True, timeout=30)


def test_a_towns_exchange_key_exported_as_pem_reads_in_openssl_and_checks_its_signature(
        futasato, admin, db, tmp_path):
    pem = tmp_path / "town.pem"
    assert futasato(db.path, "keys", "export", "--for", "exchange", "--out", pem)[0] == 0
    assert _openssl("pkey", "-pubin", "-in", str(pem), "-noout").returncode == 0
    signed = tmp_path / "return.zip"
    signed.write_bytes(b"PK\x03\x04 a return" * 100)
    signature = tmp_path / "return.zip.sig"
    key = exchange_keys.unlock_exchange_key(admin, ADMIN_PASSWORD)
    signature.write_bytes(key.sign(signed.read_bytes()))
    checked = _openssl("pkeyutl", "-verify", "-pubin", "-inkey", str(pem), "-rawin",
                       "-in", str(signed), "-sigfile", str(signature))
    assert checked.returncode == 0 and b"Signature Verified Successfully" in checked.stdout
    assert db.execute("SELECT count(*) FROM audit WHERE action = 'exchange_key.export'"
                      ).fetchone()[0] == 1


def test_the_exchange_key_sheet_names_the_office_code_and_fingerprint_in_japanese(
        futasato, db, tmp_path):
    sheet = tmp_path / "town.pdf"
    assert futasato(db.path, "keys", "export", "--for", "exchange", "--out", sheet)[0] == 0
    text = subprocess.run(["pdftotext", str(sheet), "-"], capture_output=True, text=True,
                          check=True).stdout
    fingerprint = exchange_keys.exchange_key(db)["fingerprint"]
    assert "報告用署名公開鍵" in text and "団体コード" in text and "042021" in text
    assert "石巻市役所 本庁" in text and fingerprint in text and "BEGIN PUBLIC KEY" in text
    pages = subprocess.run(["pdfinfo", str(sheet)], capture_output=True, text=True).stdout
    assert re.search(r"^Pages: +1$", pages, re.MULTILINE)


def test_a_supervisor_exports_but_only_an_administrator_trusts_imports_and_rotates(
        futasato, admin, tmp_path, prefecture):
    add_account(admin, "sup1", Role.SUPERVISOR, SUPER_PASSWORD)
    sign_in(admin.db, "admin", ADMIN_PASSWORD)
    town = admin.db.path
    as_supervisor = {"clerk": "sup1", "password": SUPER_PASSWORD}
    assert futasato(town, "keys", "export", "--for", "exchange", "--out",
                    tmp_path / "t.pem", **as_supervisor)[0] == 0
    assert futasato(prefecture, "keys", "export", "--out", tmp_path / "pref.pem")[0] == 0
    assert futasato(town, "keys", "import-prefecture", tmp_path / "pref.pem",
                    **as_supervisor)[0] == 5
    assert futasato(town, "keys", "rotate", "--for", "exchange", **as_supervisor)[0] == 5
    add_account(admin, "clerk1", Role.CLERK, "clerk-pass-99")
    assert futasato(town, "keys", "export", "--for", "exchange", "--out", tmp_path / "c.pem",
                    clerk="clerk1", password="clerk-pass-99")[0] == 5


def test_a_prefecture_is_set_up_and_its_file_reads_as_a_certificate_in_openssl(
        futasato, prefecture, tmp_path):
    db = Database(prefecture)
    try:
        assert exchange_keys.is_prefecture(db)
        assert db.office.get()["municipality_code"] == "040002"
        assert [key["purpose"] for key in exchange_keys.key_list(db)] == ["signing",
                                                                          "decryption"]
        session = sign_in(db, "admin", ADMIN_PASSWORD)
        private_pem = exchange_keys.unlock_prefecture_decryption_key(session, ADMIN_PASSWORD)
        pseudonym = exchange_keys.pseudonym_key(db)
    finally:
        db.close()
    out = tmp_path / "pref.pem"
    assert futasato(prefecture, "keys", "export", "--out", out)[0] == 0
    text = out.read_text("ascii")
    assert text.index("BEGIN CERTIFICATE") < text.index(f"BEGIN {PSEUDONYM_LABEL}")
    shown = _openssl("x509", "-in", str(out), "-noout", "-subject", "-text")
    assert shown.returncode == 0 and b"rsaEncryption" in shown.stdout
    assert b"Public-Key: (3072 bit)" in shown.stdout
    encrypted = _openssl("cms", "-encrypt", "-binary", "-aes256", "-outform", "DER",
                         "-recip", str(out), data=b"rows of a return")
    assert encrypted.returncode == 0, encrypted.stderr
    key_file = tmp_path / "pref.key"
    key_file.write_bytes(private_pem)
    decrypted = _openssl("cms", "-decrypt", "-binary", "-inform", "DER", "-recip", str(out),
                         "-inkey", str(key_file), data=encrypted.stdout)
    assert decrypted.stdout == b"rows of a return"
    assert serialization.load_pem_private_key(private_pem, None).key_size == 3072
    assert len(pseudonym) == 32


def test_a_town_imports_the_prefectures_certificate_and_pseudonym_key(
        futasato, admin, db, prefecture, tmp_path):
    out = tmp_path / "pref.pem"
    futasato(prefecture, "keys", "export", "--out", out)
    code, shown, _err = futasato(db.path, "keys", "import-prefecture", out)
    pref = Database(prefecture)
    try:
        expected = pref.exchange_keys.prefecture()
    finally:
        pref.close()
    assert code == 0 and expected["fingerprint"] in shown
    assert exchange_keys.pseudonym_key(db) == bytes(expected["pseudonym_key"])
    assert exchange_keys.prefecture_certificate_pem(db) == bytes(expected["certificate"])
    bare = tmp_path / "bare.pem"
    bare.write_text(out.read_text("ascii").split(f"-----BEGIN {PSEUDONYM_LABEL}")[0])
    code, _out, err = futasato(db.path, "keys", "import-prefecture", bare)
    assert code == 3 and "pseudonym key" in err


def test_trust_revoke_and_list_in_a_prefecture(futasato, admin, db, prefecture, tmp_path):
    pem = tmp_path / "town.pem"
    futasato(db.path, "keys", "export", "--for", "exchange", "--out", pem)
    fingerprint = exchange_keys.exchange_key(db)["fingerprint"]

    code, _out, err = futasato(prefecture, "keys", "trust", pem, "--municipality-code", "042022")
    assert code == 3 and "check digit" in err  # 石巻市 is 042021
    assert futasato(prefecture, "keys", "trust", pem, "--municipality-code", "042021")[0] == 0
    code, _out, err = futasato(prefecture, "keys", "trust", pem, "--municipality-code", "042030")
    assert code == 3 and "042021" in err  # the key is 石巻市's
    assert futasato(db.path, "keys", "trust", pem, "--municipality-code", "042030")[0] == 3

    code, out, _err = futasato(prefecture, "--json", "keys", "list")
    listed = json.loads(out)
    assert listed["mode"] == "prefecture"
    assert [(row["municipality_code"], row["fingerprint"], row["revoked_at"])
            for row in listed["trusted"]] == [("042021", fingerprint, None)]
    pref = Database(prefecture)
    try:
        from desktop_app.services.trust import trusted_town_key

        assert trusted_town_key(pref, "042021") == exchange_keys.exchange_public_key_pem(db)
        assert trusted_town_key(pref, "042030") is None
        code, out, _err = futasato(prefecture, "keys", "revoke", "042021", "--reason", "紛失")
        assert code == 0 and fingerprint in out
        assert trusted_town_key(pref, "042021") is None
        actions = [row[0] for row in pref.execute("SELECT action FROM audit ORDER BY id")]
    finally:
        pref.close()
    assert actions.count("town_key.trust") == 1 and actions.count("town_key.revoke") == 1
    code, out, _err = futasato(prefecture, "keys", "list")
    assert "042021" in out and "revoked" in out and "紛失" in out
    assert futasato(prefecture, "keys", "revoke", "042021")[0] == 3


def test_the_card_key_is_still_what_keys_export_writes_in_a_town(futasato, db, tmp_path):
    out = tmp_path / "card.pem"
    assert futasato(db.path, "keys", "export", "--out", out)[0] == 0
    assert out.read_text().startswith("Futasato QR signing key (Ed25519)")
    assert _openssl("pkey", "-pubin", "-in", str(out), "-noout").returncode == 0
