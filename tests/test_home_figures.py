"""ホーム's figures: the same numbers as the quarterly return and the registry's filters give."""

from __future__ import annotations

from datetime import date

from desktop_app.domain.quarters import FiscalQuarter
from desktop_app.services.backup import create_backup
from desktop_app.services.demo import fill_demo
from desktop_app.services.home_figures import compute_home, months_until
from desktop_app.services.registrant_list import expiring_within
from desktop_app.services.registry_status import approve
from desktop_app.services.return_figures import compute_figures
from desktop_app.store.registrants import ListQuery
from tests.return_helpers import SAMPLE_DAY
from tests.stays_helpers import add_person

TODAY = date(2025, 9, 30)  # the last day of 2025Q2: the quarter's three months are in the 12


def test_twelve_months_end_with_this_one_and_a_29_february_is_a_month_end(admin):
    months = months_until(date(2028, 2, 29))
    assert months[0].key == "2027-03" and months[-1].key == "2028-02"
    assert months[-1].end == date(2028, 2, 29)
    assert [m.end for m in months_until(date(2026, 1, 15))][:2] == [date(2025, 2, 28),
                                                                     date(2025, 3, 31)]
    compute_home(admin.db, today=date(2028, 2, 29))  # a period ending then has ages to work out


def test_the_figures_agree_with_the_return_and_the_registry(admin):
    fill_demo(admin, registrants=60, seed=3, today=SAMPLE_DAY)
    db = admin.db
    home = compute_home(db, today=TODAY)
    quarter = FiscalQuarter(2025, 2)
    assert home.months[-3:] == ("2025-07", "2025-08", "2025-09")
    flat = compute_figures(db, quarter).flat
    in_quarter = [stay for stay in home.stays if stay.month in home.months[-3:]]
    assert sum(stay.nights for stay in in_quarter) == flat["booking_nights"] > 0
    assert sum(stay.nights_open for stay in in_quarter) == flat["facility_nights_open"]
    assert sum(home.vouchers_issued[-3:]) == flat["voucher_issued"]
    assert sum(home.vouchers_redeemed[-3:]) == flat["voucher_redeemed"]
    assert home.applications_waiting == db.registrants.count(ListQuery(status="applied")) > 0
    assert sum(home.on_register.values()) == (
        db.registrants.count(ListQuery(status="registered"))
        + db.registrants.count(ListQuery(status="renewed")))
    assert home.expiring_range == expiring_within(30, today=TODAY)
    assert home.expiring == db.registrants.count(ListQuery(expiring=home.expiring_range))
    approved_in_quarter = db.execute(
        "SELECT count(*) FROM registrants WHERE registered_on BETWEEN '2025-07-01'"
        " AND '2025-09-30'").fetchone()[0]
    assert sum(sum(counts[-3:]) for counts in home.registered_by_month.values()) == (
        approved_in_quarter)
    assert sum(home.houses.values()) == db.execute("SELECT count(*) FROM houses").fetchone()[0]
    assert home.return_quarter == FiscalQuarter(2025, 1) and home.return_version is None


def test_a_registration_approved_today_counts_in_this_month_and_on_the_register(
        admin, clerk):
    person = add_person(clerk)
    before = compute_home(admin.db, today=TODAY)
    assert before.applications_waiting == 1 and before.on_register == {}
    approve(admin, person, today=TODAY)
    after = compute_home(admin.db, today=TODAY)
    assert after.applications_waiting == 0
    assert after.on_register == {("furusato", "basic"): 1}
    assert after.registered_by_month[("furusato", "basic")] == (0,) * 11 + (1,)
    valid_until = date.fromisoformat(admin.db.registrants.get(person)["valid_until"])
    assert compute_home(admin.db, today=valid_until).expiring == 1


def test_the_last_backup_and_no_counter_yet(admin, tmp_path):
    assert compute_home(admin.db).last_backup is None
    out = tmp_path / "copy.sqlite"
    create_backup(admin, out)
    home = compute_home(admin.db)
    assert home.last_backup["entity_id"] == out.name
    assert home.last_backup["action"] == "backup.create"
    assert home.counters == ()
