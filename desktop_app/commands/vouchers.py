"""`futasato vouchers issue|redeem|void|expire|show`: stay vouchers (宿泊利用券)."""

from __future__ import annotations

import argparse

from desktop_app.commands.common import EXIT_OK, UsageError, clerk_session, emit, open_database
from desktop_app.i18n import _, ngettext


def register(commands) -> None:
    vouchers = commands.add_parser("vouchers", help=_("stay vouchers (宿泊利用券)"))
    group = vouchers.add_subparsers(dest="vouchers_command", metavar=_("command"), required=True)
    issue = group.add_parser("issue", help=_("issue a batch of vouchers; prints the serials"))
    issue.add_argument("--count", type=int, required=True, help=_("how many vouchers"))
    issue.add_argument("--value", required=True,
                       help=_("what each is worth: 2 or 2n (nights), or 5000yen / 5000円"))
    issue.add_argument("--expires", required=True, help=_("last day of use"))
    issue.add_argument("--donor", default="", help=_("the ふるさと納税 donor"))
    issue.add_argument("--receipt", default="", help=_("receipt number of the donation"))
    issue.add_argument("--amount", type=int, default=None, help=_("the donation in yen"))
    issue.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                       help=_("print the vouchers as JSON"))
    issue.set_defaults(run=run_issue)
    redeem = group.add_parser("redeem", help=_("use a voucher for a booking"))
    redeem.add_argument("serial", help=_("the voucher number"))
    redeem.add_argument("--booking", type=int, required=True, help=_("booking id"))
    redeem.add_argument("--code", default=None, help=_("the verification code on the voucher"))
    redeem.set_defaults(run=run_redeem)
    void = group.add_parser("void", help=_("make a voucher void, with the reason"))
    void.add_argument("serial", help=_("the voucher number"))
    void.add_argument("--reason", required=True, help=_("why it is void"))
    void.set_defaults(run=run_void)
    expire = group.add_parser("expire", help=_("mark vouchers past their expiry date"))
    expire.set_defaults(run=run_expire)


def parse_value(text: str) -> tuple[str, int]:
    """`2`, `2n`, `2泊` → nights; `5000yen`, `5000円` → yen."""
    import unicodedata

    cleaned = unicodedata.normalize("NFKC", text).strip().lower().replace(",", "")
    for suffix, unit in (("yen", "yen"), ("円", "yen"), ("nights", "nights"), ("n", "nights"),
                         ("泊", "nights")):
        if cleaned.endswith(suffix):
            cleaned, chosen = cleaned[: -len(suffix)].strip(), unit
            break
    else:
        chosen = "nights"
    if not cleaned.isdigit():
        raise UsageError(_("--value must be a number of nights (2n) or of yen (5000yen)."))
    return chosen, int(cleaned)


def run_issue(args: argparse.Namespace) -> int:
    from desktop_app.domain.dates import parse_date
    from desktop_app.domain.vouchers import Unit
    from desktop_app.services.vouchers import BatchInput, issue_batch

    unit, value = parse_value(args.value)
    batch = BatchInput(count=args.count, value=value, unit=Unit(unit),
                       expires_on=parse_date(args.expires), donor=args.donor,
                       receipt_no=args.receipt, donation_yen=args.amount)
    db = open_database(args)
    try:
        batch_id, serials = issue_batch(clerk_session(db), batch)
        rows = [{k: v[k] for k in ("serial", "verification_code", "unit", "value", "expires_on")}
                for v in db.vouchers.of_batch(batch_id)]
    finally:
        db.close()
    emit(args, {"batch": batch_id, "vouchers": rows}, "\n".join(serials))
    return EXIT_OK


def run_redeem(args: argparse.Namespace) -> int:
    from desktop_app.services.vouchers import redeem

    db = open_database(args)
    try:
        voucher = redeem(clerk_session(db), args.serial, args.booking, code=args.code)
    finally:
        db.close()
    print(_("Voucher {serial} used for booking {booking}.").format(
        serial=voucher["serial"], booking=args.booking))
    return EXIT_OK


def run_void(args: argparse.Namespace) -> int:
    from desktop_app.services.vouchers import void

    db = open_database(args)
    try:
        void(clerk_session(db), args.serial, args.reason)
    finally:
        db.close()
    print(_("Voucher {serial} is void.").format(serial=args.serial))
    return EXIT_OK


def run_expire(args: argparse.Namespace) -> int:
    from desktop_app.services.vouchers import expire_due

    db = open_database(args)
    try:
        serials = expire_due(clerk_session(db))
    finally:
        db.close()
    emit(args, serials, ngettext("{count} voucher expired.", "{count} vouchers expired.",
                                     len(serials)).format(count=len(serials)))
    return EXIT_OK
