"""Stay vouchers: check digits, issuing, redeeming exactly once (also across processes), expiry."""

from __future__ import annotations

import multiprocessing
from datetime import date, timedelta

import pytest

from desktop_app.domain.errors import PermissionDenied, RuleRefused
from desktop_app.domain.vouchers import check_digit, make_serial, normalize_serial
from desktop_app.services import stays, vouchers
from desktop_app.services.vouchers import BatchInput

TODAY = date(2026, 6, 1)


def test_check_digit_known_value_and_errors_caught():
    assert check_digit("572") == 4  # the Damm algorithm's published example
    serial = make_serial(2026, 123)
    assert serial == f"2026-000123-{check_digit('2026000123')}"
    assert normalize_serial(serial.replace("-", "")) == serial
    assert normalize_serial("２０２６－０００１２３－" + serial[-1]) == serial  # full-width
    digits = serial.replace("-", "")
    for position in range(len(digits)):  # every single wrong digit is caught
        for wrong in "0123456789":
            if wrong != digits[position]:
                typo = digits[:position] + wrong + digits[position + 1:]
                with pytest.raises(RuleRefused):
                    normalize_serial(typo)
    for position in range(len(digits) - 1):  # so is every swap of neighbours
        swapped = (digits[:position] + digits[position + 1] + digits[position]
                   + digits[position + 2:])
        if swapped != digits:
            with pytest.raises(RuleRefused):
                normalize_serial(swapped)
    with pytest.raises(RuleRefused):
        normalize_serial("12345")


@pytest.fixture
def booking(admin, facility, persons):
    return stays.book(admin, facility_id=facility, registrant=persons[0],
                      check_in=date(2026, 8, 1), check_out=date(2026, 8, 3))


def _issue(session, count=3, expires=date(2027, 3, 31), **kw):
    return vouchers.issue_batch(session, BatchInput(count=count, value=2, expires_on=expires,
                                                    donor="寄附 太郎", receipt_no="R-0001",
                                                    donation_yen=30000, **kw), today=TODAY)


def test_issue_batch_numbers_run_on_and_codes_are_random(admin):
    batch, serials = _issue(admin)
    _, more = _issue(admin, count=2)
    numbers = [int(s[5:11]) for s in serials + more]
    assert numbers == [1, 2, 3, 4, 5]
    rows = admin.db.vouchers.of_batch(batch)
    assert {r["status"] for r in rows} == {"issued"}
    assert len({r["verification_code"] for r in rows}) == 3
    assert all(len(r["verification_code"]) == 8 for r in rows)
    assert admin.db.vouchers.batch(batch)["donor"] == "寄附 太郎"
    with pytest.raises(RuleRefused):
        _issue(admin, expires=TODAY)


def test_redeem_once_then_refused(admin, booking):
    _, (serial, *_rest) = _issue(admin)
    used = vouchers.redeem(admin, serial, booking, today=TODAY)
    assert used["status"] == "redeemed" and used["booking_id"] == booking
    with pytest.raises(RuleRefused, match="既に使用済み"):
        vouchers.redeem(admin, serial, booking, today=TODAY)


def test_refusals_name_the_reason(admin, booking):
    _, serials = _issue(admin, count=3, expires=date(2026, 7, 1))
    with pytest.raises(RuleRefused, match="2026-999999") as unknown:
        vouchers.redeem(admin, make_serial(2026, 999999), booking, today=TODAY)
    assert unknown.value.field
    with pytest.raises(RuleRefused, match="令和8年7月1日"):  # expired, though not yet marked so
        vouchers.redeem(admin, serials[0], booking, today=date(2026, 7, 2))
    vouchers.void(admin, serials[1], "紛失届")
    with pytest.raises(RuleRefused, match="紛失届"):
        vouchers.redeem(admin, serials[1], booking, today=TODAY)
    with pytest.raises(RuleRefused):  # wrong verification code
        vouchers.redeem(admin, serials[2], booking, code="XXXXXXXX", today=TODAY)
    code = admin.db.vouchers.by_serial(serials[2])["verification_code"]
    assert vouchers.redeem(admin, serials[2], booking, code=code.lower(), today=TODAY)


def test_expiry_marks_issued_vouchers(admin, booking):
    _, serials = _issue(admin, count=2, expires=date(2026, 7, 1))
    vouchers.redeem(admin, serials[0], booking, today=TODAY)
    assert vouchers.expire_due(admin, today=date(2026, 7, 1)) == []
    assert vouchers.expire_due(admin, today=date(2026, 7, 2)) == [serials[1]]
    assert admin.db.vouchers.by_serial(serials[0])["status"] == "redeemed"
    assert admin.db.vouchers.by_serial(serials[1])["status"] == "expired"
    with pytest.raises(RuleRefused, match="有効期限が切れて"):
        vouchers.redeem(admin, serials[1], booking, today=TODAY)


def test_voucher_for_cancelled_booking_refused(admin, booking):
    _, serials = _issue(admin, count=1)
    stays.cancel(admin, booking, "予定変更")
    with pytest.raises(RuleRefused):
        vouchers.redeem(admin, serials[0], booking, today=TODAY)
    assert admin.db.vouchers.by_serial(serials[0])["status"] == "issued"


def test_void_needs_a_supervisor(clerk, admin):
    _, serials = _issue(admin, count=1)
    with pytest.raises(PermissionDenied):
        vouchers.void(clerk, serials[0], "誤発行")


def _redeem_in_another_process(path, serial, booking_id, start, results):
    """Runs in a child process: open the file itself, wait for the signal, redeem."""
    from desktop_app.domain.roles import Role
    from desktop_app.services.session import Session
    from desktop_app.store.database import Database

    db = Database(path)
    session = Session(db, clerk="counter", role=Role.CLERK)
    start.wait()
    try:
        vouchers.redeem(session, serial, booking_id, today=TODAY)
        results.put(("ok", booking_id))
    except RuleRefused as refused:
        results.put(("refused", refused.msgid))
    finally:
        db.close()


def test_single_redemption_under_two_concurrent_processes(admin, facility, persons, db_path):
    bookings = [stays.book(admin, facility_id=facility, registrant=persons[i],
                           check_in=date(2026, 8, 1) + timedelta(days=3 * i),
                           check_out=date(2026, 8, 3) + timedelta(days=3 * i))
                for i in range(2)]
    _, serials = _issue(admin, count=5)
    context = multiprocessing.get_context("spawn")
    for serial in serials:
        start, results = context.Event(), context.Queue()
        workers = [context.Process(target=_redeem_in_another_process,
                                   args=(str(db_path), serial, booking_id, start, results))
                   for booking_id in bookings]
        for worker in workers:
            worker.start()
        start.set()
        outcomes = sorted(results.get(timeout=60) for _ in workers)
        for worker in workers:
            worker.join(timeout=60)
        assert [kind for kind, _ in outcomes] == ["ok", "refused"], outcomes
        assert outcomes[1][1] == "This voucher has already been used."
        row = admin.db.vouchers.by_serial(serial)
        assert row["status"] == "redeemed" and row["booking_id"] == outcomes[0][1]
    assert admin.db.audit.verify() is None
    redeemed = admin.db.execute("SELECT count(*) FROM audit WHERE action = 'voucher.redeem'")
    assert redeemed.fetchone()[0] == len(serials)
