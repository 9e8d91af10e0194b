"""`futasato keys …`: the office's keys (the card key, the exchange key, a prefecture's
certificate) and, in a prefecture, the trust list of towns' keys."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop_app.commands.common import EXIT_OK, emit, signed_in
from desktop_app.i18n import _

KINDS = ("card", "exchange", "certificate")


def register(commands) -> None:
    keys = commands.add_parser("keys", help=_("the office's signing keys and trusted keys"))
    actions = keys.add_subparsers(dest="key_command", metavar=_("action"), required=True)

    export = actions.add_parser("export", help=_(
        "write a public key and its fingerprint (.pem text, or .pdf to print)"))
    export.add_argument("--for", dest="kind", choices=KINDS, help=_(
        "which key: card (QR codes; a town's default), exchange (quarterly returns), "
        "certificate (a prefecture's, with its pseudonym key; a prefecture's default)"))
    export.add_argument("--out", type=Path, required=True, help=_("the file to write"))
    export.set_defaults(run=run_export)

    verifier = actions.add_parser("verifier", help=_(
        "write the partner shops' check: one HTML file with the card key and the revoked cards, "
        "that works in any browser with no network"))
    verifier.add_argument("--out", type=Path, required=True, help=_("the .html file to write"))
    verifier.set_defaults(run=run_verifier)

    trust = actions.add_parser("trust", help=_(
        "trust a town's exchange key for its municipality code (a prefecture's file)"))
    trust.add_argument("file", type=Path, help=_("the town's exchange key (.pem)"))
    trust.add_argument("--municipality-code", required=True,
                       help=_("全国地方公共団体コード, 6 digits with check digit"))
    trust.set_defaults(run=run_trust)

    revoke = actions.add_parser("revoke", help=_("stop trusting a town's exchange key"))
    revoke.add_argument("municipality_code", metavar="CODE", help=_("the town's code"))
    revoke.add_argument("--reason", default="", help=_("why, for the audit trail"))
    revoke.set_defaults(run=run_revoke)

    listing = actions.add_parser("list", help=_("the office's keys and the keys it trusts"))
    listing.set_defaults(run=run_list)

    imported = actions.add_parser("import-prefecture", help=_(
        "keep the prefecture's certificate and pseudonym key (a town's file)"))
    imported.add_argument("file", type=Path, help=_("the file the prefecture handed out"))
    imported.set_defaults(run=run_import_prefecture)

    rotate = actions.add_parser("rotate", help=_(
        "make a new key; the old one is retired (the prefecture must register a new "
        "exchange key again)"))
    rotate.add_argument("--for", dest="kind", choices=("card", "exchange"), required=True,
                        help=_("which key"))
    rotate.set_defaults(run=run_rotate)


def _write(args: argparse.Namespace, data: bytes, summary: dict) -> int:
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    emit(args, {"file": str(args.out), "bytes": len(data), **summary},
         _("Wrote {file} ({size:,} bytes).").format(file=args.out, size=len(data)))
    return EXIT_OK


@signed_in
def run_export(args: argparse.Namespace, session) -> int:
    from desktop_app.services import exchange_keys

    kind = args.kind or ("certificate" if exchange_keys.is_prefecture(session.db) else "card")
    pdf = args.out.suffix.lower() == ".pdf"
    if kind == "card":
        from desktop_app.services.card_signing import export_text

        if pdf:
            from desktop_app.services.printing import print_public_key

            return _write(args, print_public_key(session), {})
        return _write(args, export_text(session).encode("utf-8"), {})
    if kind == "exchange":
        fingerprint = exchange_keys.exchange_key(session.db)["fingerprint"]
        if pdf:
            from desktop_app.services.printing import print_exchange_key

            return _write(args, print_exchange_key(session), {"fingerprint": fingerprint})
        return _write(args, exchange_keys.export_exchange_key(session),
                      {"fingerprint": fingerprint})
    return _write(args, exchange_keys.export_prefecture_certificate(session),
                  {"fingerprint": session.db.exchange_keys.prefecture()["fingerprint"]})


@signed_in
def run_verifier(args: argparse.Namespace, session) -> int:
    from desktop_app.services.shop_check import last_written, write_shop_check

    html = write_shop_check(session)
    return _write(args, html, last_written(session.db))


@signed_in
def run_trust(args: argparse.Namespace, session) -> int:
    from desktop_app.services.trust import trust_town

    done = trust_town(session, args.file.read_bytes(), args.municipality_code)
    text = _("Trusted {fingerprint} for {municipality} ({code}).").format(
        fingerprint=done["fingerprint"], municipality=done["municipality"],
        code=done["municipality_code"])
    if done["replaced"]:
        text += "\n" + _("It replaces the key {fingerprint}, now revoked.").format(
            fingerprint=done["replaced"])
    emit(args, done, text)
    return EXIT_OK


@signed_in
def run_revoke(args: argparse.Namespace, session) -> int:
    from desktop_app.services.trust import revoke_town

    done = revoke_town(session, args.municipality_code, args.reason)
    emit(args, done, _("Revoked the key {fingerprint} of {code}.").format(
        fingerprint=done["fingerprint"], code=done["municipality_code"]))
    return EXIT_OK


@signed_in
def run_list(args: argparse.Namespace, session) -> int:
    from desktop_app.domain.roles import Permission
    from desktop_app.services import exchange_keys
    from desktop_app.services.trust import trust_list

    session.require(Permission.VIEW_AUDIT)
    db = session.db
    prefecture = exchange_keys.is_prefecture(db)
    own = exchange_keys.key_list(db)
    cards = [{"fingerprint": key["fingerprint"], "active": bool(key["active"]),
              "created_at": key["created_at"]} for key in db.card_keys.all()]
    found = db.exchange_keys.prefecture()
    data = {"mode": "prefecture" if prefecture else "town", "exchange_keys": own,
            "card_keys": cards,
            "prefecture_certificate": ({"fingerprint": found["fingerprint"],
                                        "imported_at": found["created_at"],
                                        "imported_by": found["created_by"]} if found else None),
            "trusted": trust_list(session) if prefecture else []}
    lines = []
    for key in own:
        state = _("active") if key["active"] else _("retired {date}").format(
            date=(key["retired_at"] or "")[:10])
        lines.append(_("{purpose} key {fingerprint} ({algorithm}, {state}); held by: "
                       "{holders}").format(purpose=_purpose(key["purpose"]),
                                           fingerprint=key["fingerprint"],
                                           algorithm=key["algorithm"], state=state,
                                           holders=", ".join(key["holders"]) or "-"))
    for key in cards:
        lines.append(_("card key {fingerprint} ({state})").format(
            fingerprint=key["fingerprint"],
            state=_("active") if key["active"] else _("retired")))
    if found and not prefecture:
        lines.append(_("prefecture certificate {fingerprint}, imported {date}").format(
            fingerprint=found["fingerprint"], date=found["created_at"][:10]))
    for row in data["trusted"]:
        state = (_("revoked {date}: {reason}").format(date=row["revoked_at"][:10],
                                                      reason=row["revoke_reason"] or "-")
                 if row["revoked_at"] else _("trusted {date}").format(
                     date=row["trusted_at"][:10]))
        lines.append(f"{row['municipality_code']}  {row['fingerprint']}  {state}")
    emit(args, data, "\n".join(lines) or _("No keys yet."))
    return EXIT_OK


def _purpose(purpose: str) -> str:
    return _("exchange signing") if purpose == "signing" else _("decryption")


@signed_in
def run_import_prefecture(args: argparse.Namespace, session) -> int:
    from desktop_app.services.trust import import_prefecture

    done = import_prefecture(session, args.file.read_bytes())
    emit(args, done, _("Imported the prefecture's certificate {subject}.\nFingerprint: "
                       "{fingerprint}\nSHA-256: {sha256}\nValid until {date}. Compare the "
                       "fingerprint with the one the prefecture gave you on paper.").format(
        subject=done["subject"], fingerprint=done["fingerprint"], sha256=done["sha256"],
        date=done["not_after"]))
    return EXIT_OK


@signed_in
def run_rotate(args: argparse.Namespace, session) -> int:
    if args.kind == "card":
        from desktop_app.services.card_signing import rotate_key

        key = rotate_key(session)
        emit(args, {"fingerprint": key["fingerprint"]},
             _("New card key {fingerprint}; cards signed before still verify.").format(
                 fingerprint=key["fingerprint"]))
        return EXIT_OK
    from desktop_app.services.exchange_keys import rotate_exchange_key

    key = rotate_exchange_key(session)
    emit(args, {"fingerprint": key["fingerprint"], "slots": key.get("holders", [])},
         _("New exchange key {fingerprint}. The prefecture must register it again before "
           "the next return: send it with `futasato keys export --for exchange`.").format(
             fingerprint=key["fingerprint"]))
    return EXIT_OK
