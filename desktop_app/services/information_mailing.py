"""情報提供: the e-mail addresses of registrants who consented to receive the town's information,
as a CSV for the town's own mail system (Futasato sends nothing).

Consent is the 情報提供 check box of the entry form (`consent_newsletter`). Nobody without it is
ever written: a person named on purpose is refused, naming them; of everyone with a status, those
without consent or without an address are left out and counted. The file is an export of
personal data, written only by a role that may export, and audited with whose addresses went.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.ledger_values import excel_text
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.services.printing import find_registrant, statuses_from_word
from desktop_app.services.printing.shared import full_name
from desktop_app.services.session import Session

HEADER = ("登録番号", "氏名", "メールアドレス")


@dataclass(frozen=True)
class MailingList:
    csv: bytes  # UTF-8 with a byte-order mark: Excel opens it with 𠮷 intact
    rows: int
    left_out: int  # of a status: without consent or without an address


def consents(person: dict) -> bool:
    return bool(person.get("consent_newsletter")) and bool((person.get("email") or "").strip())


def information_emails(session: Session, numbers: Sequence[str] = (),
                       status: str | None = None) -> MailingList:
    """The CSV of the consenting people named, or of everyone with `status` who consented."""
    session.require(Permission.EXPORT)
    if numbers:
        people = [find_registrant(session, number) for number in numbers]
        for person in people:
            if not consents(person):
                raise RuleRefused(
                    N_("{number} has not agreed to receive the town's information, or has no "
                       "e-mail address: no address is written."),
                    {"number": person.get("registrant_no") or person["id"]},
                    field=N_("Information consent"))
        chosen, left_out = people, 0
    elif status:
        everyone = list(session.db.registrants.by_status(statuses_from_word(status)))
        chosen = [person for person in everyone if consents(person)]
        left_out = len(everyone) - len(chosen)
    else:
        raise RuleRefused(N_("Name the registrants, or give a status."), field=N_("Registrant"))
    if not chosen:
        raise RuleRefused(N_("Nobody with that status agreed to receive the town's information."),
                          field=N_("Status"))
    data = _csv(chosen)
    with session.write("registrant.export_emails", "registrant_export") as change:
        change.entity_id = hashlib.sha256(data).hexdigest()
        change.after = {"list": "information_emails", "rows": len(chosen), "left_out": left_out,
                        "ids": [person["id"] for person in chosen], "sha256": change.entity_id}
    return MailingList(data, len(chosen), left_out)


def _csv(people: Iterable[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for person in people:
        writer.writerow([excel_text(value) for value in (
            person.get("registrant_no") or "", full_name(person), person["email"].strip())])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
