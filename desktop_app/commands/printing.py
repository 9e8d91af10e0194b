"""`futasato print …`, `futasato verify-card`."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from desktop_app.commands.common import (
    EXIT_NOT_GENUINE,
    EXIT_OK,
    clerk_session,
    emit,
    open_database,
    signed_in,
)
from desktop_app.commands.emergency import add_query_options, query_of
from desktop_app.i18n import _
from desktop_app.services.ledger_files import replaced_atomically


def register(commands) -> None:
    printing = commands.add_parser("print", help=_("print cards, certificates, vouchers, labels "
                                                   "and letters to a PDF file"))
    documents = printing.add_subparsers(dest="document", metavar=_("document"), required=True)

    def document(name: str, help_text: str, run) -> argparse.ArgumentParser:
        parser = documents.add_parser(name, help=help_text)
        parser.add_argument("--out", type=Path, required=True, help=_("the PDF file to write"))
        parser.add_argument("--preview", action="store_true",
                            help=_("a 見本 preview: watermarked, not recorded as printed"))
        parser.set_defaults(run=run)
        return parser

    card = document("card", _("one person's card, front and back"), run_card)
    card.add_argument("--registrant", required=True, help=_("registrant number or id"))
    card.add_argument("--sheet", choices=("single", "a4-10up"), default="single",
                      help=_("one card per page, or A4 business-card stock"))
    card.add_argument("--printer", help=_("use this printer's calibration offsets"))
    card.add_argument("--copies", type=int, default=1, help=_("how many copies"))

    phone = documents.add_parser("phone-card", help=_(
        "one person's card for their phone: a 1080 × 1920 PNG, or a one-page PDF"))
    phone.add_argument("--registrant", required=True, help=_("registrant number or id"))
    phone.add_argument("--out", type=Path, required=True, help=_("the .png or .pdf file to write"))
    phone.set_defaults(run=run_phone_card)

    cards = document("cards", _("cards for everyone with a status"), run_cards)
    cards.add_argument("--status", default="登録", help=_("登録, 更新, 申請中, 失効 or 取消"))
    cards.add_argument("--sheet", choices=("single", "a4-10up"), default="a4-10up",
                       help=_("one card per page, or A4 business-card stock"))
    cards.add_argument("--printer", help=_("use this printer's calibration offsets"))

    certificate = document("certificate", _("a numbered registration certificate"),
                           run_certificate)
    certificate.add_argument("--registrant", required=True, help=_("registrant number or id"))
    certificate.add_argument("--copies", type=int, default=1, help=_("how many copies"))
    certificate.add_argument("--reason", default="", help=_("why an earlier one is reissued"))

    vouchers = document("vouchers", _("stay vouchers of an issued batch"), run_vouchers)
    vouchers.add_argument("--batch", type=int, required=True, help=_("voucher batch id"))

    labels = document("labels", _("address labels on A4 label stock"), run_labels)
    labels.add_argument("--registrant", action="append", default=[],
                        help=_("registrant number or id (repeat for more)"))
    labels.add_argument("--status", help=_("everyone with this status instead"))
    labels.add_argument("--printer", help=_("use this printer's calibration offsets"))

    letters = document("letters", _("window-envelope letters"), run_letters)
    letters.add_argument("--kind", choices=("renewal", "expiry"), default="renewal",
                         help=_("renewal notice or expiry reminder"))
    letters.add_argument("--registrant", action="append", default=[],
                         help=_("registrant number or id (repeat for more)"))
    letters.add_argument("--status", help=_("everyone with this status instead"))

    emails = documents.add_parser("emails", help=_(
        "情報提供: a CSV of the e-mail addresses of those who agreed to receive the town's "
        "information, for the town's own mail system"))
    emails.add_argument("--out", type=Path, required=True, help=_("the CSV file to write"))
    emails.add_argument("--registrant", action="append", default=[],
                        help=_("registrant number or id (repeat for more)"))
    emails.add_argument("--status", help=_("everyone with this status instead"))
    emails.set_defaults(run=run_emails)

    form = document("form", _("a pre-filled application form to sign at the counter"), run_form)
    form.add_argument("--registrant", required=True, help=_("registrant number or id"))

    listing = document("listing", _("the public listing sheet of a vacant house"), run_listing)
    listing.add_argument("--house", type=int, required=True, help=_("house id"))

    booking = document("booking", _("the confirmation of a trial-stay booking"), run_booking)
    booking.add_argument("--booking", type=int, required=True, help=_("booking id"))

    emergency = document("emergency", _("the emergency list on A4 in large type (supervisors)"),
                         run_emergency)
    add_query_options(emergency)

    verify = commands.add_parser("verify-card", help=_(
        "check a card, certificate or voucher QR code offline (exit 0 only when valid)"))
    verify.add_argument("payload", help=_("the text the QR code holds"))
    verify.add_argument("--public-key", type=Path,
                        help=_("check with this office's exported public key instead"))
    verify.add_argument("--today", help=_("check as of this date (YYYY-MM-DD)"))
    verify.set_defaults(run=run_verify)


def _with_session(args: argparse.Namespace, work) -> int:
    db = open_database(args)
    try:
        session = clerk_session(db)
        pdf, summary = work(session)
    finally:
        db.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with replaced_atomically(args.out, "wb") as stream:  # a full stick leaves no half PDF
        stream.write(pdf)
    emit(args, {"file": str(args.out), "bytes": len(pdf), **summary},
         _("Wrote {file} ({size:,} bytes).").format(file=args.out, size=len(pdf)))
    return EXIT_OK


def run_emergency(args: argparse.Namespace) -> int:
    from desktop_app.services.printing.emergency import print_emergency_list

    return _with_session(args, lambda s: (print_emergency_list(s, query_of(args)), {}))


def run_card(args: argparse.Namespace) -> int:
    from desktop_app.services.printing import print_card

    return _with_session(args, lambda s: (print_card(
        s, args.registrant, sheet=args.sheet, preview=args.preview, printer=args.printer,
        copies=args.copies), {}))


def run_phone_card(args: argparse.Namespace) -> int:
    from desktop_app.services.printing import phone_card_format, print_phone_card

    def phone_card(session):
        file_format = phone_card_format(args.out)  # after sign-in, like every other refusal
        return print_phone_card(session, args.registrant, file_format), {"format": file_format}

    return _with_session(args, phone_card)


def run_cards(args: argparse.Namespace) -> int:
    from desktop_app.services.printing import print_cards, statuses_from_word

    return _with_session(args, lambda s: (print_cards(
        s, statuses=statuses_from_word(args.status), sheet=args.sheet, preview=args.preview,
        printer=args.printer), {}))


def run_certificate(args: argparse.Namespace) -> int:
    from desktop_app.services.printing import issue_certificate

    def work(session):
        number, pdf = issue_certificate(session, args.registrant, preview=args.preview,
                                        copies=args.copies, reason=args.reason)
        return pdf, {"certificate_no": number}

    return _with_session(args, work)


def run_vouchers(args: argparse.Namespace) -> int:
    from desktop_app.services.printing import print_vouchers

    return _with_session(args, lambda s: (print_vouchers(s, args.batch, preview=args.preview),
                                          {}))


def _people(session, args) -> list[dict]:
    from desktop_app.services.printing import select_people

    return select_people(session, args.registrant, args.status)


def run_labels(args: argparse.Namespace) -> int:
    from desktop_app.services.printing import print_labels

    return _with_session(args, lambda s: (print_labels(
        s, _people(s, args), preview=args.preview, printer=args.printer), {}))


def run_letters(args: argparse.Namespace) -> int:
    from desktop_app.services.printing import print_letters

    return _with_session(args, lambda s: (print_letters(
        s, _people(s, args), kind=args.kind, preview=args.preview), {}))


def run_emails(args: argparse.Namespace) -> int:
    from desktop_app.services.information_mailing import information_emails

    def work(session):
        mailing = information_emails(session, args.registrant, args.status)
        return mailing.csv, {"rows": mailing.rows, "left_out": mailing.left_out}

    return _with_session(args, work)


def run_form(args: argparse.Namespace) -> int:
    from desktop_app.services.printing import print_application_form

    return _with_session(args, lambda s: (print_application_form(
        s, args.registrant, preview=args.preview), {}))


def run_listing(args: argparse.Namespace) -> int:
    from desktop_app.services.stay_house_printing import print_house_listing

    return _with_session(args, lambda s: (print_house_listing(s, args.house,
                                                              preview=args.preview), {}))


def run_booking(args: argparse.Namespace) -> int:
    from desktop_app.services.stay_house_printing import print_booking_confirmation

    return _with_session(args, lambda s: (print_booking_confirmation(
        s, args.booking, preview=args.preview), {}))


def run_verify(args: argparse.Namespace) -> int:
    from desktop_app.domain.dates import parse_date
    from desktop_app.domain.text import render
    from desktop_app.services.verification import OUTCOME_LABELS, verify

    today = parse_date(args.today) if args.today else date.today()
    if args.public_key:  # the key file alone: nothing is read from a register
        verdict = verify(None, args.payload, today=today, public_key_file=args.public_key)
    else:
        verdict = _verify_on_file(args, today)
    reason = render(verdict.reason, verdict.params)
    holder = verdict.holder or {}
    data = {"result": verdict.outcome.value, "reason": reason,
            "document": verdict.payload.document.value if verdict.payload else None,
            "identifier": verdict.payload.identifier if verdict.payload else None,
            "registrant_no": holder.get("registrant_no")}
    label = _(OUTCOME_LABELS[verdict.outcome])
    word = verdict.outcome.value
    text = f"{word}: {reason}" if label == word else f"{word} ({label}): {reason}"
    if holder:
        text += "\n" + _("Holder: {number} {name}").format(number=holder["registrant_no"],
                                                           name=holder["name"])
    emit(args, data, text)
    return EXIT_OK if verdict.valid else EXIT_NOT_GENUINE


@signed_in
def _verify_on_file(args: argparse.Namespace, session, today: date):
    """Checked against the register, which names the holder: a clerk signs in (the service
    refuses and audits)."""
    from desktop_app.services.verification import verify_on_file

    return verify_on_file(session, args.payload, today=today)
