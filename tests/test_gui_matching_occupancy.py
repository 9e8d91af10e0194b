"""House matching in the houses view and the person's file; a facility's monthly occupancy."""

from __future__ import annotations

from datetime import date

from desktop_app.domain.houses import Deal, HouseInput, HouseStatus
from desktop_app.services import house_matching, houses, stays
from desktop_app.services.house_matching import WishInput
from desktop_app.ui.houses_view import HousesView
from desktop_app.ui.registrant_detail_dialog import RegistrantDetailDialog
from desktop_app.ui.stay_calendar import StayCalendarView
from tests.gui_fixtures import settle

TODAY = date(2026, 5, 20)


def _published_house(session, district: str, price_yen: int) -> int:
    house = houses.add_house(session, HouseInput(
        address=f"宮城県石巻市{district}町 1-2", district=district, deal=Deal.SALE,
        price_yen=price_yen, floor_m2=90.0, layout="4LDK", owner_name="所有 一郎",
        owner_contact="0225-00-0000"), today=TODAY)
    houses.record_consent(session, house, date(2026, 5, 1), "同意書")
    houses.change_status(session, house, HouseStatus.PUBLISHED, today=TODAY)
    return house


def _rows(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def test_matching_people_for_a_house_and_houses_for_a_person(qtbot, admin, persons):
    cheap = _published_house(admin, "雄勝", 1_000_000)
    dear = _published_house(admin, "北上", 5_000_000)
    house_matching.save_wish(admin, str(persons[0]), WishInput(deal="sale", areas=("北上",),
                                                                max_price_yen=6_000_000))
    house_matching.save_wish(admin, str(persons[1]), WishInput(deal="sale",
                                                                max_price_yen=1_200_000))
    view = HousesView(admin)
    qtbot.addWidget(view)
    settle(qtbot)  # the list is read on the worker
    row = next(r for r in range(view.table.rowCount())
               if view.table.item(r, 3).text() == "雄勝")
    view.table.selectRow(row)
    settle(qtbot)
    panel = view.matching
    expected = house_matching.people_for_house(admin.db, cheap)
    assert panel.title.text() == "この物件に合う登録者：2人"
    headers = [panel.table.horizontalHeaderItem(c).text() for c in range(4)]
    assert headers == ["適合度", "登録番号", "氏名", "電話番号"]
    rows = _rows(panel.table)
    assert [r[2] for r in rows] == ["鈴木 健", "佐藤 花子"]  # the budget that fits ranks first
    assert [int(r[0]) for r in rows] == [p["score"] for p in expected]
    assert int(rows[0][0]) > int(rows[1][0])

    detail = RegistrantDetailDialog(admin, persons[0])
    qtbot.addWidget(detail)
    settle(qtbot)
    tab = next(i for i in range(detail.tabs.count()) if detail.tabs.tabText(i) == "住まいの希望")
    found = _rows(detail.tabs.widget(tab).matches)
    listing = {h: admin.db.houses.get(h)["listing_no"] for h in (cheap, dear)}
    assert [r[1] for r in found] == [listing[dear], listing[cheap]]
    assert found[0][2] == "北上"


def test_occupancy_of_the_month_on_show(qtbot, admin, persons, facility):
    stays.book(admin, facility_id=facility, registrant=persons[0], check_in=date(2026, 9, 3),
               check_out=date(2026, 9, 13))  # 10 nights
    stays.book(admin, facility_id=facility, registrant=persons[1], check_in=date(2026, 9, 28),
               check_out=date(2026, 10, 5))  # 3 nights in September, 4 in October
    cancelled = stays.book(admin, facility_id=facility, registrant=persons[2],
                           check_in=date(2026, 9, 20), check_out=date(2026, 9, 25))
    stays.cancel(admin, cancelled, "都合により")
    view = StayCalendarView(admin, today=date(2026, 9, 15))
    qtbot.addWidget(view)
    assert view.occupancy.text() == "稼働率 43%（13泊／30泊）"
    view.step_month(1)
    assert view.occupancy.text() == "稼働率 13%（4泊／31泊）"
    other = stays.add_facility(admin, stays.FacilityInput(name="お試し住宅 雄勝", capacity=2))
    view.reload_facilities()
    view.facility.setCurrentIndex(view.facility.findData(other))
    assert view.occupancy.text() == "稼働率 0%（0泊／31泊）"
