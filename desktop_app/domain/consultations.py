"""相談記録: who asked (or nobody named), how, about what, and when to follow up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from desktop_app.domain.dates import date_field
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.text import N_, Msg


class Channel(StrEnum):
    COUNTER = "counter"  # 窓口
    PHONE = "phone"  # 電話
    ONLINE = "online"  # オンライン
    OUTREACH = "outreach"  # 出張相談


class Topic(StrEnum):
    HOUSING = "housing"  # 住まい
    WORK = "work"  # 仕事
    CHILDCARE = "childcare"  # 子育て
    EDUCATION = "education"  # 教育
    TRANSPORT = "transport"  # 交通
    OTHER = "other"  # その他


CHANNEL_LABELS = {
    Channel.COUNTER: Msg(N_("At the counter")),
    Channel.PHONE: Msg(N_("By phone")),
    Channel.ONLINE: Msg(N_("Online")),
    Channel.OUTREACH: Msg(N_("Outreach session")),
}
TOPIC_LABELS = {
    Topic.HOUSING: Msg(N_("Housing")),
    Topic.WORK: Msg(N_("Work")),
    Topic.CHILDCARE: Msg(N_("Childcare")),
    Topic.EDUCATION: Msg(N_("Education")),
    Topic.TRANSPORT: Msg(N_("Transport")),
    Topic.OTHER: Msg(N_("Other")),
}


@dataclass(frozen=True)
class Consultation:
    consulted_on: date
    channel: Channel
    topics: tuple[Topic, ...]
    notes: str
    follow_up_on: date | None


def check_consultation(consulted_on: str | date, channel: str, topics: list[str], notes: str = "",
                       follow_up_on: str | date | None = None, *, today: date) -> Consultation:
    day = date_field(consulted_on, N_("Date"))
    if day > today:
        raise RuleRefused(N_("A consultation cannot be dated in the future."), field=N_("Date"))
    try:
        how = Channel(channel)
    except ValueError:
        raise RuleRefused(N_("Unknown channel."), field=N_("Channel")) from None
    try:
        chosen = tuple(dict.fromkeys(Topic(t) for t in topics))
    except ValueError:
        raise RuleRefused(N_("Unknown topic."), field=N_("Topics")) from None
    if not chosen:
        raise RuleRefused(N_("Choose at least one topic."), field=N_("Topics"))
    follow = date_field(follow_up_on, N_("Follow-up date")) if follow_up_on else None
    if follow is not None and follow < day:
        raise RuleRefused(N_("The follow-up cannot be before the consultation."),
                          field=N_("Follow-up date"))
    return Consultation(day, how, chosen, (notes or "").strip(), follow)
