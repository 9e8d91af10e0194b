"""`futasato registrants add|edit|approve|renew|revoke|search|show|merge|…`: the register itself.

Every command signs the clerk in, reads as much as writes; what a read shows is audited."""

from __future__ import annotations

import argparse

from desktop_app.commands.common import (
    EXIT_OK,
    EXIT_REFUSED,
    emit,
    registrants_group,
    signed_in,
)
from desktop_app.domain.audit_details import record_lines
from desktop_app.domain.code_labels import code_label
from desktop_app.domain.registrant import Kind, Status
from desktop_app.i18n import _, ngettext


def _json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help=_("print the result as JSON"))


def register(commands) -> None:
    group = registrants_group(commands)
    add = group.add_parser("add", help=_("enter an application (申請中); prints its id"))
    add.add_argument("--family-name", required=True, help=_("family name as written"))
    add.add_argument("--given-name", default="", help=_("given name as written"))
    add.add_argument("--family-kana", required=True, help=_("family name in kana"))
    add.add_argument("--given-kana", default="", help=_("given name in kana"))
    add.add_argument("--birth-date", required=True, help=_("birth date (S50.4.1, 1975-04-01)"))
    add.add_argument("--kind", choices=("furusato", "dual"), default="furusato",
                     help=_("furusato resident or dual resident"))
    add.add_argument("--tier", choices=("basic", "premium"), help=_("tier of a furusato resident"))
    add.add_argument("--sex", choices=("female", "male", "other"))
    add.add_argument("--postal-code", default="", help=_("postal code of the 住民票 address"))
    add.add_argument("--address", default="", help=_("the rest of the address"))
    add.add_argument("--phone", default="")
    add.add_argument("--email", default="")
    add.add_argument("--identity-document", default="",
                     choices=("", "my_number_card", "driving_licence", "passport",
                              "residence_card", "other_photo_id"),
                     help=_("photo ID seen for a premium registration (never its number)"))
    add.add_argument("--identity-checked-on", default="", help=_("day the photo ID was seen"))
    add.add_argument("--allow-duplicate", action="store_true",
                     help=_("save even when likely duplicates are on file"))
    _json_flag(add)
    add.set_defaults(run=run_add)

    for name, helptext, runner in (
            ("approve", _("approve an application (supervisors); prints the number"), run_approve),
            ("renew", _("renew a registration for another period"), run_renew),
            ("revoke", _("revoke a registration, with the reason"), run_revoke),
            ("erase", _("erase a registration at the person's request"), run_erase),
            ("show", _("show one registrant"), run_show)):
        command = group.add_parser(name, help=helptext)
        command.add_argument("registrant", help=_("registrant number (R7-000123) or record id"))
        if name == "revoke":
            command.add_argument("--reason", required=True, help=_("why it is revoked"))
        if name == "erase":
            command.add_argument("--reason", default="", help=_("a note on the request"))
        if name == "renew":
            command.add_argument("--tier", choices=("basic", "premium"),
                                 help=_("renew with another tier"))
        if name == "show":
            _json_flag(command)
        command.set_defaults(run=runner)

    search = group.add_parser("search", aliases=["find"],
                              help=_("find people by name, kana, number, card code, phone, "
                                     "e-mail or address"))
    search.add_argument("text", help=_("what to look for"))
    search.add_argument("--limit", type=int, default=50, help=_("most results to show"))
    _json_flag(search)
    search.set_defaults(run=run_search)

    listing = group.add_parser("list", help=_("list the register, sorted by kana"))
    listing.add_argument("--status", default=None, choices=[s.value for s in Status],
                         help=_("only this status"))
    listing.add_argument("--kind", default=None, choices=[k.value for k in Kind],
                         help=_("only this kind"))
    listing.add_argument("--limit", type=int, default=50, help=_("at most this many people"))
    listing.add_argument("--offset", type=int, default=0, help=_("skip this many first"))
    _json_flag(listing)
    listing.set_defaults(run=run_list)
    merge = group.add_parser("merge", help=_("merge a duplicate record into another"))
    merge.add_argument("survivor", help=_("the record that stays"))
    merge.add_argument("other", help=_("the record merged into it"))
    merge.add_argument("--take", default="",
                       help=_("fields to take from the other record, comma-separated"))
    merge.set_defaults(run=run_merge)
    unmerge = group.add_parser("unmerge", help=_("undo a merge"))
    unmerge.add_argument("merge_id", type=int, help=_("the merge's id"))
    unmerge.set_defaults(run=run_unmerge)

    expire = group.add_parser("expire", help=_("mark registrations past their validity as expired"))
    expire.set_defaults(run=run_expire)
    candidates = group.add_parser("candidates", help=_("list dual-resident or premium candidates"))
    candidates.add_argument("which", choices=("dual", "premium"))
    _json_flag(candidates)
    candidates.set_defaults(run=run_candidates)

    involvement = group.add_parser("involvement", help=_("the involvement log"))
    inv = involvement.add_subparsers(dest="involvement_command", metavar=_("command"),
                                     required=True)
    log = inv.add_parser("add", help=_("log involvement; prints its id"))
    log.add_argument("registrant", help=_("registrant number (R7-000123) or record id"))
    log.add_argument("--kind", required=True,
                     choices=("stay", "donation", "volunteer", "side_job", "event", "ninaite"))
    log.add_argument("--date", required=True, help=_("when it happened"))
    log.add_argument("--quantity", type=int, default=0, help=_("nights, hours, days or times"))
    log.add_argument("--yen", type=int, default=0, help=_("donation amount in yen"))
    log.add_argument("--receipt", default="", help=_("receipt number of a donation"))
    log.add_argument("--note", default="")
    log.set_defaults(run=run_involvement_add)

    consultations = group.add_parser("consultations", help=_("consultation records (相談記録)"))
    con = consultations.add_subparsers(dest="consultations_command", metavar=_("command"),
                                       required=True)
    record = con.add_parser("add", help=_("record a consultation; prints its id"))
    record.add_argument("--registrant", default=None,
                        help=_("registrant number or record id (leave out if anonymous)"))
    record.add_argument("--date", required=True, help=_("day of the consultation"))
    record.add_argument("--channel", required=True,
                        choices=("counter", "phone", "online", "outreach"))
    record.add_argument("--topics", required=True,
                        help=_("comma-separated: housing, work, childcare, education, "
                               "transport, other"))
    record.add_argument("--notes", default="")
    record.add_argument("--follow-up", default=None, help=_("day to follow up"))
    record.set_defaults(run=run_consultation_add)
    due = con.add_parser("due", help=_("follow-ups due"))
    due.add_argument("--until", default=None, help=_("due on or before this day (today)"))
    _json_flag(due)
    due.set_defaults(run=run_consultations_due)


def _id(db, key: str) -> int:
    from desktop_app.services.registrant_lookup import find_registrant

    return find_registrant(db, key)["id"]


def _name(row: dict) -> str:
    return f"{row['family_name']} {row['given_name']}".strip()


@signed_in
def run_add(args: argparse.Namespace, session) -> int:
    from desktop_app.domain.application import Application
    from desktop_app.services.duplicates import find_duplicates
    from desktop_app.services.registration import register as register_person

    application = Application(
        family_name=args.family_name, given_name=args.given_name,
        family_kana=args.family_kana, given_kana=args.given_kana, birth_date=args.birth_date,
        kind=args.kind, tier=args.tier, sex=args.sex, postal_code=args.postal_code,
        address=args.address, phone=args.phone, email=args.email,
        identity_document=args.identity_document,
        identity_checked_by=session.clerk if args.identity_document else "",
        identity_checked_on=args.identity_checked_on)
    duplicates = find_duplicates(session.db, application)
    if duplicates and not args.allow_duplicate:
        emit(args, {"duplicates": [c.record for c in duplicates]}, "\n".join(
            [_("Likely duplicates are on file (use --allow-duplicate to save anyway):")] +
            [f"  {c.record['id']} {c.record['registrant_no'] or '-'} {_name(c.record)} "
             f"{c.record['birth_date']}" for c in duplicates]))
        return EXIT_REFUSED
    registrant_id = register_person(session, application)
    emit(args, {"id": registrant_id}, str(registrant_id))
    return EXIT_OK


@signed_in
def run_approve(args: argparse.Namespace, session) -> int:
    from desktop_app.services.registry_status import approve

    print(approve(session, _id(session.db, args.registrant)))
    return EXIT_OK


@signed_in
def run_renew(args: argparse.Namespace, session) -> int:
    from desktop_app.services.registry_status import renew

    until = renew(session, _id(session.db, args.registrant), tier=args.tier)
    print(_("Valid until {date}.").format(date=until))
    return EXIT_OK


@signed_in
def run_revoke(args: argparse.Namespace, session) -> int:
    from desktop_app.services.registry_status import revoke

    revoke(session, _id(session.db, args.registrant), args.reason)
    print(_("Revoked."))
    return EXIT_OK


@signed_in
def run_erase(args: argparse.Namespace, session) -> int:
    from desktop_app.services.registry_status import erase

    erase(session, _id(session.db, args.registrant), args.reason)
    print(_("Erased."))
    return EXIT_OK


def shown_record(record: dict) -> dict:
    """A record as a person reads it: without the comparison keys kept for searching."""
    return {k: v for k, v in record.items() if not k.endswith(("_key", "_reversed"))}


def _emit_record(args: argparse.Namespace, record: dict, style: str) -> None:
    """--json keeps the stored fields and codes; the text names them as the form does."""
    shown = shown_record(record)
    lines = [_("Id: {id}").format(id=record["id"]), *record_lines("registrant", shown, style)]
    emit(args, shown, "\n".join(lines))


@signed_in
def run_show(args: argparse.Namespace, session) -> int:
    from desktop_app.services.audit_trail import record_view
    from desktop_app.services.preferences import date_style
    from desktop_app.services.registrant_lookup import find_registrant

    record = find_registrant(session.db, args.registrant)
    record_view(session, record["id"])  # the same row the window writes for a person's file
    _emit_record(args, record, date_style(session.db))
    return EXIT_OK


@signed_in
def run_search(args: argparse.Namespace, session) -> int:
    from desktop_app.services.audit_trail import record_list_view
    from desktop_app.services.registry_search import search

    hits = search(session.db, args.text, limit=args.limit)
    record_list_view(session, "registrant", "search", [h["id"] for h in hits])
    data = [{k: h[k] for k in ("id", "registrant_no", "family_name", "given_name",
                               "family_kana", "given_kana", "birth_date", "status", "matched")}
            for h in hits]
    emit(args, data, "\n".join(
        f"{h['id']}\t{h['registrant_no'] or '-'}\t{_name(h)}\t"
        f"{h['family_kana']} {h['given_kana']}\t{h['birth_date']}"
        f"\t{code_label('registrant', 'status', h['status'])}"
        for h in hits) or _("Nobody found."))
    return EXIT_OK


@signed_in
def run_list(args: argparse.Namespace, session) -> int:
    from desktop_app.services.registrant_list import ListQuery, RegistrantList

    registry = RegistrantList(session.db, session)
    query = ListQuery(status=args.status, kind=args.kind)
    total = registry.count(query)  # refused here to a role that may not see personal data
    rows = registry.window(query, args.offset, args.limit, audited=True)
    data = {"total": total, "registrants": [
        {k: r[k] for k in ("id", "registrant_no", "family_name", "given_name", "family_kana",
                           "given_kana", "birth_date", "kind", "status")} for r in rows]}
    lines = [f"{r['id']}\t{r['registrant_no'] or '-'}\t{_name(r)}\t"
             f"{r['family_kana']} {r['given_kana']}\t{r['birth_date']}"
             f"\t{code_label('registrant', 'kind', r['kind'])}"
             f"\t{code_label('registrant', 'status', r['status'])}"
             for r in rows]
    lines.append(_("{shown} of {total} shown.").format(shown=len(rows), total=total))
    emit(args, data, "\n".join(lines))
    return EXIT_OK


@signed_in
def run_merge(args: argparse.Namespace, session) -> int:
    from desktop_app.services.merge import merge

    fields = {f.strip() for f in args.take.split(",") if f.strip()}
    merge_id = merge(session, _id(session.db, args.survivor), _id(session.db, args.other),
                     fields)
    print(_("Merged (merge {id}).").format(id=merge_id))
    return EXIT_OK


@signed_in
def run_unmerge(args: argparse.Namespace, session) -> int:
    from desktop_app.services.merge import undo_merge

    undo_merge(session, args.merge_id)
    print(_("The merge was undone."))
    return EXIT_OK


@signed_in
def run_expire(args: argparse.Namespace, session) -> int:
    from desktop_app.services.registry_status import expire_due

    expired = expire_due(session)
    print(ngettext("{count} registration expired.", "{count} registrations expired.",
                   expired).format(count=expired))
    return EXIT_OK


@signed_in
def run_candidates(args: argparse.Namespace, session) -> int:
    from desktop_app.services.audit_trail import record_list_view
    from desktop_app.services.involvement import candidates

    rows = candidates(session.db, args.which)
    record_list_view(session, "registrant", f"candidates.{args.which}", [r["id"] for r in rows])
    emit(args, rows, "\n".join(f"{r['registrant_no']}\t{_name(r)}\t{r['score']}" for r in rows)
         or _("Nobody qualifies."))
    return EXIT_OK


@signed_in
def run_involvement_add(args: argparse.Namespace, session) -> int:
    from desktop_app.services.involvement import log_involvement

    print(log_involvement(session, _id(session.db, args.registrant), args.kind, args.date,
                          args.quantity, args.yen, args.receipt, args.note))
    return EXIT_OK


@signed_in
def run_consultation_add(args: argparse.Namespace, session) -> int:
    from desktop_app.services.consultations import record_consultation

    registrant_id = _id(session.db, args.registrant) if args.registrant else None
    topics = [t.strip() for t in args.topics.split(",") if t.strip()]
    print(record_consultation(session, registrant_id, args.date, args.channel, topics,
                              args.notes, args.follow_up))
    return EXIT_OK


@signed_in
def run_consultations_due(args: argparse.Namespace, session) -> int:
    from desktop_app.domain.dates import parse_date
    from desktop_app.services.audit_trail import record_list_view
    from desktop_app.services.consultations import follow_ups_due

    rows = follow_ups_due(session.db, until=parse_date(args.until) if args.until else None)
    record_list_view(session, "consultation", "follow_ups_due", [r["id"] for r in rows],
                     detail={"registrant_ids": sorted({r["registrant_id"] for r in rows
                                                       if r["registrant_id"]})})
    emit(args, rows, "\n".join(
        f"{r['follow_up_on']}\t{r['id']}\t{r['registrant_no'] or '-'}\t"
        f"{_name(r) if r['family_name'] else _('(anonymous)')}"
        f"\t{code_label('consultation', 'topics', r['topics'])}" for r in rows)
        or _("No follow-ups are due."))
    return EXIT_OK
