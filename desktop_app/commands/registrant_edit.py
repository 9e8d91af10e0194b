"""`futasato registrants edit NO --phone … --email …`: correct a person's details.

The same fields as the person's file in the window (the edit form), through the same service
(`update_details`): a field left out keeps its value, a refusal names the field (exit 3), and
the change is one audit row with the values before and after.
"""

from __future__ import annotations

import argparse
import dataclasses
from datetime import date
from pathlib import Path

from desktop_app.commands.common import (
    EXIT_OK,
    EXIT_REFUSED,
    UsageError,
    emit,
    registrants_group,
    signed_in,
)
from desktop_app.commands.registrants import shown_record
from desktop_app.domain.audit_details import field_name
from desktop_app.domain.registry_rules import IdentityDocument
from desktop_app.domain.text import N_
from desktop_app.i18n import _

# Options that take text, as (option, field of the application, help).
_TEXT_OPTIONS = (
    ("--family-name", "family_name", N_("family name as written")),
    ("--given-name", "given_name", N_("given name as written")),
    ("--family-kana", "family_kana", N_("family name in kana")),
    ("--given-kana", "given_kana", N_("given name in kana")),
    ("--birth-date", "birth_date", N_("birth date (S50.4.1, 1975-04-01)")),
    ("--postal-code", "postal_code", N_("postal code of the 住民票 address")),
    ("--prefecture", "prefecture", N_("prefecture of the 住民票 address")),
    ("--city", "city", N_("city, town or village of the 住民票 address")),
    ("--address", "address", N_("the rest of the address")),
    ("--phone", "phone", N_("phone number")),
    ("--email", "email", N_("e-mail address")),
    ("--local-address", "local_address", N_("where the person stays in town")),
    ("--identity-checked-on", "identity_checked_on", N_("day the photo ID was seen")),
    ("--emergency-name", "emergency_name", N_("whom to call in an emergency")),
    ("--emergency-relation", "emergency_relation", N_("how the emergency contact is related")),
    ("--emergency-phone", "emergency_phone", N_("the emergency contact's phone")),
)
_CONSENTS = (("--newsletter", "consent_newsletter", N_("consents to the newsletter")),
             ("--sharing", "consent_sharing", N_("consents to sharing with support "
                                                "corporations")),
             ("--photo", "consent_photo", N_("consents to a photo on the card")),
             ("--disaster-help", "disaster_help", N_("would help in a disaster elsewhere")))


def register(commands) -> None:
    edit = registrants_group(commands).add_parser(
        "edit", help=_("correct a person's details; options left out keep their value"))
    edit.add_argument("registrant", help=_("registrant number (R7-000123) or record id"))
    for option, dest, help_text in _TEXT_OPTIONS:
        edit.add_argument(option, dest=dest, default=None, help=_(help_text))
    edit.add_argument("--kind", choices=("furusato", "dual"), default=None,
                      help=_("furusato resident or dual resident"))
    edit.add_argument("--tier", choices=("basic", "premium"), default=None,
                      help=_("tier of a furusato resident"))
    edit.add_argument("--sex", choices=("female", "male", "other", ""), default=None,
                      help=_("sex ('' for not given)"))
    edit.add_argument("--identity-document", default=None,
                      choices=("", *(document.value for document in IdentityDocument)),
                      help=_("photo ID seen for a premium registration (never its number); "
                             "'' for none"))
    for option, dest, help_text in _CONSENTS:
        edit.add_argument(option, dest=dest, default=None, action=argparse.BooleanOptionalAction,
                          help=_(help_text))
    edit.add_argument("--allow-duplicate", action="store_true",
                      help=_("save even when likely duplicates are on file"))
    edit.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                      help=_("print the changed record as JSON"))
    edit.set_defaults(run=run_edit)

    photo = registrants_group(commands).add_parser(
        "photo", help=_("take a card photo from a picture file (cropped to the card), or "
                        "remove it; it prints only with the person's consent"))
    photo.add_argument("registrant", help=_("registrant number (R7-000123) or record id"))
    source = photo.add_mutually_exclusive_group(required=True)
    source.add_argument("--file", type=Path, help=_("the picture (JPEG, PNG…)"))
    source.add_argument("--remove", action="store_true", help=_("remove the photo on file"))
    photo.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                       help=_("print the result as JSON"))
    photo.set_defaults(run=run_photo)


def _edited(args: argparse.Namespace, record: dict, clerk: str):
    """The person's application as on file, with what the command line changes."""
    from desktop_app.services.registration import application_from_record

    application = application_from_record(record)
    changes = {dest: getattr(args, dest) for _option, dest, _help in _TEXT_OPTIONS + _CONSENTS
               if getattr(args, dest) is not None}
    for name in ("kind", "tier"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    if args.kind == "dual":
        changes["tier"] = None  # a dual resident has no tier, as the form greys it out
    if args.sex is not None:
        changes["sex"] = args.sex or None
    if args.identity_document is not None:
        changes["identity_document"] = args.identity_document
        changes["identity_checked_by"] = clerk if args.identity_document else ""
        if not args.identity_document:
            changes["identity_checked_on"] = ""
        elif not changes.get("identity_checked_on"):
            changes["identity_checked_on"] = date.today().isoformat()
    return dataclasses.replace(application, **changes)


@signed_in
def run_edit(args: argparse.Namespace, session) -> int:
    from desktop_app.services.audit_trail import record_view
    from desktop_app.services.duplicates import find_duplicates
    from desktop_app.services.registrant_lookup import find_registrant
    from desktop_app.services.registration import update_details

    before = find_registrant(session.db, args.registrant)
    application = _edited(args, before, session.clerk)
    duplicates = find_duplicates(session.db, application, exclude_id=before["id"])
    if duplicates and not args.allow_duplicate:
        emit(args, {"duplicates": [c.record["id"] for c in duplicates]}, "\n".join(
            [_("Likely duplicates are on file (use --allow-duplicate to save anyway):")] +
            [f"  {c.record['id']} {c.record['registrant_no'] or '-'} "
             f"{c.record['family_name']} {c.record['given_name']}" for c in duplicates]))
        return EXIT_REFUSED
    update_details(session, before["id"], application)
    after = session.db.registrants.get(before["id"])
    shown = shown_record(after)
    changed = [key for key, value in shown.items() if before.get(key) != value
               and key not in ("version", "updated_at", "updated_by", "terminal")]
    if not changed:
        record_view(session, before["id"])  # nothing was written, but the record is shown
    names = [field_name("registrant", key) or key for key in changed]
    emit(args, shown, _("Changed: {fields}.").format(fields=_(", ").join(names)) if changed
         else _("Nothing to change: the details are as given."))
    return EXIT_OK


@signed_in
def run_photo(args: argparse.Namespace, session) -> int:
    from desktop_app.services.photos import remove_photo, set_photo

    if args.remove:
        removed = remove_photo(session, args.registrant)
        emit(args, {"removed": removed}, _("The photo was removed.") if removed
             else _("There was no photo on file."))
        return EXIT_OK
    try:
        picture = args.file.read_bytes()
    except OSError as error:
        raise UsageError(_("Cannot read {path}: {error}").format(path=args.file,
                                                                  error=error)) from None
    stored = set_photo(session, args.registrant, picture)
    emit(args, stored, _("Photo stored: {width} × {height} pixels, {size:,} bytes.").format(
        width=stored["width"], height=stored["height"], size=stored["bytes"]))
    return EXIT_OK
