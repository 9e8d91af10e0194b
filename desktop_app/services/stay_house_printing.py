"""The 物件情報シート of a published house and the 宿泊予約確認書 of a booking, as PDF bytes.

Like every other print (services/printing/), a preview writes nothing and a real print writes
one audit row, after the drawing. The listing sheet is built only from `houses.public_listing`,
which refuses a house without the owner's consent and leaves out the owner's name, address and
contact.
"""

from __future__ import annotations

from datetime import date

from desktop_app.domain.dates import era_year, format_wareki
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.houses import Deal
from desktop_app.domain.roles import Permission
from desktop_app.domain.stays import BookingStatus, nights
from desktop_app.domain.text import N_
from desktop_app.printing import booking_confirmation, fonts, house_listing
from desktop_app.printing.booking_confirmation import BookingConfirmation
from desktop_app.printing.house_listing import MAX_PHOTOS, ListingPhoto, ListingSheet
from desktop_app.services import houses, print_settings
from desktop_app.services.printing.shared import full_name, record_print
from desktop_app.services.session import Session

DEAL_WORDS = {Deal.SALE: "売買", Deal.RENT: "賃貸", Deal.BOTH: "売買・賃貸"}
WEEKDAYS = "月火水木金土日"
NOT_CONFIRMABLE = (BookingStatus.CANCELLED, BookingStatus.NO_SHOW)


def yen(amount: int | None) -> str:
    return "" if amount is None else f"{amount:,}円"


def built_year_text(year: int | None) -> str:
    """1978 → 1978年（昭和53年）: the era of the year's end, as 建築年 is usually written."""
    if not year:
        return "不明"
    era, number = era_year(date(year, 12, 31))
    return f"{year}年（{era.name}{'元' if number == 1 else number}年）"


def _area(value: float | None) -> str:
    return "" if value is None else f"{value:,.2f}㎡"


def _listing_sheet(settings, public: dict, photos: list, today: date) -> ListingSheet:
    deal = Deal(public["deal"])
    prices = []
    if deal in (Deal.SALE, Deal.BOTH) and public["price_yen"] is not None:
        prices.append(("売買価格", yen(public["price_yen"])))
    if deal in (Deal.RENT, Deal.BOTH) and public["rent_yen"] is not None:
        prices.append(("賃料（月額）", yen(public["rent_yen"])))
    district = f"{public['district']}地区" if public["district"] else ""
    available = public.get("available_from")
    rows = (("所在地", public["address"]), ("地区", public["district"]),
            ("取引形態", DEAL_WORDS[deal]), ("間取り", public["layout"]),
            ("土地面積", _area(public["land_m2"])), ("延床面積", _area(public["floor_m2"])),
            ("建築年", built_year_text(public["built_year"])), ("構造", public["structure"]),
            ("階数", f"{public['floors']}階建" if public.get("floors") else ""),
            ("駐車場", f"{public['parking']}台" if public.get("parking") is not None else ""),
            ("上水道", public["water"]), ("下水道", public["sewage"]), ("ガス", public["gas"]),
            ("ペット", "相談可" if public["pets_allowed"] else "不可"),
            ("入居可能時期", format_wareki(date.fromisoformat(available)) if available
             else "相談"),
            ("掲載日", format_wareki(date.fromisoformat(public["published_on"]))
             if public.get("published_on") else ""))
    notes = (("建物の状態", public.get("condition_notes") or ""),
             ("修繕の必要な箇所", public.get("repairs_needed") or ""))
    return ListingSheet(
        listing_no=public["listing_no"], town=settings.town,
        headline="　".join(part for part in (DEAL_WORDS[deal], district) if part),
        prices=tuple(prices), rows=rows, notes=notes,
        photos=tuple(ListingPhoto(image, caption) for image, caption in photos),
        office=settings.office, contact=settings.contact, issued_on=format_wareki(today))


def print_house_listing(session: Session, house_id: int, *, preview: bool = False,
                        copies: int = 1, today: date | None = None) -> bytes:
    """物件情報シート with photos and no owner data; refused before the owner's consent."""
    session.require(Permission.PRINT)
    public = houses.public_listing(session.db, house_id)
    captions = [p["caption"] for p in houses.thumbnails(session.db, house_id)]
    photos = list(zip(public["photos"], captions, strict=False))[:MAX_PHOTOS]
    settings = print_settings.load(session.db)
    sheet = _listing_sheet(settings, public, photos, today or date.today())
    fonts.check_printable([(label, value) for label, value in sheet.rows]
                          + [(label, value) for label, value in sheet.notes])
    pdf = house_listing.render(sheet, preview=preview)
    if not preview:
        record_print(session, "house_listing", copies=copies, entity_id=house_id,
                     listing_no=public["listing_no"], photos=len(photos))
    return pdf


def _day(text: str) -> str:
    day = date.fromisoformat(text)
    return f"{format_wareki(day)}（{WEEKDAYS[day.weekday()]}）"


def _voucher_text(voucher: dict) -> str:
    value = f"{voucher['value']:,}円分" if voucher["unit"] == "yen" else f"{voucher['value']}泊分"
    return f"{voucher['serial']}（{value}）"


def print_booking_confirmation(session: Session, booking_id: int, *, preview: bool = False,
                               copies: int = 1, today: date | None = None) -> bytes:
    """宿泊予約確認書: facility, guest, dates in 和暦, nights, fee, vouchers used, house rules."""
    session.require(Permission.PRINT)
    db = session.db
    booking = db.bookings.detail(booking_id)
    if booking is None:
        raise RuleRefused(N_("There is no booking {id}."), {"id": booking_id},
                          field=N_("Booking"))
    if BookingStatus(booking["status"]) in NOT_CONFIRMABLE:
        raise RuleRefused(N_("Booking {id} is cancelled or a no-show: there is nothing to "
                             "confirm."), {"id": booking_id}, field=N_("Booking"))
    facility = db.facilities.get(booking["facility_id"])
    settings = print_settings.load(db)
    vouchers = db.vouchers.of_booking(booking_id)
    stayed = nights(date.fromisoformat(booking["check_in"]),
                    date.fromisoformat(booking["check_out"]))
    status = {BookingStatus.PROVISIONAL: "仮予約", BookingStatus.CONFIRMED: "確定",
              BookingStatus.STAYING: "滞在中", BookingStatus.COMPLETED: "完了"}
    rows = (("施設名", facility["name"]), ("所在地", facility["address"]),
            ("チェックイン", _day(booking["check_in"])),
            ("チェックアウト", _day(booking["check_out"])),
            ("宿泊数", f"{stayed}泊"), ("人数", f"{booking['guests']}名"),
            ("予約の状況", status[BookingStatus(booking["status"])]),
            ("利用料金", f"{yen(booking['fee_yen'])}（1泊 {yen(facility['nightly_fee_yen'])}）"),
            ("宿泊利用券", "、".join(_voucher_text(v) for v in vouchers) or "なし"))
    guest = full_name(booking)
    fonts.check_printable([("氏名", guest), *rows, ("ハウスルール", facility["house_rules"])])
    data = BookingConfirmation(
        booking_no=str(booking_id), guest=guest, registrant_no=booking["registrant_no"] or "",
        issued_on=format_wareki(today or date.today()), rows=rows,
        house_rules=facility["house_rules"], town=settings.town, office=settings.office,
        contact=settings.contact)
    pdf = booking_confirmation.render(data, preview=preview)
    record_print(session, "booking_confirmation", [booking], copies=copies,
                 entity_id=booking_id, vouchers=[v["serial"] for v in vouchers],
                 preview=preview)
    return pdf
