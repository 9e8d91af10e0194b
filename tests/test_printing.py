"""Every template renders to a PDF of the right size whose text and QR codes read back."""

from __future__ import annotations

import json
from datetime import date

import pytest

from desktop_app.domain.errors import PermissionDenied, RuleRefused
from desktop_app.domain.roles import Role
from desktop_app.printing import fonts
from desktop_app.services import print_settings, printing
from desktop_app.services.card_signing import export_text, load_public_key_file, signer
from desktop_app.services.session import Session
from desktop_app.services.verification import Outcome, verify
from desktop_app.services.vouchers import BatchInput, issue_batch
from tests.printing_helpers import (
    TODAY,
    needs_poppler,
    needs_zbar,
    page_sizes_mm,
    pdf_text,
    qr_codes,
    register_people,
    supervisor_of,
)

CARD_MM = (85.6, 54.0)
A4_MM = (210.0, 297.0)


@pytest.fixture
def people(admin, clerk) -> list[int]:
    return register_people(clerk, supervisor_of(admin))


def audit_rows(db, action: str) -> list[dict]:
    return [row for row in db.audit.recent(500) if row["action"] == action]


@needs_poppler
def test_one_card_is_id1_front_and_back_and_reads_back_in_japanese(clerk, people, tmp_path):
    pdf = printing.print_card(clerk, people[0])
    assert page_sizes_mm(pdf, tmp_path) == [CARD_MM, CARD_MM]
    text = pdf_text(pdf, tmp_path)
    assert "𠮷田" in text  # outside the BMP: needs the fallback font and the ToUnicode fix
    assert "二地域居住者証" in text and "R7-000001" in text
    assert clerk.db.registrants.get(people[0])["card_code"] in text
    assert "拾得された方は" in text  # the back


@needs_poppler
@needs_zbar
def test_ten_cards_on_a4_each_with_its_own_verifiable_code(clerk, db, people, tmp_path):
    pdf = printing.print_cards(clerk, statuses=("registered",), sheet="a4-10up")
    assert page_sizes_mm(pdf, tmp_path) == [A4_MM, A4_MM]  # fronts, then mirrored backs
    codes = qr_codes(pdf, tmp_path, expected=10)
    assert len(codes) == 10 and len(set(codes)) == 10
    card_codes = {db.registrants.get(i)["card_code"] for i in people}
    for code in codes:
        verdict = verify(db, code, today=TODAY)
        assert verdict.outcome is Outcome.VALID, verdict
        assert verdict.payload.identifier in card_codes
    [row] = audit_rows(db, "print.cards")
    assert row["clerk"] == "clerk1" and len(json.loads(row["after_json"])["registrants"]) == 10


def test_a_preview_is_watermarked_and_noted_as_a_preview_not_a_print(clerk, db, people,
                                                                      tmp_path):
    before = db.audit.count()
    pdf = printing.print_card(clerk, people[1], preview=True)
    assert db.audit.count() == before + 2  # the signing key, created on first need, and:
    [row] = audit_rows(db, "print.preview")
    assert row["entity_id"] == str(people[1])
    assert json.loads(row["after_json"])["document"] == "card"
    assert WATERMARK in pdf
    printing.print_card(clerk, people[1], copies=2)
    [row] = audit_rows(db, "print.card")
    assert json.loads(row["after_json"])["copies"] == 2 and row["entity_id"] == str(people[1])


@needs_poppler
@needs_zbar
def test_certificate_numbers_and_reissue_voids_the_earlier_one(clerk, db, people, tmp_path):
    first, pdf = printing.issue_certificate(clerk, people[0], today=TODAY)
    assert first == "S-R7-00001"
    assert page_sizes_mm(pdf, tmp_path) == [A4_MM]
    text = pdf_text(pdf, tmp_path)
    for expected in ("二地域居住者登録証明書", "𠮷田", "令和7年6月1日", "石巻市長", first,
                     "証明します"):
        assert expected in text
    [old_code] = qr_codes(pdf, tmp_path, expected=1)
    assert verify(db, old_code, today=TODAY).valid
    second, pdf2 = printing.issue_certificate(clerk, people[0], today=TODAY, reason="汚損")
    assert second == "S-R7-00002"
    revoked = verify(db, old_code, today=TODAY)
    assert revoked.outcome is Outcome.REVOKED
    [new_code] = qr_codes(pdf2, tmp_path, expected=1)
    assert verify(db, new_code, today=TODAY).valid
    issued = audit_rows(db, "certificate.issue")
    assert json.loads(issued[0]["before_json"]) == {"voided": [first]}


WATERMARK = b"/ca .22"  # the translucent fill of the diagonal 見本 (pdftotext skips slanted text)


def test_certificate_preview_takes_no_number_and_is_watermarked(clerk, db, people):
    number, pdf = printing.issue_certificate(clerk, people[1], preview=True)
    assert number == "" and WATERMARK in pdf
    assert audit_rows(db, "certificate.issue") == []
    assert WATERMARK not in printing.issue_certificate(clerk, people[1])[1]


@needs_poppler
@needs_zbar
def test_voucher_sheet(clerk, db, tmp_path):
    batch_id, serials = issue_batch(clerk, BatchInput(count=5, value=2,
                                                      expires_on=date(2026, 3, 31)),
                                    today=TODAY)
    pdf = printing.print_vouchers(clerk, batch_id)
    assert page_sizes_mm(pdf, tmp_path) == [A4_MM, A4_MM]
    text = pdf_text(pdf, tmp_path)
    assert "宿泊利用券" in text and serials[0] in text and "2泊分" in text
    codes = qr_codes(pdf, tmp_path, expected=5)
    assert sorted(verify(db, c, today=TODAY).payload.identifier for c in codes) == serials
    assert all(verify(db, c, today=TODAY).valid for c in codes)


@needs_poppler
def test_labels_letters_and_form(clerk, db, people, tmp_path):
    chosen = [db.registrants.get(i) for i in people]
    labels = printing.print_labels(clerk, chosen)
    assert page_sizes_mm(labels, tmp_path) == [A4_MM]
    text = pdf_text(labels, tmp_path)
    assert "〒150-0001" in text and "𠮷田" in text and "様" in text
    letters = printing.print_letters(clerk, chosen[:3], kind="renewal")
    assert page_sizes_mm(letters, tmp_path) == [A4_MM] * 3
    assert "登録更新のご案内" in pdf_text(letters, tmp_path)
    form = printing.print_application_form(clerk, people[0])
    text = pdf_text(form, tmp_path)
    assert "登録申請書" in text and "ヨシダ" in text and "署名" in text
    assert {r["action"] for r in db.audit.recent(10)} >= {"print.labels", "print.letters",
                                                          "print.application_form"}


def test_a_character_no_font_has_is_refused_naming_the_field(clerk, db, people):
    db.execute("UPDATE registrants SET given_name = ? WHERE id = ?", ("\U00031350", people[2]))
    with pytest.raises(RuleRefused) as refused:
        printing.print_card(clerk, people[2])
    assert refused.value.field == "Given name"
    assert "U+31350" in refused.value.message
    with pytest.raises(RuleRefused):
        printing.print_cards(clerk)


def test_fonts_fall_back_per_character():
    assert fonts.missing_characters("𠮷田髙﨑齋邊𩸽") == ""
    assert [font for font, _ in fonts.runs("𠮷田", fonts.GOTHIC)] == [fonts.FALLBACK_NAME,
                                                                     "Futasato-Gothic"]


def test_only_registered_people_get_cards_and_printing_needs_the_grant(admin, db, people):
    db.execute("UPDATE registrants SET status = 'applied' WHERE id = ?", (people[3],))
    with pytest.raises(RuleRefused):
        printing.print_card(admin, people[3])
    guest = Session(db, clerk="guest", role=Role.CLERK, terminal=admin.terminal)
    assert guest.role is Role.CLERK
    with pytest.raises(PermissionDenied):
        printing.void_certificate(guest, "S-R7-00001", "x")


def test_exported_key_verifies_elsewhere_and_foreign_keys_do_not(clerk, db, people, tmp_path,
                                                                 admin):
    code = printing.card_data(print_settings.load(db), signer(clerk),
                              db.registrants.get(people[0])).qr_payload
    key_file = tmp_path / "office.pem"
    key_file.write_text(export_text(clerk), encoding="utf-8")
    assert len(load_public_key_file(key_file)) == 32
    assert verify(None, code, today=TODAY, public_key_file=key_file).valid
    from desktop_app.services.card_signing import rotate_key

    rotate_key(admin)  # old cards still verify against the retired key
    assert verify(db, code, today=TODAY).valid
    other = tmp_path / "other.pem"
    other.write_text(export_text(admin), encoding="utf-8")  # the new key did not sign it
    assert verify(None, code, today=TODAY, public_key_file=other).outcome is Outcome.FORGED
