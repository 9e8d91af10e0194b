"""An audit row's details (before and after, stored as JSON) as one short line a clerk reads:
`状況: 仮予約 → 確定 / 理由: 電話で確認`. Fields are named by the labels the forms use, codes by
their names, dates in the office's style; no braces, quotes or stored field names.
"""

from __future__ import annotations

import json
import re
from typing import Any

from desktop_app.domain.code_labels import code_label, code_labels
from desktop_app.domain.dates import format_date, format_timestamp
from desktop_app.domain.sync_fields import FIELD_LABELS, RECORD_KINDS
from desktop_app.domain.text import N_, Msg, render, translate

# Bookkeeping every record carries: true, but nothing a clerk reads an audit row for.
HIDDEN = frozenset({
    "id", "uuid", "version", "terminal", "created_at", "created_by", "updated_at", "updated_by",
    "name_key", "given_key", "kana_key", "given_kana_key", "address_key", "phone_digits",
    "phone_reversed", "failed_logins", "ids", "merged_id", "details_hash", "written_by", "hash",
    # what the row's sentence already says ("… printed a resident card", "… changed their password")
    "list", "document", "password", "public_key", "account_key",
    # hashes, windows and lists of ids: kept for the record, no help on a screen
    "registrant_ids", "audit_head", "figures_sha256", "offset", "dates",
})
# Field names beyond the sync page's (sync_fields.FIELD_LABELS), in the forms' words.
LABELS: dict[str, Msg] = {
    "action": Msg(N_("Action")), "area": Msg(N_("District")),
    "audit_rows": Msg(N_("Audit rows")), "conflicts": Msg(N_("Conflicts")),
    "date": Msg(N_("Date")), "figures": Msg(N_("Figures")), "held": Msg(N_("Held back")),
    "hit_prefecture": Msg(N_("Stricken prefecture")),
    "hit_city": Msg(N_("Stricken municipality")),
    "notes_cleared": Msg(N_("Notes cleared")), "photos_removed": Msg(N_("Photos removed")),
    "older_than_days": Msg(N_("Erased more than this many days ago")),
    "month": Msg(N_("Month")), "quarter": Msg(N_("Quarter")),
    "registrant": Msg(N_("Registrant")),
    "skipped_rows": Msg(N_("Rows skipped")), "active": Msg(N_("Active")),
    "algorithm": Msg(N_("Algorithm")),
    "applied": Msg(N_("Changes applied")), "already_had": Msg(N_("Already had")),
    "applied_on": Msg(N_("Applied on")), "approved_by": Msg(N_("Approved by")),
    "areas": Msg(N_("Districts")), "attended": Msg(N_("Attended")),
    "available_from": Msg(N_("Available from")), "built_year": Msg(N_("Year built")),
    "bytes": Msg(N_("Size (bytes)")), "capacity": Msg(N_("Capacity")),
    "caption": Msg(N_("Caption")), "card_code": Msg(N_("Card code")),
    "certificate_no": Msg(N_("Certificate number")), "changes": Msg(N_("Changes")),
    "channel": Msg(N_("Channel")), "cleared": Msg(N_("Marked as looked at")),
    "clerk": Msg(N_("Clerk")), "condition_notes": Msg(N_("Condition")),
    "consent_form": Msg(N_("Consent form")), "consent_on": Msg(N_("Consent on")),
    "consulted_on": Msg(N_("Date")), "contacted_on": Msg(N_("Date")),
    "contracted_on": Msg(N_("Contracted on")),
    "contracted_registrant_id": Msg(N_("Registrant")), "copies": Msg(N_("Copies")),
    "count": Msg(N_("Count")), "counter": Msg(N_("Counter")), "day": Msg(N_("Day")),
    "days": Msg(N_("Days")), "deal": Msg(N_("Deal")), "detail": Msg(N_("Detail")),
    "disaster_help": Msg(N_("Help in a disaster")), "display_name": Msg(N_("Display name")),
    "district": Msg(N_("District")), "document": Msg(N_("Document")),
    "donation_yen": Msg(N_("Donation (yen)")), "donor": Msg(N_("Donor")),
    "emergency_name": Msg(N_("Emergency contact")),
    "emergency_phone": Msg(N_("Emergency contact phone")),
    "emergency_relation": Msg(N_("Relation")), "encoding": Msg(N_("Encoding")),
    "event_id": Msg(N_("Event")), "expired": Msg(N_("Expired")),
    "expires_on": Msg(N_("Expires on")), "failures": Msg(N_("Failed sign-ins")),
    "file": Msg(N_("File")),
    "filter": Msg(N_("Search")), "fingerprint": Msg(N_("Fingerprint")),
    "first": Msg(N_("First")), "floor_m2": Msg(N_("Floor area (m²)")),
    "floors": Msg(N_("Floors")), "follow_up_done_on": Msg(N_("Follow-up done on")),
    "format": Msg(N_("Format")), "from": Msg(N_("From")), "gas": Msg(N_("Gas")),
    "granted": Msg(N_("Given to")), "held_on": Msg(N_("Date")),
    "house_id": Msg(N_("Vacant house")), "house_rules": Msg(N_("House rules")),
    "identity_checked_by": Msg(N_("Identity checked by")),
    "identity_checked_on": Msg(N_("Identity checked on")),
    "identity_document": Msg(N_("Identity document")), "inviter": Msg(N_("Invited by")),
    "issued_on": Msg(N_("Issued on")), "land_m2": Msg(N_("Land area (m²)")),
    "last": Msg(N_("Last")), "layout": Msg(N_("Layout")), "left_out": Msg(N_("Left out")),
    "list": Msg(N_("List")), "listing_no": Msg(N_("Listing")),
    "locked_until": Msg(N_("Locked until")), "login": Msg(N_("Login")),
    "max_nights": Msg(N_("Maximum nights")), "max_price_yen": Msg(N_("Price (yen)")),
    "max_rent_yen": Msg(N_("Rent (yen a month)")), "merge": Msg(N_("Merge")),
    "merged": Msg(N_("Merged")), "merged_id": Msg(N_("Merged")),
    "min_floor_m2": Msg(N_("Floor area (m²)")), "min_nights": Msg(N_("Minimum nights")),
    "min_rooms": Msg(N_("Rooms")), "mode": Msg(N_("Mode")),
    "move_in_from": Msg(N_("Move-in from")), "move_in_until": Msg(N_("Move-in until")),
    "moved": Msg(N_("Moved")), "municipality_code": Msg(N_("Municipality code")),
    "municipality_name": Msg(N_("Municipality")), "must_change_password": Msg(
        N_("Must change the password")), "needs_pets": Msg(N_("Pets allowed")),
    "next_on": Msg(N_("Next contact on")), "next_step": Msg(N_("Next step")),
    "nightly_fee_yen": Msg(N_("Nightly fee")), "occurred_on": Msg(N_("Date")),
    "office_name": Msg(N_("Office name")), "on": Msg(N_("Day")), "outcome": Msg(N_("Outcome")),
    "owner_address": Msg(N_("Owner's address")), "parking": Msg(N_("Parking spaces")),
    "password": Msg(N_("Password")), "person": Msg(N_("Person")),
    "pets_allowed": Msg(N_("Pets allowed")), "photo": Msg(N_("Photo")),
    "photo_id": Msg(N_("Photo")), "place": Msg(N_("Place")),
    "published_on": Msg(N_("Published on")), "purpose": Msg(N_("Purpose")),
    "reason": Msg(N_("Reason")), "receipt_no": Msg(N_("Receipt number")),
    "reference": Msg(N_("Reference")), "registrant_no": Msg(N_("Registration number")),
    "registrants": Msg(N_("Registrants")), "repairs_needed": Msg(N_("Repairs needed")),
    "restored": Msg(N_("Restored")), "role": Msg(N_("Role")), "rows": Msg(N_("Rows")),
    "seed": Msg(N_("Seed")), "set": Msg(N_("Set")), "set_aside": Msg(N_("Set aside as")),
    "sewage": Msg(N_("Sewage")), "sha256": Msg(N_("SHA-256")), "shown": Msg(N_("Shown")),
    "slots": Msg(N_("Accounts that hold the key")), "state": Msg(N_("State")),
    "street": Msg(N_("Street number and building")), "structure": Msg(N_("Structure")),
    "subject": Msg(N_("Subject")), "supersedes": Msg(N_("Supersedes")),
    "survivor": Msg(N_("Kept record")), "tables": Msg(N_("Records")),
    "take": Msg(N_("Taken from")), "terminal_id": Msg(N_("Terminal")), "to": Msg(N_("To")),
    "total": Msg(N_("Total")), "towns": Msg(N_("Towns")), "unit": Msg(N_("Unit")),
    "value": Msg(N_("Value")), "voided": Msg(N_("Voided")), "water": Msg(N_("Water")),
    "zip_sha256": Msg(N_("SHA-256")), "bookings": Msg(N_("Bookings")),
    "houses": Msg(N_("Vacant houses")), "facilities": Msg(N_("Facilities")),
    "events": Msg(N_("Events")), "involvement": Msg(N_("Involvement")),
    "emergency_contacts": Msg(N_("Emergency contacts")),
}
# Where one record's field means something else than the same name elsewhere.
RECORD_LABELS: dict[tuple[str, str], Msg] = {
    ("setting", "value"): Msg(N_("Setting value")),
    ("backup", "from"): Msg(N_("Restored from")),
    ("event", "name"): Msg(N_("Event")), ("facility", "name"): Msg(N_("Facility name")),
    ("registrant", "count"): Msg(N_("Number of people")),
    ("facility", "days"): Msg(N_("Closed days")),
    ("print", "registrants"): Msg(N_("Registrant")),
}
# Shown as yes or no though stored as 0 or 1.
YES_NO = frozenset({"active", "attended", "cleared", "disaster_help", "must_change_password",
                    "needs_pets", "pets_allowed", "photo"})
# Numbers that count or weigh something (a year, an id or a seed keeps no digit grouping).
COUNTS = frozenset({"audit_rows", "conflicts", "figures", "held", "notes_cleared",
                    "photos_removed", "skipped_rows", "total", "shown", "count", "changes",
                    "applied", "already_had", "copies",
                    "failures", "towns", "registrants", "bookings", "houses", "facilities",
                    "events", "involvement", "emergency_contacts", "capacity", "quantity"})
# The sync page's order (the person's names first, then the kind and status), then the rest.
_ORDER = {name: n for n, name in enumerate(FIELD_LABELS)}
PAIR = N_("{label}: {value}")
CHANGED = N_("{before} → {after}")
SHOWN_ITEMS = 5  # a long list of serials or days shows its first few and how many in all
LIMIT = 160  # characters in the table's cell; the tooltip holds the whole line
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def field_name(record: str, field: str) -> str | None:
    """The field's label, translated; None for a field the trail does not show."""
    if field in HIDDEN:
        return None
    label = (RECORD_LABELS.get((record, field)) or FIELD_LABELS.get(field) or LABELS.get(field)
             or RECORD_KINDS.get(field))
    return translate(label) if label else None


def shown_value(record: str, field: str, value: Any, style: str) -> str:
    """A stored value as the clerk reads it: codes by name, dates in the office's style."""
    if value is None or value == "" or value == []:
        return "—"
    flag = field in YES_NO or field.startswith("consent_")
    if isinstance(value, bool) or (flag and value in (0, 1)):
        return translate(N_("Yes")) if value else translate(N_("No"))
    if isinstance(value, dict):
        inner = _pairs(record, value, {}, style, translate(N_(", ")))
        return render(N_("({items})"), {"items": inner}) if inner else "—"
    if isinstance(value, list):
        items = [shown_value(record, field, item, style) for item in value[:SHOWN_ITEMS]]
        if len(value) > SHOWN_ITEMS:
            items.append(render(N_("… ({count} in all)"), {"count": f"{len(value):,}"}))
        return translate(N_(", ")).join(items)
    if code_labels(record, field) is not None:
        return code_label(record, field, value)
    if isinstance(value, str) and _ISO_DATE.match(value):
        return format_date(value, style)
    if isinstance(value, str) and _ISO_INSTANT.match(value):
        return format_timestamp(value, style)
    if isinstance(value, int) and (field.endswith(("_yen", "bytes", "rows")) or field in COUNTS):
        return f"{value:,}"
    return str(value)


def _pairs(record: str, after: dict, before: dict, style: str, separator: str = " / ") -> str:
    parts = []
    fields = dict.fromkeys([*after, *before])
    for field in sorted(fields, key=lambda name: _ORDER.get(name, len(_ORDER))):
        label = field_name(record, field)
        if label is None:
            continue
        if field not in after:  # only the earlier value was kept (a day reopened, a merge)
            now = shown_value(record, field, before[field], style)
        elif field in before and before[field] != after[field]:
            now = render(CHANGED, {"before": shown_value(record, field, before[field], style),
                                   "after": shown_value(record, field, after[field], style)})
        else:
            now = shown_value(record, field, after[field], style)
            if now == "—" and field not in before:
                continue  # an empty field of a new record says nothing
        parts.append(render(PAIR, {"label": label, "value": now}))
    return separator.join(parts)


def record_lines(record: str, values: dict, style: str) -> list[str]:
    """A whole record as `label: value` lines (a person's file on the command line), leaving
    out the bookkeeping fields."""
    lines = []
    for field, value in values.items():
        label = field_name(record, field)
        if label is not None:
            lines.append(render(PAIR, {"label": label,
                                       "value": shown_value(record, field, value, style)}))
    return lines


def _loaded(text: str | None) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def audit_details(record: str, before_json: str | None, after_json: str | None,
                  style: str) -> str:
    """The row's details as one line: each field `label: value`, a change `before → after`."""
    before, after = _loaded(before_json), _loaded(after_json)
    if isinstance(after, dict) or isinstance(before, dict):
        return _pairs(record, after if isinstance(after, dict) else {},
                      before if isinstance(before, dict) else {}, style)
    shown = shown_value(record, "value", after, style)
    if before is not None:
        shown = render(CHANGED, {"before": shown_value(record, "value", before, style),
                                 "after": shown})
    return "" if shown == "—" else shown


def shortened(line: str, limit: int = LIMIT) -> str:
    """The line cut to fit a table cell."""
    return line if len(line) <= limit else line[:limit - 1] + "…"
