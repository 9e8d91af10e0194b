"""Registry use cases: registration rules, the status machine, numbering, duplicates, merge."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from desktop_app.domain.application import Application
from desktop_app.domain.duplicates import DuplicateReason
from desktop_app.domain.errors import PermissionDenied, RuleRefused
from desktop_app.domain.roles import Role
from desktop_app.services import registry_status as status
from desktop_app.services.consultations import (
    complete_follow_up,
    follow_ups_due,
    record_consultation,
)
from desktop_app.services.duplicates import find_duplicates
from desktop_app.services.involvement import candidates, involvement_summary, log_involvement
from desktop_app.services.merge import merge, undo_merge
from desktop_app.services.policy import change_setting
from desktop_app.services.registration import (
    CARD_CODE_ALPHABET,
    application_values,
    new_card_code,
    new_uuids,
    office_of,
    register,
    update_details,
)
from desktop_app.services.session import Session

TODAY = date(2025, 6, 1)


@pytest.fixture
def supervisor(admin) -> Session:
    return Session(admin.db, clerk="super1", role=Role.SUPERVISOR, terminal=admin.terminal)


def person(**overrides) -> Application:
    fields = dict(family_name="佐藤", given_name="花子", family_kana="サトウ", given_kana="ハナコ",
                  birth_date="1980-05-05", kind="furusato", postal_code="150-0001",
                  phone="090-1111-2222", email="hanako@example.jp")
    fields.update(overrides)
    return Application(**fields)


def registered(clerk, supervisor, **overrides) -> int:
    registrant_id = register(clerk, person(**overrides), today=TODAY)
    status.approve(supervisor, registrant_id, today=TODAY)
    return registrant_id


def test_postal_code_fills_the_address_and_home_code(clerk, db):
    registrant = db.registrants.get(register(clerk, person(), today=TODAY))
    assert (registrant["prefecture"], registrant["city"], registrant["address"]) == (
        "東京都", "渋谷区", "神宮前")
    assert registrant["home_municipality_code"] == "131130"
    assert registrant["status"] == "applied" and registrant["registrant_no"] is None


def test_a_furusato_resident_cannot_register_in_their_own_town(clerk, db):
    with pytest.raises(RuleRefused) as refused:
        register(clerk, person(postal_code="986-0861"), today=TODAY)  # 石巻市蛇田
    assert refused.value.field == "Postal code"
    assert db.registrants.count() == 0
    # A ward or town elsewhere is fine, and so is a dual resident of any address.
    register(clerk, person(postal_code="986-0861", kind="dual", phone="", email=""), today=TODAY)


def test_office_read_once_gives_the_same_values_and_the_same_home_town_rule(db):
    office = office_of(db)
    assert office["municipality_code"] == "042021"
    for application in (person(), person(family_kana="さとう", phone="０９０（1111）2222")):
        assert application_values(db, application, TODAY, office=office) == application_values(
            db, application, TODAY)
    for values in (None, office):
        with pytest.raises(RuleRefused) as refused:
            application_values(db, person(postal_code="986-0861"), TODAY, office=values)
        assert refused.value.field == "Postal code"


def test_card_codes_use_every_letter_of_the_alphabet_and_only_those():
    codes = [new_card_code() for _ in range(2000)]
    assert all(len(code) == 11 and code[5] == "-" for code in codes)
    letters = "".join(code.replace("-", "") for code in codes)
    assert set(letters) == set(CARD_CODE_ALPHABET)
    # 20,000 letters over 31: each appears about 645 times; a skew would show here.
    assert all(400 < letters.count(letter) < 900 for letter in CARD_CODE_ALPHABET)
    assert len(set(codes)) == len(codes)


def test_premium_needs_a_recorded_identity_check_and_never_a_number(clerk, supervisor, db):
    with pytest.raises(RuleRefused):
        register(clerk, person(tier="premium"), today=TODAY)
    with pytest.raises(RuleRefused):
        register(clerk, person(tier="premium", identity_document="1234-5678-9012",
                               identity_checked_by="clerk1", identity_checked_on="2025-06-01"),
                 today=TODAY)
    registrant_id = register(clerk, person(tier="premium", identity_document="my_number_card",
                                           identity_checked_by="clerk1",
                                           identity_checked_on="2025-06-01"), today=TODAY)
    record = db.registrants.get(registrant_id)
    assert (record["identity_document"], record["identity_checked_by"],
            record["identity_checked_on"]) == ("my_number_card", "clerk1", "2025-06-01")
    assert not any("number" in column and "my" in column for column in record)


def test_an_identity_check_without_its_document_is_asked_for_not_dropped(clerk, db):
    for half in ({"identity_checked_on": "2025-06-01"}, {"identity_checked_by": "clerk1"}):
        with pytest.raises(RuleRefused) as refused:
            register(clerk, person(**half), today=TODAY)
        assert refused.value.field == "Identity document"
    assert db.registrants.count() == 0


@pytest.mark.parametrize(("field", "label"), [("phone", "Phone"),
                                              ("emergency_phone", "Emergency contact phone")])
def test_a_phone_in_digits_of_another_script_is_refused_naming_its_field(clerk, db, field,
                                                                         label):
    with pytest.raises(RuleRefused) as refused:
        register(clerk, person(**{field: "٠٩٠١١١١٢٢٢٢"}), today=TODAY)  # Arabic-Indic 090…
    assert refused.value.field == label and db.registrants.count() == 0
    # Full-width digits are the ones a Japanese keyboard types: those are fine.
    register(clerk, person(**{field: "０９０（１１１１）２２２２"}), today=TODAY)


def test_approval_by_a_supervisor_gives_a_number_and_validity(clerk, supervisor, db):
    registrant_id = register(clerk, person(), today=TODAY)
    number = status.approve(supervisor, registrant_id, today=TODAY)
    record = db.registrants.get(registrant_id)
    assert number == "R7-000001" == record["registrant_no"]
    assert (record["status"], record["approved_by"], record["valid_until"]) == (
        "registered", "super1", "2026-05-31")


def test_a_clerk_cannot_approve_and_nobody_approves_their_own_entry(clerk, supervisor, admin):
    entered_by_clerk = register(clerk, person(), today=TODAY)
    with pytest.raises(PermissionDenied):
        status.approve(clerk, entered_by_clerk, today=TODAY)
    entered_by_admin = register(admin, person(phone="", email="", family_kana="スズキ"),
                                today=TODAY)
    with pytest.raises(PermissionDenied):
        status.approve(admin, entered_by_admin, today=TODAY)
    assert admin.db.registrants.get(entered_by_admin)["status"] == "applied"
    status.approve(supervisor, entered_by_admin, today=TODAY)


def test_numbers_are_unique_and_never_reused(clerk, supervisor, db):
    first = registered(clerk, supervisor)
    status.erase(supervisor, first, "本人の申出")
    second = registered(clerk, supervisor, family_kana="タナカ", phone="", email="")
    numbers = [db.registrants.get(i)["registrant_no"] for i in (first, second)]
    assert numbers == ["R7-000001", "R7-000002"]
    assert db.registrants.get(first)["status"] == "erased"


@pytest.mark.parametrize(("start", "action", "allowed"), [
    ("applied", "renew", False),
    ("registered", "renew", True),
    ("registered", "approve", False),
    ("revoked", "renew", False),
    ("erased", "revoke", False),
])
def test_status_transitions(clerk, supervisor, db, start, action, allowed):
    registrant_id = register(clerk, person(), today=TODAY)
    if start != "applied":
        status.approve(supervisor, registrant_id, today=TODAY)
    if start == "revoked":
        status.revoke(supervisor, registrant_id, "虚偽の申請")
    if start == "erased":
        status.erase(supervisor, registrant_id)
    call = {"renew": lambda: status.renew(clerk, registrant_id, today=TODAY),
            "approve": lambda: status.approve(supervisor, registrant_id, today=TODAY),
            "revoke": lambda: status.revoke(supervisor, registrant_id, "理由")}[action]
    if allowed:
        call()
    else:
        audit_rows = db.audit.count()
        with pytest.raises(RuleRefused):
            call()
        assert db.audit.count() == audit_rows


def test_revoke_needs_a_reason_and_renewal_extends_from_the_old_end(clerk, supervisor, db):
    registrant_id = registered(clerk, supervisor)
    with pytest.raises(RuleRefused):
        status.revoke(supervisor, registrant_id, "  ")
    assert status.renew(clerk, registrant_id, today=date(2026, 5, 1)) == "2027-05-31"
    assert status.expire_due(clerk, today=date(2027, 6, 1)) == 1
    assert db.registrants.get(registrant_id)["status"] == "expired"
    assert status.renew(clerk, registrant_id, today=date(2027, 7, 1)) == "2028-06-30"


def test_renewal_period_comes_from_settings(admin, clerk, supervisor, db):
    change_setting(admin, "registry.renewal_months", 24)
    registrant_id = registered(clerk, supervisor)
    assert db.registrants.get(registrant_id)["valid_until"] == "2027-05-31"


def test_premium_renewal_needs_enough_community_roles(clerk, supervisor, db):
    registrant_id = registered(clerk, supervisor, tier="premium",
                               identity_document="driving_licence", identity_checked_by="clerk1",
                               identity_checked_on="2025-06-01")
    log_involvement(clerk, registrant_id, "ninaite", "2026-01-10", today=date(2026, 5, 1))
    with pytest.raises(RuleRefused):
        status.renew(clerk, registrant_id, today=date(2026, 5, 1))
    status.renew(clerk, registrant_id, tier="basic", today=date(2026, 5, 1))
    assert db.registrants.get(registrant_id)["tier"] == "basic"


@pytest.mark.parametrize(("entered", "reason"), [
    (dict(family_name="田中", given_name="一郎", family_kana="ｻﾄｳ", given_kana="はなこ",
          phone="", email=""), DuplicateReason.KANA_AND_BIRTH),
    (dict(family_name="田中", given_name="一郎", family_kana="タナカ", given_kana="イチロウ",
          birth_date="1990-01-01", phone="(090) 1111 2222", email=""), DuplicateReason.PHONE),
    (dict(family_name="田中", given_name="一郎", family_kana="タナカ", given_kana="イチロウ",
          birth_date="1990-01-01", phone="", email="HANAKO@example.jp"), DuplicateReason.EMAIL),
])
def test_each_duplicate_rule_finds_the_earlier_record(clerk, db, entered, reason):
    existing = register(clerk, person(), today=TODAY)
    found = find_duplicates(db, person(**entered))
    assert [c.record["id"] for c in found] == [existing]
    assert reason in found[0].reasons


def test_names_equal_after_folding_variants_width_and_spaces(clerk, db):
    existing = register(clerk, person(family_name="髙橋", given_name="𠮷子", family_kana="タカハシ",
                                      given_kana="ヨシコ", phone="", email=""), today=TODAY)
    entered = person(family_name="高橋 ", given_name=" 𠮷子", family_kana="タカハシ",
                     given_kana="ヨシエ", birth_date="1999-09-09", phone="", email="")
    found = find_duplicates(db, entered)
    assert [(c.record["id"], c.reasons) for c in found] == [(existing, [DuplicateReason.NAME])]
    assert found[0].record["given_name"] == "𠮷子"  # the stored name survives unchanged
    assert find_duplicates(db, person(family_name="高田", given_name="𠮷子", phone="",
                                      email="", family_kana="タカダ")) == []


def test_merge_moves_involvement_and_undo_restores_both(clerk, supervisor, db):
    survivor = registered(clerk, supervisor)
    other = register(clerk, person(phone="080-3333-4444", email="", postal_code="100-0001"),
                     today=TODAY)
    log_involvement(clerk, other, "stay", "2025-05-01", quantity=3, today=TODAY)
    consultation = record_consultation(clerk, other, "2025-05-02", "phone", ["housing"],
                                       today=TODAY)
    merge_id = merge(supervisor, survivor, other, {"phone", "city"})
    merged_survivor, merged_other = db.registrants.get(survivor), db.registrants.get(other)
    assert merged_survivor["phone"] == "080-3333-4444"
    assert merged_survivor["phone_digits"] == "08033334444"
    assert merged_survivor["city"] == "千代田区" and merged_survivor["postal_code"] == "100-0001"
    assert (merged_other["status"], merged_other["merged_into"]) == ("erased", survivor)
    assert [e["registrant_id"] for e in db.involvement.for_registrant(survivor)] == [survivor]
    assert db.consultations.get(consultation)["registrant_id"] == survivor
    assert db.audit.recent(1)[0]["action"] == "registrant.merge"

    undo_merge(supervisor, merge_id)
    restored_survivor, restored_other = db.registrants.get(survivor), db.registrants.get(other)
    assert restored_survivor["phone"] == "090-1111-2222"
    assert restored_survivor["city"] == "渋谷区"
    assert (restored_other["status"], restored_other["merged_into"]) == ("applied", None)
    assert db.involvement.for_registrant(survivor) == []
    assert len(db.involvement.for_registrant(other)) == 1
    assert db.consultations.get(consultation)["registrant_id"] == other
    with pytest.raises(RuleRefused):
        undo_merge(supervisor, merge_id)
    with pytest.raises(PermissionDenied):
        merge(clerk, survivor, other)


def test_merged_records_are_no_longer_offered_as_duplicates(clerk, supervisor, db):
    survivor = register(clerk, person(), today=TODAY)
    other = register(clerk, person(), today=TODAY)
    merge(supervisor, survivor, other)
    assert [c.record["id"] for c in find_duplicates(db, person())] == [survivor]


def test_update_details_recomputes_keys_and_audits(clerk, db):
    registrant_id = register(clerk, person(), today=TODAY)
    update_details(clerk, registrant_id, person(given_kana="ハナエ", phone="03-1234-5678"),
                   today=TODAY)
    record = db.registrants.get(registrant_id)
    assert (record["kana_key"], record["phone_digits"]) == ("サトウハナエ", "0312345678")
    assert db.audit.recent(1)[0]["action"] == "registrant.update"


def test_involvement_score_and_candidate_lists(admin, clerk, supervisor, db):
    stayer = registered(clerk, supervisor)
    helper = registered(clerk, supervisor, family_kana="スズキ", phone="", email="")
    log_involvement(clerk, stayer, "stay", "2025-05-01", quantity=15, today=TODAY)
    log_involvement(clerk, stayer, "donation", "2025-05-02", amount_yen=30_000,
                    reference="R7-寄附-001", today=TODAY)
    for day in ("2025-01-10", "2025-02-10", "2025-03-10"):
        log_involvement(clerk, helper, "ninaite", day, today=TODAY)
    log_involvement(clerk, helper, "stay", "2023-01-01", quantity=50, today=TODAY)  # too old
    summary = involvement_summary(db, stayer, today=TODAY)
    assert (summary.score, summary.nights, summary.donated_yen) == (15 * 2 + 3 * 1, 15, 30_000)
    assert summary.dual_candidate and not summary.premium_qualified
    assert [r["id"] for r in candidates(db, "dual", today=TODAY)] == [stayer]
    assert [r["id"] for r in candidates(db, "premium", today=TODAY)] == [helper]
    change_setting(admin, "registry.dual_candidate_nights", 30)
    assert candidates(db, "dual", today=TODAY) == []
    with pytest.raises(RuleRefused):
        log_involvement(clerk, stayer, "donation", "2025-05-03", today=TODAY)


def test_consultations_and_follow_ups_due(clerk, supervisor, db):
    registrant_id = registered(clerk, supervisor)
    due = record_consultation(clerk, registrant_id, "2025-05-01", "counter",
                              ["housing", "work"], "空き家の相談", follow_up_on="2025-05-20",
                              today=TODAY)
    record_consultation(clerk, None, "2025-05-01", "phone", ["transport"],
                        follow_up_on="2025-07-01", today=TODAY)
    record_consultation(clerk, None, "2025-05-01", "online", ["other"], today=TODAY)
    assert [r["id"] for r in follow_ups_due(db, until=TODAY)] == [due]
    assert follow_ups_due(db, until=TODAY)[0]["family_name"] == "佐藤"
    complete_follow_up(clerk, due, today=TODAY)
    assert follow_ups_due(db, until=TODAY) == []
    with pytest.raises(RuleRefused):
        record_consultation(clerk, None, "2025-05-01", "fax", ["housing"], today=TODAY)
    with pytest.raises(RuleRefused):
        record_consultation(clerk, None, "2025-05-01", "phone", [], today=TODAY)


def test_bulk_uuids_are_random_version_4():
    texts = new_uuids(2000)
    assert len(set(texts)) == 2000
    for text in texts:
        parsed = uuid.UUID(text)
        assert str(parsed) == text and parsed.version == 4 and parsed.variant == uuid.RFC_4122
