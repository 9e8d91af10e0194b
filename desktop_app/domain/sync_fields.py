"""What the 同期 page calls the records and fields counter sync touches, in the town's words."""

from __future__ import annotations

from desktop_app.domain.duplicates import MERGE_FIELDS
from desktop_app.domain.text import N_, Msg

RECORD_KINDS: dict[str, Msg] = {
    "registrants": Msg(N_("Registrant")), "involvement": Msg(N_("Involvement")),
    "consultations": Msg(N_("Consultation")), "registrant_merges": Msg(N_("Merge")),
    "certificates": Msg(N_("Certificate")), "houses": Msg(N_("Vacant house")),
    "house_photos": Msg(N_("House photo")), "house_owner_contacts": Msg(N_("Owner contact")),
    "house_wishes": Msg(N_("House wish")), "house_inquiries": Msg(N_("House inquiry")),
    "facilities": Msg(N_("Facility")), "facility_blackouts": Msg(N_("Closed day")),
    "bookings": Msg(N_("Booking")), "events": Msg(N_("Event")),
    "event_participants": Msg(N_("Event participant")),
    "voucher_batches": Msg(N_("Voucher batch")), "vouchers": Msg(N_("Voucher")),
}

# Fields by name, whichever record they belong to (a status is a status).
FIELD_LABELS: dict[str, Msg] = {
    **dict(MERGE_FIELDS),
    "kind": Msg(N_("Kind")), "tier": Msg(N_("Tier")), "status": Msg(N_("Status")),
    "status_reason": Msg(N_("Reason")), "valid_until": Msg(N_("Valid until")),
    "registered_on": Msg(N_("Registered on")), "renewed_on": Msg(N_("Renewed on")),
    "check_in": Msg(N_("Check-in")), "check_out": Msg(N_("Check-out")),
    "guests": Msg(N_("Guests")), "fee_yen": Msg(N_("Fee (yen)")), "note": Msg(N_("Note")),
    "notes": Msg(N_("Notes")), "name": Msg(N_("Name")), "booking_id": Msg(N_("Booking")),
    "registrant_id": Msg(N_("Registrant")), "facility_id": Msg(N_("Facility")),
    "price_yen": Msg(N_("Price (yen)")), "rent_yen": Msg(N_("Rent (yen)")),
    "owner_name": Msg(N_("Owner")), "owner_contact": Msg(N_("Owner contact")),
    "topics": Msg(N_("Topics")), "follow_up_on": Msg(N_("Follow-up on")),
    "quantity": Msg(N_("Quantity")), "amount_yen": Msg(N_("Amount (yen)")),
}


def field_label(field: str) -> Msg:
    """The field's name in the town's words; a field without one is named as it is stored."""
    return FIELD_LABELS.get(field, Msg(field))
