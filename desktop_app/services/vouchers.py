"""Stay vouchers (宿泊利用券): issuing a batch, redeeming exactly once, voiding, expiring."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.roles import Permission
from desktop_app.domain.stays import BookingStatus
from desktop_app.domain.text import N_
from desktop_app.domain.vouchers import (
    CODE_ALPHABET,
    CODE_LENGTH,
    Unit,
    VoucherStatus,
    check_issue,
    check_redeemable,
    make_serial,
    normalize_code,
    normalize_serial,
)
from desktop_app.services.session import Session
from desktop_app.store.database import Database

_USABLE_BOOKING = (BookingStatus.PROVISIONAL, BookingStatus.CONFIRMED, BookingStatus.STAYING)


@dataclass
class BatchInput:
    """One batch, e.g. the vouchers sent to one ふるさと納税 donor."""

    count: int
    value: int
    expires_on: date
    unit: Unit = Unit.NIGHTS
    donor: str = ""
    receipt_no: str = ""
    donation_yen: int | None = None
    note: str = ""


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def issue_batch(session: Session, batch: BatchInput, *,
                today: date | None = None) -> tuple[int, list[str]]:
    """Issue `count` vouchers; returns the batch id and the serials in order."""
    session.require(Permission.REGISTER)
    today = today or date.today()
    check_issue(batch.count, batch.value, batch.expires_on, today)
    if batch.donation_yen is not None and batch.donation_yen < 0:
        raise RuleRefused(N_("This cannot be negative."), field=N_("Donation"))
    record = {"issued_on": today.isoformat(), "donor": batch.donor.strip(),
              "receipt_no": batch.receipt_no.strip(), "donation_yen": batch.donation_yen,
              "count": batch.count, "note": batch.note.strip(), **session.new_record()}
    with session.write("voucher.issue", "voucher_batch") as change:
        db = session.db
        batch_id = db.vouchers.insert_batch(record)
        counter = db.office.counter()
        first = db.vouchers.last_sequence(today.year, counter) + 1
        serials = [make_serial(today.year, first + i, counter) for i in range(batch.count)]
        db.vouchers.insert_many([
            {"batch_id": batch_id, "serial": serial, "verification_code": new_verification_code(),
             "unit": batch.unit.value, "value": batch.value,
             "expires_on": batch.expires_on.isoformat(), "status": VoucherStatus.ISSUED.value,
             **session.new_record()}
            for serial in serials
        ])
        change.entity_id = batch_id
        change.after = {**record, "unit": batch.unit.value, "value": batch.value,
                        "expires_on": batch.expires_on.isoformat(),
                        "first": serials[0], "last": serials[-1]}
    return batch_id, serials


def redeem(session: Session, serial: str, booking_id: int, *, code: str | None = None,
           today: date | None = None) -> dict:
    """Use a voucher for a booking. Exactly one of two counters trying at once succeeds."""
    session.require(Permission.REGISTER)
    today = today or date.today()
    serial = normalize_serial(serial)
    db = session.db
    with session.write("voucher.redeem", "voucher") as change:
        voucher = _voucher(db, serial)
        if code is not None and normalize_code(code) != voucher["verification_code"]:
            raise RuleRefused(N_("The verification code does not match this voucher."),
                              field=N_("Verification code"))
        booking = db.bookings.get(booking_id)
        if booking is None:
            raise RuleRefused(N_("There is no booking {id}."), {"id": booking_id},
                              field=N_("Booking"))
        if booking["status"] not in _USABLE_BOOKING:
            raise RuleRefused(N_("A voucher can only be used for a booking that is provisional, "
                                 "confirmed or staying."), field=N_("Booking"))
        if not db.vouchers.redeem(serial, booking_id, today.isoformat(),
                                  session.changed_record()):
            current = db.vouchers.by_serial(serial)
            check_redeemable(VoucherStatus(current["status"]),
                             date.fromisoformat(current["expires_on"]), today,
                             current["status_reason"])
            raise RuleRefused(N_("This voucher cannot be used."), field=N_("Voucher number"))
        change.entity_id = serial
        change.before = {"status": voucher["status"]}
        change.after = {"status": VoucherStatus.REDEEMED.value, "booking_id": booking_id}
    return db.vouchers.by_serial(serial)


def _voucher(db: Database, serial: str) -> dict:
    """The voucher with this serial, or a refusal naming it."""
    voucher = db.vouchers.by_serial(serial)
    if voucher is None:
        raise RuleRefused(N_("No voucher has the number {serial}."), {"serial": serial},
                          field=N_("Voucher number"))
    return voucher


def void(session: Session, serial: str, reason: str) -> None:
    """無効: a lost, stolen or wrongly issued voucher, kept on file with the reason."""
    session.require(Permission.APPROVE)
    if not reason.strip():
        raise RuleRefused(N_("Give the reason for making the voucher void."), field=N_("Reason"))
    serial = normalize_serial(serial)
    db = session.db
    with session.write("voucher.void", "voucher") as change:
        voucher = _voucher(db, serial)
        if voucher["status"] != VoucherStatus.ISSUED.value:
            raise RuleRefused(N_("Only a voucher that is still issued can be made void."),
                              field=N_("Voucher number"))
        db.vouchers.set_status(voucher["id"], VoucherStatus.VOID.value, reason.strip(),
                               session.changed_record())
        change.entity_id = serial
        change.before = {"status": voucher["status"]}
        change.after = {"status": VoucherStatus.VOID.value, "reason": reason.strip()}


def expire_due(session: Session, *, today: date | None = None) -> list[str]:
    """失効: mark every issued voucher past its expiry date; returns their serials."""
    session.require(Permission.REGISTER)
    today = today or date.today()
    with session.write("voucher.expire", "voucher") as change:
        serials = session.db.vouchers.expire_due(today.isoformat(), session.changed_record())
        change.after = {"expired": serials}
    return serials


def look_up(db, serial: str) -> dict | None:
    return db.vouchers.by_serial(normalize_serial(serial))


def recent(db, limit: int = 200) -> list[dict]:
    """The newest vouchers with their batch's donor, for the counter's list."""
    return db.vouchers.recent(limit)
