"""Monitor tours and exchange events (モニターツアー・交流会): participants and attendance."""

from __future__ import annotations

from datetime import date

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.involvement import InvolvementKind
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.services.audit_trail import record_list_view
from desktop_app.services.involvement import record_involvement
from desktop_app.services.registrant_lookup import find_taking_part
from desktop_app.services.session import Session
from desktop_app.store.database import Database

KINDS = ("monitor_tour", "exchange", "other")


def add_event(session: Session, *, name: str, kind: str, held_on: date, capacity: int = 0,
              place: str = "", note: str = "") -> int:
    session.require(Permission.REGISTER)
    if not name.strip():
        raise RuleRefused(N_("The event needs a name."), field=N_("Name"))
    if kind not in KINDS:
        raise RuleRefused(N_("Choose the kind of event."), field=N_("Kind"))
    if capacity < 0:
        raise RuleRefused(N_("This cannot be negative."), field=N_("Capacity"))
    record = {"name": name.strip(), "kind": kind, "held_on": held_on.isoformat(),
              "capacity": capacity, "place": place.strip(), "note": note.strip(),
              **session.new_record()}
    with session.write("event.add", "event") as change:
        change.entity_id = session.db.events.insert(record)
        change.after = record
    return change.entity_id


def _event(session: Session, event_id: int) -> dict:
    event = session.db.events.get(event_id)
    if event is None:
        raise RuleRefused(N_("There is no event {id}."), {"id": event_id}, field=N_("Event"))
    return event


def add_participant(session: Session, event_id: int, registrant: str) -> int:
    """Sign a registrant up; refused when the event is full (capacity 0: no limit)."""
    session.require(Permission.REGISTER)
    with session.write("event.participant", "event") as change:
        event = _event(session, event_id)
        person = find_taking_part(session.db, registrant)
        if session.db.events.participant(event_id, person["id"]):
            raise RuleRefused(N_("This person is already taking part."), field=N_("Registrant"))
        if event["capacity"] and session.db.events.participant_count(event_id) >= event["capacity"]:
            raise RuleRefused(N_("The event is full ({capacity} places)."),
                              {"capacity": event["capacity"]}, field=N_("Registrant"))
        record = {"event_id": event_id, "registrant_id": person["id"], **session.new_record()}
        participant_id = session.db.events.add_participant(record)
        change.entity_id, change.after = event_id, record
    return participant_id


def record_attendance(session: Session, event_id: int, registrant: str, attended: bool) -> None:
    """Mark who came; someone who came is logged as involvement ('event') once."""
    session.require(Permission.REGISTER)
    db = session.db
    with session.write("event.attendance", "event") as change:
        event = _event(session, event_id)
        person = find_taking_part(db, registrant)
        participant = db.events.participant(event_id, person["id"])
        if participant is None:
            raise RuleRefused(N_("This person did not sign up for the event."),
                              field=N_("Registrant"))
        if participant["attended"] is not None:
            raise RuleRefused(N_("Attendance has already been recorded for this person."),
                              field=N_("Registrant"))
        db.events.set_attended(participant["id"], attended, session.changed_record())
        if attended:
            record_involvement(session, person["id"], InvolvementKind.EVENT, event["held_on"], 1,
                               reference=f"event:{event_id}", note=event["name"])
        change.entity_id = event_id
        change.after = {"registrant_id": person["id"], "attended": attended}


def events_between(db: Database, start: date, end: date) -> list[dict]:
    """Events held from start up to (not including) end, with their participant counts."""
    return db.events.between(start.isoformat(), end.isoformat())


def participants(session: Session, event_id: int, *, audited: bool) -> list[dict]:
    """Who signed up, in sign-up order; attended is None until it is recorded.

    Their names are personal data: refused to a role that may not see them, and `audited`
    notes the list shown (`event.list`) when the clerk opens an event, not when it redraws.
    """
    session.require(Permission.VIEW_PERSONAL_DATA)
    rows = session.db.events.participants(event_id)
    if audited:
        record_list_view(session, "event", "participants", [r["registrant_id"] for r in rows],
                         detail={"event_id": event_id})
    return rows
