"""The emergency list printed (非常時名簿, A4, large type): drawn first, then audited once as a
view of personal data (`emergency.list`, purpose print)."""

from __future__ import annotations

from datetime import datetime

from desktop_app.domain.dates import format_date
from desktop_app.domain.emergency import Presence
from desktop_app.printing import emergency_list
from desktop_app.printing.emergency_list import EmergencySheet, ListedPerson
from desktop_app.services import preferences
from desktop_app.services.emergency import EmergencyQuery, gather, record_emergency_view
from desktop_app.services.session import Session

KIND_WORDS = {Presence.GUEST: "お試し住宅に滞在", Presence.EVENT: "催しに参加",
              Presence.BASE: "町内の滞在先", Presence.EVACUEE: "被災地に住所",
              Presence.HELPER: "復旧支援の申出"}


def print_emergency_list(session: Session, query: EmergencyQuery) -> bytes:
    """The PDF of the list for `query` (supervisors); one audit row once it is drawn."""
    found = gather(session, query)
    day = format_date(query.day, preferences.date_style(session.db))
    if query.shelter:
        hit = f"{query.hit_prefecture}{query.hit_city}"
        title, label = "非常時名簿（被災地に住所のある登録者・支援の担い手）", "住所"
        subtitle = f"{day}現在　被災地　{hit}　受入先　{found.town}"
    else:
        title, label = "非常時名簿（町内滞在者）", "町内の滞在先"
        area = f"　地区　{query.area}" if query.area else ""
        subtitle = f"{day}現在　{found.town}{area}　計{len(found.entries)}名"
    sheet = EmergencySheet(
        title=title, subtitle=subtitle, address_label=label,
        footer=f"個人情報・取扱注意　災害対応以外に使わないこと　作成 "
               f"{datetime.now():%Y-%m-%d %H:%M}"
               f"　{session.clerk}",
        groups=[(district, [ListedPerson(
            name=e.name, kana=e.kana, kind=KIND_WORDS[e.presence], place=e.place,
            address=e.address, phone=e.phone, contact=e.contact,
            registrant_no=e.registrant_no) for e in people])
            for district, people in found.groups])
    pdf = emergency_list.render(sheet)
    record_emergency_view(session, found, "print")
    return pdf
