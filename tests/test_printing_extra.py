"""The 物件情報シート and the 宿泊予約確認書: page size, text read back, consent, no owner data."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image

from desktop_app.cli import main
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.houses import Deal, HouseInput, HouseStatus
from desktop_app.services import houses, stays
from desktop_app.services.stay_house_printing import (
    built_year_text,
    print_booking_confirmation,
    print_house_listing,
)
from desktop_app.services.vouchers import BatchInput, issue_batch, redeem
from desktop_app.services.vouchers import Unit as VoucherUnit
from tests.conftest import ADMIN_PASSWORD
from tests.printing_helpers import needs_poppler, page_sizes_mm, pdf_text

A4_MM = (210.0, 297.0)
TODAY = date(2026, 5, 20)
OWNER = {"owner_name": "所有　一郎", "owner_contact": "0225-99-8877",
         "owner_address": "東京都練馬区豊玉北9-9-9"}


def photo(colour: tuple[int, int, int], size=(800, 600)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def audit_rows(db, action: str) -> list[dict]:
    return [row for row in db.audit.recent(500) if row["action"] == action]


@pytest.fixture
def house(admin) -> int:
    house_id = houses.add_house(admin, HouseInput(
        address="宮城県石巻市北上町十三浜字小泊 1-2", district="北上", deal=Deal.BOTH,
        price_yen=3_000_000, rent_yen=40_000, land_m2=330.5, floor_m2=95.5, layout="4LDK",
        structure="木造", water="公営", sewage="浄化槽", gas="LP", built_year=1978, floors=2,
        parking=2, pets_allowed=True, condition_notes="雨漏りなし。水回りは平成20年に改修済み。",
        repairs_needed="外壁の塗装", **OWNER), today=TODAY)
    houses.add_photo(admin, house_id, photo((180, 120, 60)), "外観")
    houses.add_photo(admin, house_id, photo((60, 120, 180), (600, 800)), "台所")
    return house_id


def publish(admin, house_id: int) -> None:
    houses.record_consent(admin, house_id, date(2026, 5, 1), "登録申込書兼同意書")
    houses.change_status(admin, house_id, HouseStatus.PUBLISHED, today=TODAY)


def test_listing_is_refused_before_consent_and_nothing_is_audited(admin, house):
    with pytest.raises(RuleRefused, match="同意"):
        print_house_listing(admin, house)
    with pytest.raises(RuleRefused, match="同意"):
        print_house_listing(admin, house, preview=True)
    assert audit_rows(admin.db, "print.house_listing") == []


@needs_poppler
def test_listing_sheet_has_photos_and_facts_but_no_owner_data(admin, house, tmp_path):
    publish(admin, house)
    pdf = print_house_listing(admin, house, today=TODAY)
    assert page_sizes_mm(pdf, tmp_path) == [A4_MM]
    text = pdf_text(pdf, tmp_path)
    for expected in ("物件情報シート", "2026-001", "3,000,000円", "40,000円", "4LDK",
                     "1978年（昭和53年）", "浄化槽", "外観", "台所", "相談可", "外壁の塗装",
                     "石巻市"):
        assert expected in text, expected
    for owner_value in (*OWNER.values(), "一郎", "練馬", "0225-99"):
        assert owner_value not in text
    assert pdf.count(b"/Subtype /Image") == 2  # both photos, from the database file
    [row] = audit_rows(admin.db, "print.house_listing")
    assert row["entity_id"] == str(house)


def test_listing_preview_is_not_audited(admin, house):
    publish(admin, house)
    assert print_house_listing(admin, house, preview=True).startswith(b"%PDF")
    assert audit_rows(admin.db, "print.house_listing") == []


def test_a_withdrawn_house_cannot_be_printed_for_the_public(admin, house):
    publish(admin, house)
    houses.change_status(admin, house, HouseStatus.WITHDRAWN, reason="所有者の都合")
    with pytest.raises(RuleRefused):
        print_house_listing(admin, house)


def test_built_year_in_both_calendars():
    assert built_year_text(1989) == "1989年（平成元年）"
    assert built_year_text(2019) == "2019年（令和元年）"
    assert built_year_text(None) == "不明"


@pytest.fixture
def booking(admin, facility, persons) -> int:
    admin.db.facilities.update(facility, {"house_rules": "22時以降はお静かに。ごみは分別して"
                                                         "指定の場所へ。館内は禁煙です。",
                                          "address": "石巻市北上町 5-1"})
    booking_id = stays.book(admin, facility_id=facility, registrant=persons[2],
                            check_in=date(2026, 8, 1), check_out=date(2026, 8, 4), guests=2)
    _batch, [serial] = issue_batch(admin, BatchInput(count=1, value=5000, unit=VoucherUnit.YEN,
                                                     expires_on=date(2027, 3, 31)), today=TODAY)
    redeem(admin, serial, booking_id, today=TODAY)
    return booking_id


@needs_poppler
def test_booking_confirmation_reads_back_in_wareki_with_fee_and_voucher(admin, booking,
                                                                       tmp_path):
    pdf = print_booking_confirmation(admin, booking, today=TODAY)
    assert page_sizes_mm(pdf, tmp_path) == [A4_MM]
    text = pdf_text(pdf, tmp_path)
    serial = admin.db.vouchers.of_booking(booking)[0]["serial"]
    for expected in ("宿泊予約確認書", "お試し住宅 北上", "石巻市北上町 5-1", "𠮷田",
                     "令和8年8月1日（土）", "令和8年8月4日（火）", "3泊", "2名", "6,000円",
                     "1泊 2,000円", serial, "5,000円分", "22時以降はお静かに", "仮予約"):
        assert expected in text, expected
    [row] = audit_rows(admin.db, "print.booking_confirmation")
    assert row["entity_id"] == str(booking)


def test_a_cancelled_booking_has_no_confirmation(admin, facility, persons):
    booking_id = stays.book(admin, facility_id=facility, registrant=persons[0],
                            check_in=date(2026, 9, 1), check_out=date(2026, 9, 3))
    stays.cancel(admin, booking_id, "本人の都合")
    with pytest.raises(RuleRefused, match=str(booking_id)):
        print_booking_confirmation(admin, booking_id)
    with pytest.raises(RuleRefused):
        print_booking_confirmation(admin, 9999)


@needs_poppler
def test_cli_prints_the_listing_and_the_booking(admin, house, booking, db_path, tmp_path,
                                                monkeypatch):
    monkeypatch.setenv("FUTASATO_CLERK", "admin")
    monkeypatch.setenv("FUTASATO_PASSWORD", ADMIN_PASSWORD)
    base = ["--db", str(db_path), "print"]
    listing = tmp_path / "listing.pdf"
    assert main([*base, "listing", "--house", str(house), "--out", str(listing)]) != 0
    assert not listing.exists()  # refused before consent
    publish(admin, house)
    assert main([*base, "listing", "--house", str(house), "--out", str(listing)]) == 0
    assert "物件情報シート" in pdf_text(listing.read_bytes(), tmp_path)
    confirmation = tmp_path / "booking.pdf"
    assert main([*base, "booking", "--booking", str(booking), "--out", str(confirmation)]) == 0
    assert "宿泊予約確認書" in pdf_text(confirmation.read_bytes(), tmp_path)
