"""Stored codes (`confirmed`, `furusato`, `side_job`) as a clerk reads them.

One table from a record's field to the labels of its codes, for every screen and command that
shows a stored value: the audit trail's details, the CLI's text output, the sync conflicts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop_app.domain.consultations import CHANNEL_LABELS, TOPIC_LABELS
from desktop_app.domain.houses import DEAL_LABELS, HOUSE_STATUS_LABELS
from desktop_app.domain.involvement import INVOLVEMENT_LABELS
from desktop_app.domain.registrant import KIND_LABELS, STATUS_LABELS, TIER_LABELS
from desktop_app.domain.registry_rules import IDENTITY_DOCUMENT_LABELS
from desktop_app.domain.roles import ROLE_LABELS
from desktop_app.domain.stays import BOOKING_STATUS_LABELS
from desktop_app.domain.text import N_, Msg, translate
from desktop_app.domain.vouchers import VOUCHER_STATUS_LABELS

EVENT_KIND_LABELS = {"monitor_tour": Msg(N_("Monitor tour")),
                     "exchange": Msg(N_("Exchange event")), "other": Msg(N_("Other"))}
# How the town reached a house's owner, and what a registrant's contact about a house was.
CONTACT_CHANNEL_LABELS = {"phone": Msg(N_("By phone")), "visit": Msg(N_("Visit")),
                          "letter": Msg(N_("Letter")), "email": Msg(N_("Email")),
                          "other": Msg(N_("Other"))}
INQUIRY_LABELS = {"inquiry": Msg(N_("Inquiry")), "viewing": Msg(N_("Viewing"))}
SEX_LABELS = {"female": Msg(N_("Female")), "male": Msg(N_("Male")), "other": Msg(N_("Other"))}
CERTIFICATE_STATUS_LABELS = {"issued": Msg(N_("Issued")), "void": Msg(N_("Void"))}
VOUCHER_UNIT_LABELS = {"yen": Msg(N_("yen")), "nights": Msg(N_("nights"))}
LANGUAGE_LABELS = {"ja": Msg(N_("Japanese")), "en": Msg(N_("English"))}
OFFICE_MODE_LABELS = {"town": Msg(N_("A town's office")),
                      "prefecture": Msg(N_("A prefecture's office"))}
RETURN_STATE_LABELS = {"signed_off": Msg(N_("Signed off")), "reopened": Msg(N_("Reopened"))}
KEY_PURPOSE_LABELS = {"signing": Msg(N_("Signing")), "decryption": Msg(N_("Decryption"))}
CERTIFICATE_KIND_LABELS = {"registration": Msg(N_("Registration certificate"))}
LETTER_KIND_LABELS = {"renewal": Msg(N_("Renewal notice")), "expiry": Msg(N_("Expiry notice"))}
# What a signed package holds (its manifest's kind).
PACKAGE_KIND_LABELS = {"quarterly-return": Msg(N_("Quarterly return")),
                       "change-set": Msg(N_("Change set")),
                       "counter-invitation": Msg(N_("Invitation to pair")),
                       "counter-joined": Msg(N_("Reply to an invitation"))}
SIGN_IN_REFUSAL_LABELS = {"wrong password": Msg(N_("Wrong password")),
                          "unknown login": Msg(N_("Unknown login")),
                          "inactive": Msg(N_("Deactivated account"))}
# Which side's value a resolved sync conflict kept.
SIDE_LABELS = {"mine": Msg(N_("This counter")), "theirs": Msg(N_("The other counter"))}

# (record, field) → the labels of its codes. Records are named as the audit trail names them
# (`booking`); a sync table's plural name (`bookings`) is found through RECORD_OF.
CODES: dict[tuple[str, str], Mapping[str, Msg]] = {
    ("registrant", "status"): STATUS_LABELS,
    ("registrant", "kind"): KIND_LABELS,
    ("registrant", "tier"): TIER_LABELS,
    ("registrant", "sex"): SEX_LABELS,
    ("registrant", "identity_document"): IDENTITY_DOCUMENT_LABELS,
    ("registrant", "letter_language"): LANGUAGE_LABELS,
    ("booking", "status"): BOOKING_STATUS_LABELS,
    ("voucher", "status"): VOUCHER_STATUS_LABELS,
    ("voucher", "unit"): VOUCHER_UNIT_LABELS,
    ("voucher_batch", "unit"): VOUCHER_UNIT_LABELS,
    ("house", "status"): HOUSE_STATUS_LABELS,
    ("*", "deal"): DEAL_LABELS,  # a house's, and a registrant's house wish
    ("house", "channel"): CONTACT_CHANNEL_LABELS,
    ("house", "kind"): INQUIRY_LABELS,
    ("involvement", "kind"): INVOLVEMENT_LABELS,
    ("consultation", "channel"): CHANNEL_LABELS,
    ("consultation", "topics"): TOPIC_LABELS,
    ("clerk", "role"): ROLE_LABELS,
    ("clerk", "reason"): SIGN_IN_REFUSAL_LABELS,
    ("event", "kind"): EVENT_KIND_LABELS,
    ("certificate", "status"): CERTIFICATE_STATUS_LABELS,
    ("certificate", "kind"): CERTIFICATE_KIND_LABELS,
    ("print", "kind"): LETTER_KIND_LABELS,
    ("office", "mode"): OFFICE_MODE_LABELS,
    ("quarter_return", "state"): RETURN_STATE_LABELS,
    ("quarter_return", "kind"): PACKAGE_KIND_LABELS,
    ("package", "kind"): PACKAGE_KIND_LABELS,
    ("exchange_key", "purpose"): KEY_PURPOSE_LABELS,
    ("*", "take"): SIDE_LABELS,  # any record's
}
RECORD_OF = {"registrants": "registrant", "bookings": "booking", "vouchers": "voucher",
             "voucher_batches": "voucher_batch", "houses": "house", "house_wishes": "house_wish",
             "house_owner_contacts": "house", "house_inquiries": "house",
             "involvement": "involvement", "consultations": "consultation", "events": "event",
             "certificates": "certificate", "clerks": "clerk"}


def code_labels(record: str, field: str) -> Mapping[str, Msg] | None:
    """The labels of a field's codes, or None when the field holds no codes."""
    return CODES.get((RECORD_OF.get(record, record), field)) or CODES.get(("*", field))


def code_label(record: str, field: str, code: Any) -> str:
    """The translated name of a stored code (`確定` for a booking's `confirmed`); a list of
    codes (a consultation's `housing,work`) as their names; anything else as it is."""
    labels = code_labels(record, field)
    if labels is None or code is None:
        return "" if code is None else str(code)
    if isinstance(code, str) and "," in code and code not in labels:
        return translate(N_(", ")).join(code_label(record, field, part)
                                        for part in code.split(","))
    label = labels.get(str(code))
    return translate(label) if label is not None else str(code)
