"""`futasato houses …`: the vacant-house bank (空き家バンク), and matching wishes to it."""

from __future__ import annotations

import argparse

from desktop_app.commands.common import EXIT_OK, clerk_session, emit, open_database, signed_in
from desktop_app.domain.code_labels import code_label
from desktop_app.i18n import _


def register(commands) -> None:
    houses = commands.add_parser("houses", help=_("the vacant-house bank (空き家バンク)"))
    group = houses.add_subparsers(dest="houses_command", metavar=_("command"), required=True)
    add = group.add_parser("add", help=_("add a house (登録準備); prints its listing number"))
    add.add_argument("--address", required=True, help=_("address of the house"))
    add.add_argument("--district", default="", help=_("地区, as registrants name it"))
    add.add_argument("--deal", choices=("sale", "rent", "both"), default="sale",
                     help=_("for sale, for rent, or both"))
    add.add_argument("--price", type=int, default=None, help=_("price in yen"))
    add.add_argument("--rent", type=int, default=None, help=_("monthly rent in yen"))
    add.add_argument("--floor", type=float, default=None, help=_("floor area in m²"))
    add.add_argument("--layout", default="", help=_("layout, e.g. 4LDK"))
    add.add_argument("--built", default="", help=_("year built (昭和50, S50 or 1975)"))
    add.add_argument("--owner", default="", help=_("owner's name"))
    add.add_argument("--pets", action="store_true", help=_("pets allowed"))
    add.set_defaults(run=run_add)
    listing = group.add_parser("list", help=_("list the houses"))
    listing.add_argument("--status", default=None, help=_("only houses in this status"))
    listing.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                         help=_("print lists as JSON"))
    listing.set_defaults(run=run_list)
    consent = group.add_parser("consent", help=_("record the owner's consent to publish"))
    consent.add_argument("listing_no", help=_("listing number"))
    consent.add_argument("--date", required=True, help=_("date of the consent"))
    consent.add_argument("--form", required=True, help=_("the form it was given on"))
    consent.set_defaults(run=run_consent)
    publish = group.add_parser("publish", help=_("publish a house (needs the owner's consent)"))
    publish.add_argument("listing_no", help=_("listing number"))
    publish.set_defaults(run=run_publish, status="published", reason="", registrant=None)
    status = group.add_parser("status", help=_("move a house to another status"))
    status.add_argument("listing_no", help=_("listing number"))
    status.add_argument("status", choices=("published", "negotiating", "contracted", "withdrawn",
                                           "erased", "draft"), help=_("the new status"))
    status.add_argument("--reason", default="", help=_("why (required to withdraw or erase)"))
    status.add_argument("--registrant", default=None, help=_("who took the house (成約)"))
    status.set_defaults(run=run_publish)
    wish = group.add_parser("wish", help=_("record what a registrant looks for in a house, "
                                           "or stop it with --clear"))
    wish.add_argument("registrant", help=_("registrant number (R7-00012) or record id"))
    wish.add_argument("--deal", choices=("sale", "rent", "either"), default="either",
                      help=_("buy, rent or either"))
    wish.add_argument("--area", action="append", default=[],
                      help=_("a wished-for 地区 (repeat for more)"))
    wish.add_argument("--max-price", type=int, default=None, help=_("highest price in yen"))
    wish.add_argument("--max-rent", type=int, default=None, help=_("highest monthly rent in yen"))
    wish.add_argument("--min-floor", type=float, default=None,
                      help=_("smallest floor area in m²"))
    wish.add_argument("--min-rooms", type=int, default=None, help=_("fewest rooms"))
    wish.add_argument("--pets", action="store_true", help=_("pets must be allowed"))
    wish.add_argument("--move-in-from", default=None, help=_("earliest move-in date"))
    wish.add_argument("--move-in-until", default=None, help=_("latest move-in date"))
    wish.add_argument("--note", default="", help=_("a note on the wish"))
    wish.add_argument("--clear", action="store_true",
                      help=_("stop matching the wish (it stays on file)"))
    wish.set_defaults(run=run_wish)
    suits = group.add_parser("for", help=_("the houses that suit a registrant's wish, best first"))
    suits.add_argument("registrant", help=_("registrant number (R7-00012) or record id"))
    suits.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                       help=_("print lists as JSON"))
    suits.set_defaults(run=run_houses_for)


def _house_id(db, listing_no: str) -> int:
    from desktop_app.domain.errors import RuleRefused
    from desktop_app.domain.text import N_

    house = db.houses.by_listing_no(listing_no)
    if house is None:
        raise RuleRefused(N_("There is no house with listing number {number}."),
                          {"number": listing_no})
    return house["id"]


def run_add(args: argparse.Namespace) -> int:
    from desktop_app.domain.houses import Deal, HouseInput, parse_built_year
    from desktop_app.services.houses import add_house

    house = HouseInput(address=args.address, district=args.district, deal=Deal(args.deal),
                       price_yen=args.price, rent_yen=args.rent, floor_m2=args.floor,
                       layout=args.layout, built_year=parse_built_year(args.built),
                       owner_name=args.owner, pets_allowed=args.pets)
    db = open_database(args)
    try:
        house_id = add_house(clerk_session(db), house)
        print(db.houses.get(house_id)["listing_no"])
    finally:
        db.close()
    return EXIT_OK


@signed_in
def run_list(args: argparse.Namespace, session) -> int:
    from desktop_app.services.audit_trail import record_list_view

    # Drafts are listed too: the address of a house whose owner has not consented yet.
    rows = session.db.houses.listing(status=args.status)
    record_list_view(session, "house", "listing", [r["id"] for r in rows],
                     detail={"status": args.status})
    emit(args, rows, "\n".join(
        f"{r['listing_no']}\t{code_label('house', 'status', r['status'])}"
        f"\t{code_label('house', 'deal', r['deal'])}\t{r['district']}\t{r['address']}"
        for r in rows))
    return EXIT_OK


def run_consent(args: argparse.Namespace) -> int:
    from desktop_app.domain.dates import parse_date
    from desktop_app.services.houses import record_consent

    day = parse_date(args.date)
    db = open_database(args)
    try:
        record_consent(clerk_session(db), _house_id(db, args.listing_no), day, args.form)
    finally:
        db.close()
    print(_("Consent recorded for {number}.").format(number=args.listing_no))
    return EXIT_OK


def run_publish(args: argparse.Namespace) -> int:
    from desktop_app.domain.houses import HouseStatus
    from desktop_app.services.houses import change_status

    db = open_database(args)
    try:
        change_status(clerk_session(db), _house_id(db, args.listing_no),
                      HouseStatus(args.status), reason=args.reason, registrant=args.registrant)
    finally:
        db.close()
    print(_("{number} is now {status}.").format(
        number=args.listing_no, status=code_label("house", "status", args.status)))
    return EXIT_OK


def run_wish(args: argparse.Namespace) -> int:
    from desktop_app.domain.dates import parse_date
    from desktop_app.services.house_matching import (
        WishInput,
        clear_wish,
        save_wish,
        split_areas,
    )

    wish = None
    if not args.clear:
        wish = WishInput(
            deal=args.deal, areas=split_areas(",".join(args.area)), max_price_yen=args.max_price,
            max_rent_yen=args.max_rent, min_floor_m2=args.min_floor, min_rooms=args.min_rooms,
            needs_pets=args.pets,
            move_in_from=parse_date(args.move_in_from) if args.move_in_from else None,
            move_in_until=parse_date(args.move_in_until) if args.move_in_until else None,
            note=args.note)
    db = open_database(args)
    try:
        session = clerk_session(db)
        if wish is None:
            clear_wish(session, args.registrant)
        else:
            save_wish(session, args.registrant, wish)
    finally:
        db.close()
    done = (_("House wish stopped for {registrant}.") if wish is None
            else _("House wish saved for {registrant}."))
    print(done.format(registrant=args.registrant))
    return EXIT_OK


@signed_in
def run_houses_for(args: argparse.Namespace, session) -> int:
    from desktop_app.services.audit_trail import record_list_view
    from desktop_app.services.house_matching import houses_for_registrant
    from desktop_app.services.registrant_lookup import find_registrant

    person = find_registrant(session.db, args.registrant)
    found = houses_for_registrant(session.db, str(person["id"]))
    # What a person wishes for is theirs: the row names them, so their audit finds it.
    record_list_view(session, "house", "for_registrant", [h["id"] for h in found],
                     registrant_id=person["id"])
    rows = [{k: h[k] for k in ("score", "listing_no", "district", "deal", "price_yen", "rent_yen",
                               "floor_m2", "layout", "address")} for h in found]
    emit(args, rows, "\n".join(
        f"{r['score']}\t{r['listing_no']}\t{r['district']}"
        f"\t{code_label('house', 'deal', r['deal'])}\t"
        f"{r['price_yen'] or ''}\t{r['rent_yen'] or ''}\t{r['layout'] or ''}" for r in rows)
        or _("No house suits this person's wish."))
    return EXIT_OK
