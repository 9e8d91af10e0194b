"""A quarter's figures from known events, the fiscal quarter, pseudonymous rows, `return show`."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date

import pytest

from desktop_app.domain.application import Application
from desktop_app.domain.errors import PermissionDenied, RuleRefused
from desktop_app.domain.figure_keys import FIGURE_KEYS
from desktop_app.domain.quarters import FiscalQuarter
from desktop_app.domain.roles import Role
from desktop_app.domain.vouchers import Unit
from desktop_app.printing.return_summary import render_return_summary
from desktop_app.services import registry_status as status
from desktop_app.services.consultations import record_consultation
from desktop_app.services.involvement import log_involvement
from desktop_app.services.merge import merge
from desktop_app.services.office_setup import set_up_office
from desktop_app.services.registration import register
from desktop_app.services.return_figures import (
    ROW_COLUMNS,
    compute_figures,
    quarter_figures,
    return_rows,
)
from desktop_app.services.session import Session
from desktop_app.services.stays import FacilityInput, add_facility, book
from desktop_app.services.vouchers import BatchInput, issue_batch, redeem
from desktop_app.store.database import Database

Q1 = FiscalQuarter.parse("2025Q1")  # 2025-04-01 .. 2025-06-30
KEY = b"k" * 32


def test_the_fiscal_quarter_starts_in_april_and_refuses_what_is_not_one():
    assert (Q1.start, Q1.end) == (date(2025, 4, 1), date(2025, 6, 30))
    q4 = FiscalQuarter.parse("2025q4")
    assert (q4.start, q4.end, str(q4)) == (date(2026, 1, 1), date(2026, 3, 31), "2025Q4")
    assert Q1.previous() == FiscalQuarter(2024, 4) and q4.previous() == FiscalQuarter(2025, 3)
    assert FiscalQuarter.of(date(2026, 3, 31)) == q4
    assert Q1.label("wareki") == "令和7年度 第1四半期"
    assert Q1.label("seireki") == "2025年度 第1四半期"
    assert FiscalQuarter(2019, 1).label("wareki") == "令和元年度 第1四半期"
    for text in ("2025Q5", "2025", "Q1", "2025Q1x"):
        with pytest.raises(RuleRefused, match="2025Q1"):
            FiscalQuarter.parse(text)


def _person(family: str, birth: str, postal: str = "150-0001", **more) -> Application:
    return Application(family_name=family, given_name="花子", family_kana="サトウ",
                       given_kana="ハナコ", birth_date=birth, kind="furusato", tier="basic",
                       postal_code=postal, **more)


def _at(db, action: str, registrant_id: int, instant: str) -> None:
    """Date an audit row as if the work had been done at `instant` (UTC)."""
    db.execute("UPDATE audit SET at = ? WHERE action = ? AND entity_id = ?",
               (instant, action, str(registrant_id)))


@pytest.fixture
def supervisor(admin) -> Session:
    return Session(admin.db, clerk="super1", role=Role.SUPERVISOR, terminal=admin.terminal)


@pytest.fixture
def town(admin, clerk, supervisor):
    """A quarter with known events: who, what and when, at and around both boundaries."""
    db = admin.db
    ids = {}

    def registered(name, applied, approved, birth="1980-05-05", **more):
        ids[name] = register(clerk, _person(name, birth, **more), today=applied)
        if approved:
            status.approve(supervisor, ids[name], today=approved)
        return ids[name]

    registered("前年", date(2024, 6, 1), date(2024, 6, 2), birth="1995-06-30")  # age 30 on 6-30
    registered("初日", date(2025, 3, 31), date(2025, 4, 1), birth="1995-07-01")  # still 29
    registered("末日", date(2025, 6, 30), date(2025, 6, 30), postal="100-0001")
    registered("翌期", date(2025, 6, 30), date(2025, 7, 1))  # approved after: 申請中 at the end
    registered("後申請", date(2025, 7, 1), None)  # not on file at the end
    registered("二地域", date(2025, 5, 1), date(2025, 5, 2))
    db.execute("UPDATE registrants SET kind = 'dual', tier = NULL WHERE id = ?", (ids["二地域"],))
    status.renew(clerk, ids["前年"], today=date(2025, 5, 31))  # renewed in the period
    registered("取消", date(2024, 7, 1), date(2024, 7, 1))  # valid until 2025-06-30
    status.revoke(supervisor, ids["取消"], "虚偽の申請")
    _at(db, "registrant.revoke", ids["取消"], "2025-06-30T14:59:59+00:00")  # 6-30 23:59 JST
    registered("後取消", date(2024, 7, 1), date(2024, 7, 1))
    status.revoke(supervisor, ids["後取消"], "虚偽の申請")
    _at(db, "registrant.revoke", ids["後取消"], "2025-06-30T15:00:00+00:00")  # 7-1 00:00 JST
    registered("抹消", date(2024, 4, 1), date(2024, 4, 1))
    status.erase(supervisor, ids["抹消"], "本人の申出")
    _at(db, "registrant.erase", ids["抹消"], "2025-03-31T15:00:00+00:00")  # 4-1 00:00 JST
    registered("失効", date(2024, 4, 1), date(2024, 4, 1))  # valid until 2025-03-31
    registered("後更新", date(2024, 7, 10), date(2024, 7, 10))  # valid until 2025-07-09
    status.renew(clerk, ids["後更新"], today=date(2025, 7, 5))  # 登録, not 更新, at the end
    registered("重複", date(2024, 7, 1), date(2024, 7, 1))
    merge(supervisor, ids["初日"], ids["重複"])  # merged away (抹消) after the quarter

    facility = add_facility(admin, FacilityInput(name="お試し住宅 北上", capacity=4,
                                                 nightly_fee_yen=2000, max_nights=14))
    across_start = book(clerk, facility_id=facility, registrant=ids["前年"],
                        check_in=date(2025, 3, 29), check_out=date(2025, 4, 2), guests=2)
    book(clerk, facility_id=facility, registrant=ids["初日"], check_in=date(2025, 4, 10),
         check_out=date(2025, 4, 12), guests=3)
    book(clerk, facility_id=facility, registrant=ids["末日"], check_in=date(2025, 6, 29),
         check_out=date(2025, 7, 3), guests=1)  # 2 of its 4 nights fall in the period
    _batch, serials = issue_batch(clerk, BatchInput(count=3, value=5000, unit=Unit.YEN,
                                                    expires_on=date(2026, 3, 31)),
                                  today=date(2025, 4, 1))
    issue_batch(clerk, BatchInput(count=2, value=2, expires_on=date(2026, 3, 31)),
                today=date(2025, 7, 1))  # next quarter
    redeem(clerk, serials[0], across_start, today=date(2025, 6, 30))
    db.execute("UPDATE vouchers SET redeemed_at = '2025-06-30T14:00:00+00:00'"
               " WHERE serial = ?", (serials[0],))
    record_consultation(clerk, ids["初日"], "2025-04-01", "counter", ["housing", "work"],
                        today=date(2025, 4, 1))
    record_consultation(clerk, None, "2025-06-30", "phone", ["housing"], today=date(2025, 7, 1))
    record_consultation(clerk, None, "2025-07-01", "phone", ["work"], today=date(2025, 7, 1))
    log_involvement(clerk, ids["初日"], "donation", "2025-04-01", amount_yen=30000,
                    today=date(2025, 7, 1))
    log_involvement(clerk, ids["初日"], "donation", "2025-07-01", amount_yen=99999,
                    today=date(2025, 7, 1))
    log_involvement(clerk, ids["末日"], "volunteer", "2025-06-30", quantity=5,
                    today=date(2025, 7, 1))
    log_involvement(clerk, ids["末日"], "event", "2025-05-05", quantity=1,
                    today=date(2025, 7, 1))
    with db.transaction():
        for number, day in (("C1", "2025-04-01"), ("C2", "2025-06-30"), ("C3", "2025-03-31")):
            db.certificates.insert({"certificate_no": number, "registrant_id": ids["初日"],
                                    "kind": "registration", "issued_on": day,
                                    "status": "issued", **clerk.new_record()})
        db.execute("UPDATE certificates SET status = 'void',"
                   " updated_at = '2025-05-01T00:00:00+00:00' WHERE certificate_no = 'C3'")
    return ids


def test_a_quarter_of_known_events_gives_exactly_its_figures(db, town):
    flat = compute_figures(db, Q1).flat
    assert list(flat) == list(FIGURE_KEYS)
    assert all(isinstance(value, int) for value in flat.values())
    # 前年, 初日, 末日, 二地域 live at the end; 後取消 too (revoked a second later);
    # 翌期 still applied; 取消 revoked; 抹消 erased; 失効 expired on 2025-03-31.
    # 後更新 still 登録 (renewed only after), 重複 too (merged away only after).
    assert flat["registrants_end"] == 7
    assert flat["registrants_end_furusato_basic"] == 6 and flat["registrants_end_dual"] == 1
    assert {k[23:]: v for k, v in flat.items() if k.startswith("registrants_end_status_")} == {
        "applied": 1, "registered": 6, "renewed": 1, "expired": 1, "revoked": 1, "erased": 1}
    assert flat["applications"] == 3  # 末日, 翌期 (both 6-30) and 二地域; 初日 applied 3-31
    assert flat["new_registrations"] == 3  # 初日 (4-1), 末日 (6-30), 二地域; 翌期 on 7-1
    assert (flat["renewals"], flat["revocations"], flat["erasures"], flat["merges"]) == (
        1, 1, 1, 0)
    assert flat["age_30_39"] == 1 and flat["age_20_29"] == 1 and flat["age_40_49"] == 5
    assert flat["home_pref_13"] == 7  # every live person gave a Tokyo postal code
    assert (flat["certificates_issued"], flat["certificates_voided"]) == (2, 1)
    assert flat["consultations"] == 2
    assert (flat["consultation_topic_housing"], flat["consultation_topic_work"]) == (2, 1)
    assert (flat["bookings"], flat["booking_persons"]) == (2, 4)  # arriving 4-10 and 6-29
    assert flat["booking_nights"] == 1 + 2 + 2  # 4-1; 4-10, 4-11; 6-29, 6-30
    assert flat["booking_person_nights"] == 2 * 1 + 3 * 2 + 1 * 2
    assert flat["facility_nights_open"] == 91
    assert (flat["voucher_issued"], flat["voucher_issued_yen"], flat["voucher_issued_nights"]) \
        == (3, 15000, 0)
    assert (flat["voucher_redeemed"], flat["voucher_redeemed_yen"]) == (1, 5000)
    assert (flat["donations"], flat["donation_yen"]) == (1, 30000)
    assert (flat["volunteer_hours"], flat["events_attended"]) == (5, 1)
    stays = compute_figures(db, Q1).table("trial_stays")
    assert stays.rows[0][stays.columns.index("occupancy_percent")] == round(500 / 91, 1)


def test_the_next_quarter_sees_what_came_after(db, town):
    flat = compute_figures(db, FiscalQuarter(2025, 2)).flat
    assert flat["revocations"] == 1 and flat["registrants_end_status_revoked"] == 2
    assert flat["renewals"] == 1 and flat["registrants_end_status_renewed"] == 2  # 前年, 後更新
    assert flat["registrants_end_status_applied"] == 1  # 後申請, applied 7-1
    assert flat["new_registrations"] == 1 and flat["voucher_issued_nights"] == 4
    assert flat["booking_nights"] == 2 and flat["bookings"] == 0
    now = compute_figures(db, FiscalQuarter.of(date.today())).flat  # the merge was written now
    assert now["merges"] == 1 and now["registrants_end_status_erased"] == 2


def test_the_figures_need_the_right_to_export(clerk, supervisor):
    with pytest.raises(PermissionDenied):
        quarter_figures(clerk, Q1)
    assert quarter_figures(supervisor, Q1).flat["registrants_end"] == 0


def _town(path, code: str, office: str, takahashi: str) -> Session:
    db = Database(path)
    admin = set_up_office(db, municipality_code=code, office_name=office, admin_login="admin",
                          admin_password="counter-pass-1", admin_name="管理 太郎")
    supervisor = Session(db, clerk="super1", role=Role.SUPERVISOR, terminal=admin.terminal)
    for family, given, birth in (("佐藤", "花子", "1980-05-05"), (takahashi, "一郎", "1970-01-02")):
        registrant = register(admin, Application(
            family_name=family, given_name=given, family_kana="サトウ", given_kana="ハナコ",
            birth_date=birth, kind="furusato", tier="basic", postal_code="150-0001",
            phone="090-1111-2222", address="神宮前 1-1"), today=date(2025, 4, 2))
        status.approve(supervisor, registrant, today=date(2025, 4, 3))
    return admin


def test_a_person_has_the_same_pseudonym_in_every_town_and_no_personal_value(tmp_path):
    # The same two people, one of them written with the variant 髙 in the first town.
    first = _town(tmp_path / "a.sqlite", "042021", "石巻市役所", "髙橋")
    second = _town(tmp_path / "b.sqlite", "042056", "気仙沼市役所", "高橋")
    rows_a = list(return_rows(first.db, Q1, KEY))
    rows_b = list(return_rows(second.db, Q1, KEY))
    assert [tuple(row) for row in rows_a] == [ROW_COLUMNS] * 2
    assert {row["pseudonym"] for row in rows_a} == {row["pseudonym"] for row in rows_b}
    assert len({row["pseudonym"] for row in rows_a}) == 2
    assert {r["pseudonym"] for r in return_rows(first.db, Q1, b"x" * 32)}.isdisjoint(
        {row["pseudonym"] for row in rows_a})
    assert all(re.fullmatch("[0-9a-f]{64}", row["pseudonym"]) for row in rows_a)
    text = json.dumps([{**row, "pseudonym": ""} for row in rows_a], ensure_ascii=False)
    for value in ("佐藤", "髙橋", "花子", "サトウ", "ハナコ", "1980", "05-05", "090", "1111",
                  "神宮前", "150"):
        assert value not in text
    assert rows_a[0]["home_pref"] == "13" and rows_a[0]["age_band"] == "40_49"


def test_return_show_prints_one_flat_object_of_integers(town, run):
    code, out, _err = run("return", "show", "--quarter", "2025Q1", "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == list(FIGURE_KEYS) and data["registrants_end"] == 7
    code, out, _err = run("return", "show", "--quarter", "2025Q1")
    assert code == 0 and "令和7年度 第1四半期" in out and "期末の登録者" in out
    code, _out, err = run("return", "show", "--quarter", "2025-1")
    assert code == 3 and "2025Q1" in err


def test_the_summary_pdf_renders_in_japanese(db, town, tmp_path):
    out = render_return_summary(compute_figures(db, Q1), compute_figures(db, Q1.previous()),
                                tmp_path / "summary.pdf", "石巻市役所", date_style="wareki")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "四半期報告 概要" in text and "令和7年度 第1四半期" in text
    assert "期末の登録者" in text and "石巻市役所" in text
