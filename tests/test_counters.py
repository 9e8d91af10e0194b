"""Numbers unique across the town's counters by construction, and old numbers still valid."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.cli import main
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.houses import Deal, HouseInput
from desktop_app.domain.ledger_rows import numbering_floors
from desktop_app.domain.roles import Role
from desktop_app.domain.vouchers import make_serial, normalize_serial
from desktop_app.services import houses, print_settings, printing, vouchers
from desktop_app.services import registry_status as status
from desktop_app.services.card_signing import signer
from desktop_app.services.office_setup import set_up_office
from desktop_app.services.registry_search import search
from desktop_app.services.session import Session
from desktop_app.services.sign_in import sign_in
from desktop_app.services.verification import Outcome, verify
from desktop_app.services.vouchers import BatchInput
from desktop_app.store.database import Database
from tests.conftest import ADMIN_PASSWORD
from tests.stays_helpers import add_person
from tests.test_schema_fixtures import _copy

TODAY = date(2026, 6, 1)
ISSUED = 200


def _counter(path, counter: int) -> Session:
    return set_up_office(Database(path), municipality_code="042021", office_name=f"窓口 {counter}",
                         admin_login="admin", admin_password=ADMIN_PASSWORD, counter=counter)


def _numbers(admin: Session) -> tuple[list[str], list[str], str, str]:
    """`ISSUED` registrant numbers and voucher serials issued at the admin's counter, and a
    certificate's number and a house listing's."""
    supervisor = Session(admin.db, clerk="super1", role=Role.SUPERVISOR, terminal=admin.terminal)
    people = [add_person(admin, given=f"花子{i}") for i in range(ISSUED)]
    numbers = [status.approve(supervisor, person, today=TODAY) for person in people]
    _, serials = vouchers.issue_batch(admin, BatchInput(count=ISSUED, value=1,
                                                        expires_on=date(2027, 3, 31)),
                                      today=TODAY)
    certificate, _pdf = printing.issue_certificate(admin, people[0], today=TODAY)
    house = houses.add_house(admin, HouseInput(address="宮城県石巻市北上町 1-2", deal=Deal.SALE,
                                                        price_yen=3_000_000),
                             today=TODAY)
    return numbers, serials, certificate, admin.db.houses.get(house)["listing_no"]


def test_two_counters_never_issue_the_same_number_or_serial(tmp_path):
    main_office, branch = _counter(tmp_path / "main.sqlite", 0), _counter(tmp_path / "b.sqlite", 2)
    try:
        main_numbers, main_serials, *main_others = _numbers(main_office)
        branch_numbers, branch_serials, *branch_others = _numbers(branch)
    finally:
        main_office.db.close()
        branch.db.close()
    assert len(set(main_numbers) | set(branch_numbers)) == 2 * ISSUED
    assert len(set(main_serials) | set(branch_serials)) == 2 * ISSUED
    # The main office keeps today's form; the branch's numbers carry its digit.
    assert (main_numbers[0], main_numbers[-1]) == ("R8-000001", "R8-000200")
    assert (branch_numbers[0], branch_numbers[-1]) == ("R8-2-000001", "R8-2-000200")
    assert main_serials[0] == make_serial(2026, 1) and main_serials[0].count("-") == 2
    assert branch_serials[0] == make_serial(2026, 1, 2) and branch_serials[0].startswith("2026-2-")
    assert all(normalize_serial(s) == s for s in main_serials + branch_serials)
    # Certificates and house listings too: the main office's as before, the branch's its own.
    assert main_others == ["S-R8-00001", "2026-001"]
    assert branch_others == ["S-R8-2-00001", "2026-2-001"]


def test_a_counter_serial_has_a_check_digit_over_the_counter_too():
    serial = make_serial(2026, 123, 4)
    assert normalize_serial(serial.replace("-", "")) == serial
    assert normalize_serial("２０２６－４－０００１２３－" + serial[-1]) == serial
    digits = serial.replace("-", "")
    for position in range(len(digits)):
        for wrong in "0123456789":
            if wrong != digits[position]:
                with pytest.raises(RuleRefused):
                    normalize_serial(digits[:position] + wrong + digits[position + 1:])
    assert normalize_serial(make_serial(2026, 123)) == make_serial(2026, 123)  # the old form
    with pytest.raises(RuleRefused):
        make_serial(2026, 1, 10)


def test_a_counter_numbers_series_is_its_own(clerk, admin, db):
    assert numbering_floors(["R8-000012", "R8-3-000040", "R8-3-000007", "R8-x-1"]) == {
        "registrant:R8": 12, "registrant:R8-3": 40}
    person = add_person(clerk)
    db.execute("UPDATE registrants SET registrant_no = 'R8-3-000040' WHERE id = ?", (person,))
    assert [p["id"] for p in search(db, "R8-3-000040")] == [person]


def test_a_schema_10_file_is_the_main_office_and_its_numbers_still_verify(tmp_path):
    db = Database(_copy(10, tmp_path))
    try:
        assert db.office.counter() == 0
        admin = sign_in(db, "admin", ADMIN_PASSWORD)
        holder = db.registrants.get(1)
        assert holder["registrant_no"] == "R8-000001"
        qr = printing.card_data(print_settings.load(db), signer(admin), holder).qr_payload
        verdict = verify(db, qr, today=TODAY)
        assert verdict.outcome is Outcome.VALID
        assert verdict.holder["registrant_no"] == "R8-000001"
        assert [p["id"] for p in search(db, "R8-000001")] == [1]
        for serial in ("2026-000001-5", "2026-000002-8"):
            assert normalize_serial(serial) == serial
            assert vouchers.look_up(db, serial)["serial"] == serial
        # New numbers run on in the same series and form.
        supervisor = Session(db, clerk="super1", role=Role.SUPERVISOR, terminal=admin.terminal)
        assert status.approve(supervisor, 3, today=TODAY) == "R8-000003"
        _, [serial] = vouchers.issue_batch(admin, BatchInput(count=1, value=1,
                                                             expires_on=date(2027, 3, 31)),
                                           today=TODAY)
        assert serial == make_serial(2026, 3)
    finally:
        db.close()


def test_init_sets_up_a_branch_counter_and_refuses_a_number_out_of_range(tmp_path, monkeypatch,
                                                                         capsys):
    monkeypatch.setenv("FUTASATO_PASSWORD", ADMIN_PASSWORD)
    path = tmp_path / "branch.sqlite"
    base = ["--db", str(path), "--json", "init", "--municipality-code", "042021", "--office",
            "北上支所", "--admin", "admin"]
    assert main([*base, "--counter", "10"]) == 3
    assert "0" in capsys.readouterr().err
    assert main([*base, "--counter", "3"]) == 0
    assert '"counter": 3' in capsys.readouterr().out
    db = Database(path)
    try:
        assert db.office.counter() == 3
    finally:
        db.close()
