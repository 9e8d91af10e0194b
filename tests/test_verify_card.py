"""Offline verification of QR payloads: valid, revoked, expired, forged; the CLI's exit codes."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.cli import main
from desktop_app.domain.card_payload import CardPayload, Document, parse
from desktop_app.domain.errors import NotGenuine
from desktop_app.services import print_settings, printing, registry_status
from desktop_app.services.card_signing import signer
from desktop_app.services.verification import Outcome, verify
from tests.conftest import ADMIN_PASSWORD
from tests.printing_helpers import TODAY, register_people, supervisor_of


@pytest.fixture
def codes(admin, clerk, db) -> dict[int, str]:
    ids = register_people(clerk, supervisor_of(admin), count=4)
    settings = print_settings.load(db)
    sign = signer(clerk)
    return {i: printing.card_data(settings, sign, db.registrants.get(i)).qr_payload for i in ids}


def test_payload_round_trip_and_shape():
    payload = CardPayload("042021", Document.CARD, "ABCDE-23456", date(2027, 3, 31), "DB")
    text = payload.signed(bytes(64))
    parsed, signed, signature = parse(text.lower() + "\r\n")  # scanners add line ends
    assert parsed == payload and signature == bytes(64) and signed == payload.body().encode()
    assert set(text) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.")
    with pytest.raises(NotGenuine):
        parse("FT1.042021.C.X.0.-.AAAA")


def test_valid_then_revoked(codes, admin, db):
    registrant_id, code = next(iter(codes.items()))
    verdict = verify(db, code, today=TODAY)
    assert verdict.outcome is Outcome.VALID and verdict.holder["registrant_no"] == "R7-000001"
    registry_status.revoke(supervisor_of(admin), registrant_id, "転出")
    assert verify(db, code, today=TODAY).outcome is Outcome.REVOKED


def test_expired_by_date_and_by_status(codes, db):
    registrant_id, code = list(codes.items())[1]
    assert verify(db, code, today=date(2026, 6, 1)).outcome is Outcome.EXPIRED
    db.execute("UPDATE registrants SET status = 'expired' WHERE id = ?", (registrant_id,))
    assert verify(db, code, today=TODAY).outcome is Outcome.EXPIRED


@pytest.mark.parametrize("tamper", [
    lambda c: c.replace(".2026", ".2099"),  # a later expiry
    lambda c: c[:-3] + ("AAA" if not c.endswith("AAA") else "BBB"),  # the signature
    lambda c: c.replace(".042021.", ".042056."),  # another town
    lambda c: c.replace(".C.", ".S."),
    lambda c: c[:40],  # truncated
    lambda c: "hello",
])
def test_tampered_codes_are_forged(codes, db, tamper):
    code = list(codes.values())[2]
    assert verify(db, tamper(code), today=TODAY).outcome is Outcome.FORGED


def test_a_code_signed_by_another_key_is_forged(codes, db):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    code = next(iter(codes.values()))
    payload, signed, _ = parse(code)
    forged = payload.signed(Ed25519PrivateKey.generate().sign(signed))
    assert verify(db, forged, today=TODAY).outcome is Outcome.FORGED


def test_cli_exit_codes(codes, admin, db_path, capsys, monkeypatch):
    monkeypatch.setenv("FUTASATO_CLERK", "admin")
    monkeypatch.setenv("FUTASATO_PASSWORD", ADMIN_PASSWORD)
    registrant_id, code = next(iter(codes.items()))
    args = ["--db", str(db_path), "verify-card", "--today", "2025-06-01"]
    assert main([*args, code]) == 0
    assert capsys.readouterr().out.startswith("valid")
    assert main([*args, code.replace(".2026", ".2027")]) == 4
    assert capsys.readouterr().out.startswith("forged")
    assert main(["--db", str(db_path), "verify-card", "--today", "2030-01-01", code]) == 4
    assert capsys.readouterr().out.startswith("expired")
    registry_status.revoke(supervisor_of(admin), registrant_id, "本人の申出")
    assert main([*args, code]) == 4
    assert capsys.readouterr().out.startswith("revoked")


def test_cli_prints_and_exports(codes, db_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FUTASATO_CLERK", "admin")
    monkeypatch.setenv("FUTASATO_PASSWORD", ADMIN_PASSWORD)
    base = ["--db", str(db_path)]
    card = tmp_path / "card.pdf"
    assert main([*base, "print", "card", "--registrant", "R7-000001", "--out", str(card)]) == 0
    assert card.read_bytes().startswith(b"%PDF")
    sheet = tmp_path / "cards.pdf"
    assert main([*base, "print", "cards", "--status", "登録", "--sheet", "a4-10up", "--out",
                 str(sheet)]) == 0
    certificate = tmp_path / "certificate.pdf"
    assert main([*base, "--json", "print", "certificate", "--registrant", "R7-000002", "--out",
                 str(certificate)]) == 0
    assert '"certificate_no": "S-R' in capsys.readouterr().out
    labels = tmp_path / "labels.pdf"
    assert main([*base, "print", "labels", "--status", "登録", "--out", str(labels)]) == 0
    key = tmp_path / "office.pem"
    assert main([*base, "keys", "export", "--out", str(key)]) == 0
    assert "BEGIN PUBLIC KEY" in key.read_text()
    code = next(iter(codes.values()))
    assert main(["verify-card", "--public-key", str(key), "--today", "2025-06-01", code]) == 0
    assert main([*base, "print", "card", "--registrant", "R7-999999", "--out",
                 str(card)]) == 3
