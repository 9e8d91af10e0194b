"""Everything the detail screen shows about one person, read in one call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.text import N_
from desktop_app.services.involvement import InvolvementSummary, involvement_summary
from desktop_app.store.database import Database


@dataclass(frozen=True)
class RegistrantFile:
    record: dict
    involvement: list[dict]
    consultations: list[dict]
    summary: InvolvementSummary
    merges: list[dict]


def registrant_file(db: Database, registrant_id: int, *, today: date | None = None
                    ) -> RegistrantFile:
    record = db.registrants.get(registrant_id)
    if record is None:
        raise RuleRefused(N_("There is no registrant {id}."), {"id": registrant_id})
    return RegistrantFile(record, db.involvement.for_registrant(registrant_id),
                          db.consultations.for_registrant(registrant_id),
                          involvement_summary(db, registrant_id, today=today),
                          db.merges.for_registrant(registrant_id))
