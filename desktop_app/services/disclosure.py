"""A person's full record for a disclosure request (開示請求): the data the printout is made of.

The registrant row, every record of theirs (involvement, consultations, bookings…) and the
audit rows about them. Gathering it is itself an audited read. No My Number is stored anywhere,
so none can appear here; internal search keys are left out as they only repeat what is shown.
"""

from __future__ import annotations

import base64

from desktop_app.domain.roles import Permission
from desktop_app.services.audit_trail import AuditQuery
from desktop_app.services.registrant_lookup import find_registrant
from desktop_app.services.session import Session
from desktop_app.store.records import now_iso

# Columns that only restate others in a form for searching.
INTERNAL_COLUMNS = ("name_key", "kana_key", "phone_digits", "given_key", "given_kana_key",
                    "phone_reversed", "address_key")


def _plain(row: dict) -> dict:
    """A row as plain data: bytes (the card photo's JPEG) as base64 under `<name>_base64`."""
    return {(f"{key}_base64" if isinstance(value, bytes) else key):
            (base64.b64encode(value).decode("ascii") if isinstance(value, bytes) else value)
            for key, value in row.items()}


def disclosure_record(session: Session, registrant: int | str) -> dict:
    """Everything held about one person, as plain data (supervisors and up)."""
    session.require(Permission.DISCLOSE)
    person = find_registrant(session.db, registrant)
    registrant_id = person["id"]
    office = session.db.office.get()
    with session.write("registrant.disclosure", "registrant") as change:
        records = session.db.personal_data.rows_about(registrant_id)
        trail = list(session.db.audit.each(AuditQuery(registrant_id=registrant_id)))
        change.entity_id = registrant_id
        change.after = {"tables": {table: len(rows) for table, rows in records.items()},
                        "audit_rows": len(trail)}
    return {
        "generated_at": now_iso(),
        "generated_by": session.clerk,
        "office": {key: office[key] for key in
                   ("municipality_code", "municipality_name", "office_name")},
        "registrant": {k: v for k, v in person.items() if k not in INTERNAL_COLUMNS},
        "records": {table: [_plain(row) for row in rows] for table, rows in records.items()},
        "audit": [{key: row[key] for key in ("id", "at", "clerk", "action", "entity",
                                             "entity_id")} for row in trail],
    }
