"""相談記録: recording a consultation, and the follow-ups that are due."""

from __future__ import annotations

from datetime import date

from desktop_app.domain.consultations import check_consultation
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.services.session import Session
from desktop_app.store.database import Database


def record_consultation(session: Session, registrant_id: int | None, consulted_on: str,
                        channel: str, topics: list[str], notes: str = "",
                        follow_up_on: str | None = None, *, today: date | None = None) -> int:
    """A consultation with a registrant, or with someone who gave no name (registrant None)."""
    session.require(Permission.REGISTER)
    if registrant_id is not None and session.db.registrants.get(registrant_id) is None:
        raise RuleRefused(N_("There is no registrant {id}."), {"id": registrant_id})
    checked = check_consultation(consulted_on, channel, topics, notes, follow_up_on,
                                 today=today or date.today())
    row = {"registrant_id": registrant_id, "consulted_on": checked.consulted_on.isoformat(),
           "channel": checked.channel.value, "topics": ",".join(checked.topics),
           "notes": checked.notes,
           "follow_up_on": checked.follow_up_on.isoformat() if checked.follow_up_on else None,
           **session.new_record()}
    with session.write("consultation.add", "consultation") as change:
        change.entity_id = session.db.consultations.add(row)
        change.after = row
    return change.entity_id


def follow_ups_due(db: Database, *, until: date | None = None) -> list[dict]:
    """Open follow-ups on or before `until` (today by default), oldest first."""
    return db.consultations.follow_ups_due((until or date.today()).isoformat())


def complete_follow_up(session: Session, consultation_id: int, *,
                       today: date | None = None) -> None:
    session.require(Permission.REGISTER)
    row = session.db.consultations.get(consultation_id)
    if row is None:
        raise RuleRefused(N_("There is no consultation {id}."), {"id": consultation_id})
    if row["follow_up_done_on"]:
        raise RuleRefused(N_("This follow-up is already done."))
    done = (today or date.today()).isoformat()
    with session.write("consultation.follow_up_done", "consultation") as change:
        session.db.consultations.update(consultation_id, {"follow_up_done_on": done,
                                                          **session.changed_record()})
        change.entity_id = consultation_id
        change.after = {"follow_up_done_on": done}
