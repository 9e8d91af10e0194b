"""The emergency list: who is in town on a day, grouped by district, and whom to shelter when a
disaster strikes elsewhere; for supervisors only, every showing and print audited."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest

from desktop_app.domain.emergency import NO_DISTRICT, Presence, district_of
from desktop_app.domain.errors import PermissionDenied, RuleRefused
from desktop_app.domain.stays import BookingStatus
from desktop_app.services.emergency import EmergencyQuery, emergency_list
from desktop_app.services.events import add_event, add_participant
from desktop_app.services.printing.emergency import print_emergency_list
from desktop_app.services.registration import application_from_record, update_details
from desktop_app.services.stays import FacilityInput, add_facility, book, change_status
from tests.printing_helpers import needs_poppler, pdf_text, register_people, supervisor_of

DAY = date(2026, 12, 3)


@pytest.fixture
def supervisor(admin):
    return supervisor_of(admin)


def edit(session, registrant_id: int, **changes) -> None:
    record = session.db.registrants.get(registrant_id)
    update_details(session, registrant_id,
                   dataclasses.replace(application_from_record(record), **changes))


@pytest.fixture
def town(clerk, supervisor) -> dict:
    """A guest checked in at a trial-stay house in 中央, a dual resident based in 渡波, one at
    today's event (who also has a base in town), a helper, and someone not in town at all."""
    people = register_people(clerk, supervisor, count=6)
    guest, based, at_event, helper, away, tokyo = people
    house = add_facility(supervisor, FacilityInput(name="お試し住宅 みなと",
                                                   address="宮城県石巻市中央2丁目3-4", capacity=4))
    stay = book(clerk, facility_id=house, registrant=guest, check_in=date(2026, 12, 1),
                check_out=date(2026, 12, 5), status=BookingStatus.CONFIRMED)
    change_status(clerk, stay, BookingStatus.STAYING)
    edit(clerk, guest, emergency_name="𠮷田 花子", emergency_relation="母",
         emergency_phone="090-1234-5678")
    edit(clerk, based, local_address="渡波字浜曽根山12-3")
    edit(clerk, at_event, local_address="渡波町1丁目5-6")
    event = add_event(clerk, name="防災ワークショップ", kind="exchange", held_on=DAY,
                      place="石巻市あけぼの2丁目 集会所")
    add_participant(clerk, event, str(at_event))
    edit(clerk, helper, disaster_help=True, prefecture="大阪府", city="大阪市北区",
         postal_code="")
    edit(clerk, tokyo, prefecture="東京都", city="世田谷区", postal_code="")
    return {"guest": guest, "based": based, "at_event": at_event, "helper": helper,
            "away": away, "tokyo": tokyo}


def names_by_district(found) -> dict[str, list[int]]:
    return {district: [e.registrant_id for e in people] for district, people in found.groups}


def test_districts_come_from_the_town_area_names_or_what_precedes_the_house_number():
    areas = ("中央", "渡波", "渡波町", "あけぼの")
    assert district_of("宮城県石巻市中央2丁目3-4", "宮城県石巻市", areas) == "中央"
    assert district_of("石巻市あけぼの2丁目 集会所", "宮城県石巻市", areas) == "あけぼの"
    assert district_of("渡波町1丁目5-6", "石巻市", areas) == "渡波町"  # the longest name
    assert district_of("大字北村123-4", "石巻市") == "大字北村"
    assert district_of("", "石巻市") == NO_DISTRICT


def test_who_is_in_town_grouped_by_district_each_person_once(supervisor, town):
    found = emergency_list(supervisor, EmergencyQuery(day=DAY))
    by_district = names_by_district(found)
    assert by_district["中央"] == [town["guest"]]
    assert by_district["あけぼの"] == [town["at_event"]]  # at the event, not at their base
    assert town["based"] in by_district["渡波"]
    ids = [e.registrant_id for e in found.entries]
    assert len(ids) == len(set(ids)) == 3
    assert town["away"] not in ids and town["helper"] not in ids
    guest = found.groups[[d for d, _ in found.groups].index("中央")][1][0]
    assert guest.presence is Presence.GUEST and guest.place == "お試し住宅 みなと"
    assert guest.address == "宮城県石巻市中央2丁目3-4"
    assert guest.contact == "𠮷田 花子（母）　090-1234-5678"


def test_a_district_alone_and_a_day_nobody_stays(supervisor, town):
    found = emergency_list(supervisor, EmergencyQuery(day=DAY, area="中央"))
    assert names_by_district(found) == {"中央": [town["guest"]]}
    later = emergency_list(supervisor, EmergencyQuery(day=date(2026, 12, 5)))  # check-out day
    assert town["guest"] not in [e.registrant_id for e in later.entries]
    assert town["based"] in [e.registrant_id for e in later.entries]  # a base stays a base


def test_a_disaster_elsewhere_lists_who_lives_there_and_who_would_help(supervisor, town):
    found = emergency_list(supervisor, EmergencyQuery(day=DAY, hit_prefecture="東京都",
                                                      hit_city="世田谷区"))
    groups = names_by_district(found)
    assert groups["東京都世田谷区"] == [town["tokyo"]]
    assert groups["復旧支援を申し出た担い手"] == [town["helper"]]
    assert emergency_list(supervisor, EmergencyQuery(
        day=DAY, hit_prefecture="東京都", hit_city="新宿区")).entries[0].presence is \
        Presence.HELPER
    with pytest.raises(RuleRefused) as refused:
        emergency_list(supervisor, EmergencyQuery(day=DAY, hit_prefecture="東京"))
    assert refused.value.field == "Hit prefecture"


def test_only_a_supervisor_sees_it_and_every_showing_is_an_audited_view(clerk, supervisor,
                                                                       town, db):
    with pytest.raises(PermissionDenied):
        emergency_list(clerk, EmergencyQuery(day=DAY))
    before = db.audit.recent(1)[0]["id"]
    found = emergency_list(supervisor, EmergencyQuery(day=DAY), purpose="export")
    row = db.audit.recent(1)[0]
    assert row["id"] > before and row["action"] == "emergency.list"
    after = json.loads(row["after_json"])
    assert after["purpose"] == "export" and after["list"] == "in_town"
    assert sorted(after["ids"]) == sorted(e.registrant_id for e in found.entries)


@needs_poppler
def test_the_printed_list_is_a4_in_japanese_grouped_and_audited_as_printed(clerk, supervisor,
                                                                          town, db, tmp_path):
    with pytest.raises(PermissionDenied):
        print_emergency_list(clerk, EmergencyQuery(day=DAY))
    pdf = print_emergency_list(supervisor, EmergencyQuery(day=DAY))
    text = " ".join(pdf_text(pdf, tmp_path).split())  # the layout's spaces, as one
    assert "非常時名簿（町内滞在者）" in text and "令和8年12月3日現在" in text
    assert "地区 中央 1名" in text and "お試し住宅に滞在 お試し住宅 みなと" in text
    assert "緊急連絡先 𠮷田 花子（母） 090-1234-5678" in text
    row = db.audit.recent(1)[0]
    assert row["action"] == "emergency.list" and json.loads(row["after_json"])["purpose"] == \
        "print"


def test_the_commands_list_print_and_refuse_a_clerk(run, town, monkeypatch, tmp_path, admin):
    code, out, _err = run("--json", "emergency", "list", "--date", "2026-12-03")
    assert code == 0
    data = json.loads(out)
    assert data["list"] == "in_town" and "中央" in [g["district"] for g in data["groups"]]
    code, out, _err = run("emergency", "list", "--date", "R8.12.3", "--hit-prefecture",
                          "東京都")
    assert code == 0 and "東京都世田谷区" in out
    out_file = tmp_path / "emergency.pdf"
    assert run("print", "emergency", "--date", "2026-12-03", "--out", str(out_file))[0] == 0
    assert out_file.read_bytes().startswith(b"%PDF")
    from desktop_app.services.accounts import create_clerk

    create_clerk(admin, login="counter2", display_name="窓口 二郎", role="clerk",
                 password="counter-two-pass", must_change_password=False)
    monkeypatch.setenv("FUTASATO_CLERK", "counter2")
    monkeypatch.setenv("FUTASATO_PASSWORD", "counter-two-pass")
    assert run("emergency", "list")[0] == 5


def test_registrants_edit_sets_the_emergency_contact_and_the_offer_to_help(run, town, db):
    person = town["away"]
    code, _out, _err = run("registrants", "edit", str(person), "--emergency-name", "佐藤 一郎",
                           "--emergency-relation", "兄", "--emergency-phone", "080-1111-2222",
                           "--disaster-help", "--allow-duplicate")  # all share one phone
    assert code == 0
    record = db.registrants.get(person)
    assert (record["emergency_name"], record["emergency_relation"], record["emergency_phone"],
            record["disaster_help"]) == ("佐藤 一郎", "兄", "080-1111-2222", 1)
    code, _out, err = run("registrants", "edit", str(person), "--emergency-phone", "123",
                          "--allow-duplicate")
    assert code == 3 and "緊急連絡先の電話" in err
