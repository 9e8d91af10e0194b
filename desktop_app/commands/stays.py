"""`futasato facilities …` and `futasato bookings …`: trial-stay facilities and bookings."""

from __future__ import annotations

import argparse

from desktop_app.commands.common import EXIT_OK, clerk_session, emit, open_database, signed_in
from desktop_app.domain.code_labels import code_label
from desktop_app.i18n import _, ngettext


def _json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help=_("print lists as JSON"))


def _date(text: str):
    from desktop_app.domain.dates import parse_date

    return parse_date(text)


def register(commands) -> None:
    facilities = commands.add_parser("facilities", help=_("trial-stay facilities (お試し住宅)"))
    group = facilities.add_subparsers(dest="facilities_command", metavar=_("command"),
                                      required=True)
    add = group.add_parser("add", help=_("add a facility; prints its id"))
    add.add_argument("--name", required=True, help=_("name of the facility"))
    add.add_argument("--capacity", type=int, default=1, help=_("guests it sleeps"))
    add.add_argument("--fee", type=int, default=0, help=_("nightly fee in yen"))
    add.add_argument("--address", default="", help=_("address of the facility"))
    add.add_argument("--min-nights", type=int, default=1, help=_("shortest stay in nights"))
    add.add_argument("--max-nights", type=int, default=30, help=_("longest stay in nights"))
    add.set_defaults(run=run_facility_add)
    listing = group.add_parser("list", help=_("list the facilities"))
    _json_flag(listing)
    listing.set_defaults(run=run_facility_list)
    close = group.add_parser("close", help=_("close a facility for a day or a run of days "
                                             "(清掃日・休館日)"))
    close.add_argument("facility", type=int, help=_("facility id"))
    close.add_argument("--from", dest="first", required=True, help=_("first closed day"))
    close.add_argument("--to", dest="last", default=None,
                       help=_("last closed day (the first, when left out)"))
    close.add_argument("--reason", required=True, help=_("why it is closed, e.g. 清掃"))
    close.set_defaults(run=run_facility_close)
    reopen = group.add_parser("reopen", help=_("open a closed day again"))
    reopen.add_argument("facility", type=int, help=_("facility id"))
    reopen.add_argument("--date", required=True, help=_("the closed day"))
    reopen.set_defaults(run=run_facility_reopen)

    bookings = commands.add_parser("bookings", help=_("trial-stay bookings"))
    group = bookings.add_subparsers(dest="bookings_command", metavar=_("command"), required=True)
    book = group.add_parser("add", help=_("book a stay; prints the booking id"))
    book.add_argument("--facility", type=int, required=True, help=_("facility id"))
    book.add_argument("--registrant", required=True,
                      help=_("registrant number (R7-00012) or record id"))
    book.add_argument("--from", dest="check_in", required=True,
                      help=_("check-in date (R8.8.1, 令和8年8月1日, 2026-08-01)"))
    book.add_argument("--to", dest="check_out", required=True, help=_("check-out date"))
    book.add_argument("--guests", type=int, default=1, help=_("number of guests"))
    book.set_defaults(run=run_booking_add)
    cancel = group.add_parser("cancel", help=_("cancel a booking; its dates are free again"))
    cancel.add_argument("booking", type=int, help=_("booking id"))
    cancel.add_argument("--reason", default=None, help=_("why it was cancelled"))
    cancel.set_defaults(run=run_booking_cancel)
    status = group.add_parser("status", help=_("confirm, check in, check out or mark a no-show"))
    status.add_argument("booking", type=int, help=_("booking id"))
    status.add_argument("status", choices=("confirmed", "staying", "completed", "no_show"),
                        help=_("the new status"))
    status.add_argument("--reason", default="", help=_("a note on the change"))
    status.set_defaults(run=run_booking_status)
    listing = group.add_parser("list", help=_("list the bookings of a period (from today, "
                                              "for 90 days unless given)"))
    listing.add_argument("--facility", type=int, default=None, help=_("facility id"))
    listing.add_argument("--from", dest="first", default=None, help=_("first day (default: today)"))
    listing.add_argument("--to", dest="last", default=None,
                         help=_("last day (default: 90 days after the first)"))
    listing.add_argument("--limit", type=int, default=200, help=_("at most this many bookings"))
    _json_flag(listing)
    listing.set_defaults(run=run_booking_list)
    today = group.add_parser("today", help=_("today's arrivals and departures"))
    today.add_argument("--date", default=None, help=_("another day than today"))
    _json_flag(today)
    today.set_defaults(run=run_booking_today)


def run_facility_add(args: argparse.Namespace) -> int:
    from desktop_app.services.stays import FacilityInput, add_facility

    db = open_database(args)
    try:
        facility_id = add_facility(clerk_session(db), FacilityInput(
            name=args.name, address=args.address, capacity=args.capacity,
            nightly_fee_yen=args.fee, min_nights=args.min_nights, max_nights=args.max_nights))
    finally:
        db.close()
    print(facility_id)
    return EXIT_OK


def run_facility_list(args: argparse.Namespace) -> int:
    db = open_database(args)
    try:
        rows = [{k: row[k] for k in ("id", "name", "capacity", "nightly_fee_yen", "min_nights",
                                     "max_nights")} for row in db.facilities.all()]
    finally:
        db.close()
    emit(args, rows, "\n".join(
        ngettext("{id}\t{name}\t{capacity} guest\t{fee} yen a night",
                 "{id}\t{name}\t{capacity} guests\t{fee} yen a night", r["capacity"]).format(
            id=r["id"], name=r["name"], capacity=r["capacity"], fee=r["nightly_fee_yen"])
        for r in rows))
    return EXIT_OK


def run_facility_close(args: argparse.Namespace) -> int:
    from desktop_app.services.stays import close_days

    first = _date(args.first)
    last = _date(args.last) if args.last else first
    db = open_database(args)
    try:
        closed = close_days(clerk_session(db), args.facility, first, last, args.reason)
    finally:
        db.close()
    print(_("Days closed: {count}").format(count=len(closed)))
    return EXIT_OK


def run_facility_reopen(args: argparse.Namespace) -> int:
    from desktop_app.services.stays import remove_blackout

    day = _date(args.date)
    db = open_database(args)
    try:
        remove_blackout(clerk_session(db), args.facility, day)
    finally:
        db.close()
    print(_("Open again on {day}.").format(day=day.isoformat()))
    return EXIT_OK


def run_booking_add(args: argparse.Namespace) -> int:
    from desktop_app.services.stays import book

    check_in, check_out = _date(args.check_in), _date(args.check_out)
    db = open_database(args)
    try:
        booking_id = book(clerk_session(db), facility_id=args.facility,
                          registrant=args.registrant, check_in=check_in, check_out=check_out,
                          guests=args.guests)
    finally:
        db.close()
    print(booking_id)
    return EXIT_OK


def run_booking_cancel(args: argparse.Namespace) -> int:
    from desktop_app.services.stays import cancel

    db = open_database(args)
    try:
        cancel(clerk_session(db), args.booking, args.reason or _("Cancelled at the counter"))
    finally:
        db.close()
    print(_("Booking {id} cancelled; its dates are free again.").format(id=args.booking))
    return EXIT_OK


def run_booking_status(args: argparse.Namespace) -> int:
    from desktop_app.domain.stays import BookingStatus
    from desktop_app.services.stays import change_status

    db = open_database(args)
    try:
        change_status(clerk_session(db), args.booking, BookingStatus(args.status),
                      reason=args.reason)
    finally:
        db.close()
    print(_("Booking {id} is now {status}.").format(
        id=args.booking, status=code_label("booking", "status", args.status)))
    return EXIT_OK


# What a booking list shows, on screen and in --json.
BOOKING_KEYS = ("id", "facility_name", "registrant_no", "family_name", "given_name", "check_in",
                "check_out", "guests", "status")


@signed_in
def run_booking_list(args: argparse.Namespace, session) -> int:
    from datetime import date, timedelta

    from desktop_app.services.stays import list_bookings

    first = _date(args.first) if args.first else date.today()
    last = _date(args.last) if args.last else first + timedelta(days=90)
    rows = list_bookings(session, first, last, facility_id=args.facility, limit=args.limit)
    data = [{k: b[k] for k in BOOKING_KEYS} for b in rows]
    emit(args, data, "\n".join(
        f"{b['id']}\t{b['facility_name']}\t{b['check_in']} → {b['check_out']}\t"
        f"{b['family_name']} {b['given_name']}\t{code_label('booking', 'status', b['status'])}"
        for b in rows)
        or _("No bookings in this period."))
    return EXIT_OK


@signed_in
def run_booking_today(args: argparse.Namespace, session) -> int:
    from datetime import date

    from desktop_app.services.audit_trail import record_list_view
    from desktop_app.services.stays import movements

    day = _date(args.date) if args.date else date.today()
    arriving, departing = movements(session.db, day)
    record_list_view(session, "booking", "today", [b["id"] for b in arriving + departing],
                     detail={"date": day.isoformat()})
    data = {"date": day.isoformat(),
            "arrivals": [{k: b[k] for k in BOOKING_KEYS} for b in arriving],
            "departures": [{k: b[k] for k in BOOKING_KEYS} for b in departing]}
    lines = [_("Arrivals:")] + [f"  {b['id']}\t{b['facility_name']}\t{b['family_name']}"
                                f" {b['given_name']}" for b in arriving]
    lines += [_("Departures:")] + [f"  {b['id']}\t{b['facility_name']}\t{b['family_name']}"
                                   f" {b['given_name']}" for b in departing]
    emit(args, data, "\n".join(lines))
    return EXIT_OK
