"""The audit trail as the town uses it: audited reads, search, verification and CSV export.

Writes are audited by `Session.write`. Reads of personal data are audited here: a person's file
(the window's detail screen, `registrants show`) calls `record_view`, a list that shows people
(a search, the candidates, follow-ups due, today's arrivals) calls `record_list_view`; printing
and exports call `record_event` with their own action names (e.g. "certificate.print",
"return.export") in the transaction of their work or on their own.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from desktop_app.domain.errors import NotGenuine, RuleRefused
from desktop_app.domain.ledger_values import excel_text
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_, Msg
from desktop_app.services.registrant_lookup import find_registrant
from desktop_app.services.session import Session
from desktop_app.store.audit import AuditQuery

__all__ = ["AuditFilter", "AuditQuery", "audit_clerks", "export_audit_csv", "filter_detail",
           "record_event", "record_list_view", "record_view", "search_audit", "verify_audit"]

# With details_hash and redacted, the chain can be checked from the file alone.
CSV_COLUMNS = ("id", "at", "clerk", "terminal", "action", "entity", "entity_id", "before_json",
               "after_json", "prev_hash", "hash", "details_hash", "redacted")
ENCODINGS = {"utf-8": "utf-8-sig", "cp932": "cp932"}  # UTF-8 with a BOM so that Excel reads it


@dataclass(frozen=True)
class AuditFilter:
    """A search as a clerk types it: a person (id, 登録番号 or card code), a login, an action,
    and office-local dates (both ends included)."""

    person: str = ""
    clerk: str = ""
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None


def record_view(session: Session, registrant_id: int) -> None:
    """Note that the clerk opened a person's file (one audit row, nothing else).

    Refused, before anything is shown, to a role that may not see personal data.
    """
    session.require(Permission.VIEW_PERSONAL_DATA)
    record_event(session, "registrant.view", "registrant", registrant_id)


def record_list_view(session: Session, entity: str, listing: str, ids: list[int], *,
                     registrant_id: int | None = None, detail: dict | None = None) -> None:
    """Note that the clerk was shown a list (`{entity}.list`): which list, and whose rows.

    `ids` are the ids of the rows shown (registrants for a search, bookings for arrivals…);
    `registrant_id` names the one person a list is about, so that their audit finds it. What
    was typed into a search is not kept: it is often a name, and would outlive an anonymising.
    """
    session.require(Permission.VIEW_PERSONAL_DATA)
    after = {"list": listing, "shown": len(ids), "ids": ids, **(detail or {})}
    if registrant_id is not None:
        after["registrant_id"] = registrant_id
    record_event(session, f"{entity}.list", entity, None, after)


def record_event(session: Session, action: str, entity: str, entity_id: str | int | None,
                 detail: dict | None = None) -> None:
    """An audit row for a read, a print or an export that changes nothing else."""
    with session.write(action, entity) as change:
        change.entity_id = entity_id
        change.after = detail


def _instant(day: date) -> str:
    """The start of an office-local day as the UTC instant the trail stores."""
    local = datetime.combine(day, time()).astimezone()
    return local.astimezone(UTC).isoformat()


def to_query(session: Session, wanted: AuditFilter) -> AuditQuery:
    if wanted.date_from and wanted.date_to and wanted.date_to < wanted.date_from:
        raise RuleRefused(N_("The end date is before the start date."), field=N_("Date"))
    person = find_registrant(session.db, wanted.person) if wanted.person.strip() else None
    return AuditQuery(
        registrant_id=person["id"] if person else None,
        clerk=wanted.clerk.strip() or None,
        action=wanted.action.strip() or None,
        since=_instant(wanted.date_from) if wanted.date_from else None,
        until=_instant(wanted.date_to + timedelta(days=1)) if wanted.date_to else None,
    )


def search_audit(session: Session, wanted: AuditFilter, offset: int = 0,
                 limit: int = 200, *, audited: bool = False) -> tuple[int, list[dict]]:
    """How many rows match, and a window of them, newest first (supervisors and up).

    `audited` notes the window as an `audit.list` row (the rows' details hold people's data
    as it was changed): the window's search does, its later fetches while scrolling do not.
    """
    session.require(Permission.VIEW_AUDIT)
    query = to_query(session, wanted)
    total = session.db.audit.search_count(query)
    rows = _with_names(session.db, session.db.audit.search(query, offset, limit))
    if audited:
        record_list_view(session, "audit", "search", [r["id"] for r in rows],
                         detail={"filter": filter_detail(wanted), "total": total})
    return total, rows


def _with_names(db, rows: list[dict]) -> list[dict]:
    """Each row with `clerk_name`, the display name a screen shows (the login when unknown)."""
    names = {c["login"].lower(): c["display_name"] for c in db.clerks.all()}
    return [{**row, "clerk_name": names.get(row["clerk"].lower(), row["clerk"])} for row in rows]


def verify_audit(session: Session) -> int:
    """The number of rows when the chain holds; NotGenuine naming the first bad row when not."""
    session.require(Permission.VIEW_AUDIT)
    broken = session.db.audit.verify()
    if broken is not None:
        raise NotGenuine(N_("The audit trail has been tampered with at row {row}: {reason}."),
                         {"row": broken.row_id, "reason": Msg(broken.reason)})
    return session.db.audit.count()


def export_audit_csv(session: Session, wanted: AuditFilter, path: Path, *,
                     encoding: str = "utf-8") -> int:
    """Write the matching rows (oldest first) to `path`; the export is itself audited.

    With cp932 a character that Shift_JIS cannot hold is refused, naming the row and field,
    and no file is left behind.
    """
    session.require(Permission.VIEW_AUDIT)
    if encoding not in ENCODINGS:
        raise RuleRefused(N_("Unknown encoding {encoding}."), {"encoding": encoding})
    query = to_query(session, wanted)
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    rows = 0
    with session.write("audit.export", "audit") as change:
        try:
            with open(partial, "w", encoding=ENCODINGS[encoding], newline="") as out:
                writer = csv.writer(out)
                writer.writerow(CSV_COLUMNS)
                for row in session.db.audit.each(query):
                    rows += 1
                    _check_encodable(row, rows, encoding)
                    # A file name or login is anyone's choice: never a live formula in Excel.
                    writer.writerow([excel_text(value) if isinstance(value, str) else value
                                     for value in (row[column] for column in CSV_COLUMNS)])
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
        change.after = {"file": path.name, "rows": rows, "encoding": encoding,
                        "filter": filter_detail(wanted)}
    return rows


def filter_detail(wanted: AuditFilter) -> dict:
    """A search of the trail as its own audit row records it."""
    return {"person": wanted.person, "clerk": wanted.clerk, "action": wanted.action,
            "from": wanted.date_from and wanted.date_from.isoformat(),
            "to": wanted.date_to and wanted.date_to.isoformat()}


def _check_encodable(row: dict, number: int, encoding: str) -> None:
    if encoding != "cp932":
        return
    for column in CSV_COLUMNS:
        value = row[column]
        if isinstance(value, str):
            try:
                value.encode("cp932")
            except UnicodeEncodeError as error:
                raise RuleRefused(
                    N_("The character {char} cannot be written in Shift_JIS (cp932); "
                       "export in UTF-8 instead."),
                    {"char": value[error.start:error.end]}, row=number, field=column) from None


def audit_clerks(session: Session) -> list[str]:
    """Every login that appears in the trail, for the search form (supervisors and up)."""
    session.require(Permission.VIEW_AUDIT)
    return session.db.audit.clerks()
