"""Access campaign, the trail's side: every command that shows personal data leaves exactly one
audit row naming the view, for a clerk allowed to run it, and none for one refused.

The commands come from walking the argparse tree (cli_walk.py): each leaf is either a view below,
a change (audited by `Session.write` as that change) or named as showing no personal data, so a
new command fails here until someone says which it is.
"""

from __future__ import annotations

import contextlib
import io
import json
from datetime import date, timedelta

import pytest

from desktop_app import cli
from desktop_app.domain.roles import Role
from desktop_app.services import print_settings, printing
from desktop_app.services.card_signing import signer
from desktop_app.services.consultations import record_consultation
from desktop_app.services.demo import fill_demo
from desktop_app.services.vouchers import BatchInput, issue_batch
from desktop_app.store.database import Database
from tests.accounts_helpers import add_account
from tests.reliability.cli_walk import cheap_password_hashing, leaf_commands
from tests.sync_helpers import apply, counters, edit_person, own_changes

PASSWORD = "view-pass-22"
TODAY = date.today()

# Each view: the least role allowed, its arguments ({...} filled from the town below), and the
# audit action of its one row. A role below the least is refused (exit 5) with no row.
VIEWS = {
    ("clerk", "list"): (Role.ADMIN, (), "clerk.list"),
    ("audit", "list"): (Role.SUPERVISOR, (), "audit.list"),
    ("audit", "export"): (Role.SUPERVISOR, ("--csv", "{out}/audit.csv"), "audit.export"),
    ("registrants", "export"): (Role.SUPERVISOR, ("--out", "{out}/people.csv"),
                                "registrant.export"),
    ("registrants", "show"): (Role.CLERK, ("{person}",), "registrant.view"),
    ("registrants", "edit"): (Role.CLERK, ("{person}",), "registrant.view"),
    ("registrants", "search"): (Role.CLERK, ("{family}",), "registrant.list"),
    ("registrants", "find"): (Role.CLERK, ("{family}",), "registrant.list"),
    ("registrants", "list"): (Role.CLERK, (), "registrant.list"),
    ("registrants", "candidates"): (Role.CLERK, ("dual",), "registrant.list"),
    ("registrants", "consultations", "due"): (Role.CLERK, (), "consultation.list"),
    ("bookings", "list"): (Role.CLERK, (), "booking.list"),
    ("bookings", "today"): (Role.CLERK, (), "booking.list"),
    ("houses", "list"): (Role.CLERK, (), "house.list"),
    ("houses", "for"): (Role.CLERK, ("{person}",), "house.list"),
    ("print", "card"): (Role.CLERK, ("--registrant", "{person}", "--out", "{out}/card.pdf"),
                        "print.card"),
    ("print", "phone-card"): (Role.CLERK, ("--registrant", "{person}", "--out",
                                           "{out}/phone.png"), "print.phone_card"),
    ("print", "cards"): (Role.CLERK, ("--status", "registered", "--out", "{out}/cards.pdf"),
                         "print.cards"),
    ("print", "certificate"): (Role.CLERK, ("--registrant", "{person}", "--out",
                                            "{out}/certificate.pdf"), "certificate.issue"),
    ("print", "vouchers"): (Role.CLERK, ("--batch", "{batch}", "--out", "{out}/vouchers.pdf"),
                            "print.vouchers"),
    ("print", "labels"): (Role.CLERK, ("--status", "registered", "--out", "{out}/labels.pdf"),
                          "print.labels"),
    ("print", "letters"): (Role.CLERK, ("--status", "registered", "--out",
                                        "{out}/letters.pdf"), "print.letters"),
    ("print", "emails"): (Role.SUPERVISOR, ("--status", "registered", "--out",
                                            "{out}/emails.csv"), "registrant.export_emails"),
    ("print", "form"): (Role.CLERK, ("--registrant", "{person}", "--out", "{out}/form.pdf"),
                        "print.application_form"),
    ("print", "listing"): (Role.CLERK, ("--house", "{house}", "--out", "{out}/house.pdf"),
                           "print.house_listing"),
    ("print", "booking"): (Role.CLERK, ("--booking", "{booking}", "--out", "{out}/stay.pdf"),
                           "print.booking_confirmation"),
    ("print", "emergency"): (Role.SUPERVISOR, ("--out", "{out}/emergency.pdf"),
                             "emergency.list"),
    ("emergency", "list"): (Role.SUPERVISOR, (), "emergency.list"),
    # A 見本 preview shows the same people: noted as a preview, not as a print.
    ("print", "card", "--preview"): (Role.CLERK, ("--registrant", "{person}", "--out",
                                                  "{out}/card-preview.pdf"), "print.preview"),
    ("print", "cards", "--preview"): (Role.CLERK, ("--status", "registered", "--out",
                                                   "{out}/cards-preview.pdf"), "print.preview"),
    ("print", "certificate", "--preview"): (Role.CLERK, (
        "--registrant", "{person}", "--out", "{out}/certificate-preview.pdf"), "print.preview"),
    ("print", "labels", "--preview"): (Role.CLERK, ("--status", "registered", "--out",
                                                    "{out}/labels-preview.pdf"),
                                       "print.preview"),
    ("print", "letters", "--preview"): (Role.CLERK, ("--status", "registered", "--out",
                                                     "{out}/letters-preview.pdf"),
                                        "print.preview"),
    ("print", "form", "--preview"): (Role.CLERK, ("--registrant", "{person}", "--out",
                                                  "{out}/form-preview.pdf"), "print.preview"),
    ("print", "booking", "--preview"): (Role.CLERK, ("--booking", "{booking}", "--out",
                                                     "{out}/stay-preview.pdf"),
                                        "print.preview"),
    ("verify-card",): (Role.CLERK, ("{card}",), "card.verify"),
    ("disclosure",): (Role.SUPERVISOR, ("{person}", "--out", "{out}/disclosure.json"),
                      "registrant.disclosure"),
    ("sync", "conflicts"): (Role.CLERK, (), "registrant.list"),
    ("backup",): (Role.SUPERVISOR, ("--out", "{out}/copy.sqlite"), "backup.create"),
}

# Changes: their one audit row is the change's own (Session.write), with what was changed.
CHANGES = {
    ("init",), ("demo",), ("restore",), ("prefecture", "init"), ("prefecture", "import"),
    ("clerk", "add"), ("clerk", "reset-password"), ("clerk", "deactivate"),
    ("clerk", "reactivate"), ("clerk", "set-role"), ("clerk", "passwd"),
    ("registrants", "import"), ("registrants", "add"), ("registrants", "approve"),
    ("registrants", "renew"), ("registrants", "revoke"), ("registrants", "erase"),
    ("registrants", "merge"), ("registrants", "unmerge"), ("registrants", "expire"),
    ("registrants", "involvement", "add"), ("registrants", "consultations", "add"),
    ("registrants", "photo"), ("facilities", "add"), ("facilities", "close"),
    ("facilities", "reopen"), ("bookings", "add"), ("bookings", "cancel"),
    ("bookings", "status"), ("vouchers", "issue"), ("vouchers", "redeem"),
    ("vouchers", "void"), ("vouchers", "expire"), ("houses", "add"), ("houses", "consent"),
    ("houses", "publish"), ("houses", "status"), ("houses", "wish"), ("keys", "trust"),
    ("keys", "revoke"), ("keys", "import-prefecture"), ("keys", "rotate"), ("anonymise",),
    ("return", "export"), ("return", "reopen"), ("settings", "set"), ("sync", "invite"),
    ("sync", "join"), ("sync", "export"), ("sync", "import"), ("sync", "resolve"),
}

# Commands that show no personal data: figures, keys, settings, the file's structure.
SHOWS_NONE = {
    ("check",): "counts rows and checks the file's structure",
    ("audit", "verify"): "the number of rows and whether the chain holds",
    ("registrants", "template"): "the empty ledger template",
    ("facilities", "list"): "trial-stay facilities, no guests",
    ("keys", "export"): "a public key",
    ("keys", "verifier"): "the shop's offline checker page, keys only",
    ("keys", "list"): "keys and the clerks' logins that hold them",
    ("prefecture", "status"): "which towns sent which quarter",
    ("prefecture", "report"): "the prefecture's figures, added up",
    ("verify-package",): "a package's signature and manifest",
    ("return", "show"): "the quarter's figures",
    ("return", "summary"): "the quarter's figures as a PDF",
    ("return", "register"): "the register of packages sent",
    ("settings", "list"): "the office's settings",
    ("sync", "peers"): "the paired counters and their sequence numbers",
}

@pytest.fixture(autouse=True)
def _cheap_hashing(monkeypatch):
    """Every test here signs in many times."""
    cheap_password_hashing(monkeypatch)


@pytest.fixture
def town(admin, tmp_path):
    """A counter of a sample town holding a sync conflict over one person, with a voucher
    batch, a follow-up due and one account per role (and one whose password is to change)."""
    fill_demo(admin, registrants=40)
    for login, role in (("clerk1", Role.CLERK), ("super1", Role.SUPERVISOR),
                        ("admin1", Role.ADMIN)):
        add_account(admin, login, role, PASSWORD)
    db = admin.db
    person = db.execute("SELECT id, family_name FROM registrants WHERE status = 'registered'"
                        " ORDER BY id LIMIT 1").fetchone()
    record_consultation(admin, person["id"], TODAY.isoformat(), "counter", ["housing"],
                        follow_up_on=TODAY.isoformat())
    batch, _serials = issue_batch(admin, BatchInput(count=2, value=2,
                                                    expires_on=TODAY + timedelta(days=90)))
    mine, theirs = counters(db, tmp_path, 2)
    edit_person(mine, person["id"], TODAY, phone="090-1111-2222")
    edit_person(theirs, person["id"], TODAY, phone="080-9999-0000")
    apply(mine, own_changes(theirs))
    assert mine.db.sync.conflicts()
    theirs.db.close()
    card = printing.card_data(print_settings.load(mine.db), signer(mine),
                              mine.db.registrants.get(person["id"])).qr_payload
    house = mine.db.execute("SELECT id FROM houses ORDER BY id LIMIT 1").fetchone()[0]
    booking = mine.db.execute("SELECT id FROM bookings ORDER BY id LIMIT 1").fetchone()[0]
    out = tmp_path / "out"
    out.mkdir()
    values = {"person": str(person["id"]), "family": person["family_name"], "out": str(out),
              "batch": str(batch), "card": card,
              "house": str(house), "booking": str(booking)}
    yield mine.db, values
    mine.db.close()


def _run(db: Database, argv, monkeypatch, login: str, password: str = PASSWORD):
    """Exit code, and the actions of the audit rows it wrote other than signing in."""
    monkeypatch.setenv("FUTASATO_CLERK", login)
    monkeypatch.setenv("FUTASATO_PASSWORD", password)
    last = db.execute("SELECT max(id) FROM audit").fetchone()[0]
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(["--lang", "en", "--db", str(db.path), *argv])
    rows = db.execute("SELECT action, entity_id, after_json FROM audit WHERE id > ?"
                      " AND action NOT LIKE 'sign\\_in.%' ESCAPE '\\' ORDER BY id",
                      (last,)).fetchall()
    return code, [dict(r) for r in rows], err.getvalue().strip()


_LOGINS = {Role.CLERK: "clerk1", Role.SUPERVISOR: "super1", Role.ADMIN: "admin1"}
_BELOW = {Role.SUPERVISOR: Role.CLERK, Role.ADMIN: Role.SUPERVISOR}


def test_every_command_is_a_view_a_change_or_shows_nothing_personal():
    walked = {path for path, _ in leaf_commands()}
    named = [*(path for path in VIEWS if "--preview" not in path), *CHANGES, *SHOWS_NONE]
    assert sorted(walked - set(named)) == [], "say whether these show personal data"
    assert sorted(set(named) - walked) == []
    assert len(named) == len(set(named)), "a command named twice"


def test_each_view_leaves_one_audit_row_and_a_refusal_none(town, monkeypatch):
    db, values = town
    failures = []
    for path, (least, args, action) in VIEWS.items():
        argv = [*path, *(arg.format(**values) for arg in args)]
        code, rows, message = _run(db, argv, monkeypatch, _LOGINS[least])
        actions = [row["action"] for row in rows]
        if code != 0 or actions != [action]:
            failures.append((" ".join(path), least.value, code, actions, message[:100]))
        elif action == "registrant.view" and rows[0]["entity_id"] != values["person"]:
            failures.append((" ".join(path), "names", rows[0]["entity_id"]))
        below = _BELOW.get(least)
        if below is not None:
            code, rows, message = _run(db, argv, monkeypatch, _LOGINS[below])
            if code != 5 or rows:
                failures.append((" ".join(path), below.value, code, rows, message[:100]))
    assert failures == [], "\n".join(map(str, failures))


def test_the_conflicts_row_names_the_person_they_are_about(town, monkeypatch):
    db, values = town
    code, rows, _message = _run(db, ["sync", "conflicts"], monkeypatch, "clerk1")
    assert code == 0 and json.loads(rows[0]["after_json"])["ids"] == [int(values["person"])]
