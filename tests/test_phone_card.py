"""The card on the phone: a 1080 × 1920 PNG and a one-page PDF whose QR code reads back with
zbarimg and verifies with `futasato verify-card`; audited like the printed card."""

from __future__ import annotations

import subprocess

import pytest
from PIL import Image

from desktop_app.cli import main
from desktop_app.domain.errors import RuleRefused
from desktop_app.services import registry_status
from desktop_app.services.printing import phone_card_format
from tests.conftest import ADMIN_PASSWORD
from tests.printing_helpers import (
    needs_poppler,
    needs_zbar,
    pdf_text,
    qr_codes,
    register_people,
    supervisor_of,
)


@pytest.fixture
def person(admin, clerk) -> int:
    return register_people(clerk, supervisor_of(admin), count=1)[0]  # 𠮷田 太郎, 二地域居住者


@pytest.fixture
def cli(db_path, monkeypatch):
    monkeypatch.setenv("FUTASATO_CLERK", "admin")
    monkeypatch.setenv("FUTASATO_PASSWORD", ADMIN_PASSWORD)
    return lambda *words: main(["--db", str(db_path), *words])


def zbar(path) -> list[str]:
    found = subprocess.run(["zbarimg", "-q", "--nodbus", "--raw", "-Sdisable", "-Sqrcode.enable",
                            str(path)], capture_output=True, text=True)
    return found.stdout.split()


@needs_zbar
def test_the_png_is_a_phone_screen_whose_code_verifies(cli, person, db, tmp_path, capsys):
    out = tmp_path / "phone.png"
    assert cli("print", "phone-card", "--registrant", "R7-000001", "--out", str(out)) == 0
    assert Image.open(out).size == (1080, 1920)
    [payload] = zbar(out)
    assert payload.startswith("FT1.042021.C.") and ".D." in payload  # 二地域居住者, no tier
    capsys.readouterr()
    assert cli("verify-card", "--today", "2025-06-01", payload) == 0
    assert capsys.readouterr().out.startswith("valid")
    [row] = [r for r in db.audit.recent(50) if r["action"] == "print.phone_card"]
    assert row["entity_id"] == str(person) and '"format": "png"' in row["after_json"]


@needs_zbar
def test_the_code_still_reads_when_the_screen_is_shown_small(cli, person, tmp_path):
    """A shop's reader sees the phone from a distance: a third of the size still decodes."""
    out = tmp_path / "phone.png"
    cli("print", "phone-card", "--registrant", "R7-000001", "--out", str(out))
    small = tmp_path / "small.png"
    Image.open(out).resize((360, 640), Image.Resampling.BILINEAR).save(small)
    assert len(zbar(small)) == 1


@needs_poppler
@needs_zbar
def test_the_pdf_is_one_page_with_the_name_and_the_same_code(cli, person, tmp_path):
    png, pdf = tmp_path / "phone.png", tmp_path / "phone.pdf"
    cli("print", "phone-card", "--registrant", "R7-000001", "--out", str(png))
    assert cli("print", "phone-card", "--registrant", "R7-000001", "--out", str(pdf)) == 0
    text = pdf_text(pdf.read_bytes(), tmp_path)
    for expected in ("𠮷田", "太郎", "二地域居住者証", "R7-000001", "令和"):
        assert expected in text
    assert text.count("\f") == 1  # one page
    assert qr_codes(pdf.read_bytes(), tmp_path, expected=1) == zbar(png)


def test_refused_for_a_revoked_person_and_for_another_format(cli, admin, person, tmp_path):
    registry_status.revoke(supervisor_of(admin), person, "転出")
    out = tmp_path / "phone.png"
    assert cli("print", "phone-card", "--registrant", "R7-000001", "--out", str(out)) == 3
    assert not out.exists()
    with pytest.raises(RuleRefused):
        phone_card_format(tmp_path / "phone.jpg")
