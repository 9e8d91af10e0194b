"""Access campaign, on screen: each page and dialog that shows personal data leaves exactly one
audit row per look (none for a repaint, a change signal or a language switch), refuses a role
that may not see it, and nobody locked out or with a password to change reaches a page.

The pages come from walking the main window's areas and the tabs inside them, so a new page or
tab fails here until someone says what opening it shows; the dialogs are listed below.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget

from desktop_app.domain.application import Application
from desktop_app.domain.policy import SIGN_IN_MAX_FAILURES
from desktop_app.domain.roles import Role
from desktop_app.services import print_settings, printing, stays
from desktop_app.services.card_signing import signer
from desktop_app.services.consultations import record_consultation
from desktop_app.services.demo import fill_demo
from desktop_app.services.house_matching import WishInput, save_wish
from desktop_app.services.policy import change_setting
from desktop_app.services.registration import update_details
from desktop_app.services.session import Session
from desktop_app.services.sign_in import AccountLocked, sign_in
from desktop_app.ui.accounts_view import AccountsView
from desktop_app.ui.audit_view import AuditView
from desktop_app.ui.background import changes
from desktop_app.ui.candidates_dialog import CandidatesDialog
from desktop_app.ui.certificates_view import CertificatesView
from desktop_app.ui.emergency_page import EmergencyPage
from desktop_app.ui.follow_ups_dialog import FollowUpsDialog
from desktop_app.ui.main_window import AREA_KEYS, MainWindow
from desktop_app.ui.new_password_dialog import NewPasswordDialog
from desktop_app.ui.registrant_detail_dialog import RegistrantDetailDialog
from desktop_app.ui.sign_in_dialog import SignInDialog
from desktop_app.ui.sync_page import SyncPage
from desktop_app.ui.verify_dialog import VerifyDialog
from tests.accounts_helpers import GIVEN_PASSWORD, add_account
from tests.gui_fixtures import free_window, settle
from tests.sync_helpers import apply, counters, own_changes

TODAY = date.today()
# Every kind of change the views follow: a redraw after any of them is no new look.
KINDS = frozenset({"registrant", "booking", "house", "voucher", "consultation", "involvement",
                   "facility", "certificate", "event", "clerk", "sync_conflict", "sync_flag"})

# What opening each area shows a counter clerk, as audit actions: one row per list of people.
AREA_ROWS = {
    "home": [],  # figures only
    "registry": ["registrant.list"],
    "houses": ["house.list"],
    "stays": ["booking.list"],  # the calendar's month, guests named on their nights
    "vouchers": ["voucher.list"],
    "certificates": ["certificate.list"],  # the certificates issued, holders named
    "emergency": [],  # nothing until Show, for supervisors
    "exchange": [],  # the quarter's figures
    "settings": [],
}
# Tabs behind the first: what bringing each forward shows.
TAB_ROWS = {
    "StayCalendarView": [], "StaysTodayView": ["booking.list"],
    "EventsView": [],  # the events; their participants once one is chosen (below)
    "FiguresView": [], "RegisterTab": [],
    "SyncPage": [],  # no counter paired here: nobody named (with a conflict: below)
}


class Trail:
    """The audit rows written since the last look, other than signing in."""

    def __init__(self, db):
        self.db = db
        self.last = self._max()

    def _max(self) -> int:
        return self.db.execute("SELECT max(id) FROM audit").fetchone()[0]

    def new(self) -> list[str]:
        rows = [row[0] for row in self.db.execute(
            "SELECT action FROM audit WHERE id > ? AND action NOT LIKE 'sign\\_in.%' ESCAPE '\\'"
            " ORDER BY id", (self.last,))]
        self.last = self._max()
        return rows


def _session(db, role: Role, **more) -> Session:
    return Session(db, clerk=f"{role.value}1", role=role, **more)


@pytest.fixture
def town(admin, gui_catalogs):
    """A sample town: a guest arriving today, a follow-up due, an event with participants, a
    certificate issued."""
    fill_demo(admin, registrants=40)
    db = admin.db
    person = db.execute("SELECT id, family_kana FROM registrants WHERE status = 'registered'"
                        " AND id NOT IN (SELECT registrant_id FROM bookings) LIMIT 1").fetchone()
    facility = stays.add_facility(admin, stays.FacilityInput(name="お試し住宅 北上",
                                                             nightly_fee_yen=2000))
    stays.book(admin, facility_id=facility, registrant=person["id"], check_in=TODAY,
               check_out=TODAY + timedelta(days=2))
    record_consultation(admin, person["id"], TODAY.isoformat(), "counter", ["housing"],
                        follow_up_on=TODAY.isoformat())
    printing.issue_certificate(admin, person["id"])
    return person


@pytest.fixture
def window(qtbot, admin, town):
    """The main window of a counter clerk signed in; freed even when a test fails."""
    main = MainWindow(_session(admin.db, Role.CLERK, terminal=admin.terminal))
    main.resize(1366, 768)
    main.show()
    qtbot.waitExposed(main)
    yield main
    free_window(qtbot, main)


def _redraw(qtbot, widget) -> None:
    widget.grab()  # paints now, as the screen would
    settle(qtbot)
    changes.changed.emit(KINDS)
    settle(qtbot)
    widget.grab()
    settle(qtbot)


def test_each_area_and_tab_a_clerk_opens_leaves_one_row_per_list_and_none_on_redraws(
        qtbot, admin, window):
    assert set(AREA_ROWS) == set(AREA_KEYS), "say what opening the new area shows"
    trail = Trail(admin.db)
    areas, tabs_seen = {}, {}
    for key in AREA_KEYS:
        window.show_area(key)
        window.grab()
        settle(qtbot)
        areas[key] = trail.new()
        for tabs in window.page(key).findChildren(QTabWidget):
            names = [type(tabs.widget(index)).__name__ for index in range(tabs.count())]
            assert set(names) <= set(TAB_ROWS), f"say what these tabs show: {names}"
            for index in range(1, tabs.count()):  # the first came with the area
                tabs.setCurrentIndex(index)
                window.grab()
                settle(qtbot)
                tabs_seen[names[index]] = trail.new()
    assert areas == AREA_ROWS
    assert tabs_seen == {name: TAB_ROWS[name] for name in tabs_seen} and len(tabs_seen) >= 4
    for key in AREA_KEYS:  # coming back, repainting, following changes: the same looks
        window.show_area(key)
        _redraw(qtbot, window)
    window.change_language("en")
    window.change_language("ja")
    _redraw(qtbot, window)
    assert trail.new() == []


def _events_page(window):
    stays_page = window.page("stays")
    stays_page.tabs.setCurrentWidget(stays_page.events)
    return stays_page.events


def test_choosing_an_event_notes_its_participants_once(qtbot, admin, window):
    window.show_area("stays")
    events = _events_page(window)
    settle(qtbot)
    trail = Trail(admin.db)
    events.events.selectRow(0)
    assert events.participants.rowCount() > 0  # names on screen
    assert trail.new() == ["event.list"]
    events.refresh()  # as after a tick or a new participant
    _redraw(qtbot, window)
    assert trail.new() == []


def test_choosing_a_house_notes_the_people_it_suits_once(qtbot, admin, town, window):
    save_wish(admin, str(town["id"]), WishInput())  # any house will do for them
    window.show_area("houses")
    settle(qtbot)
    trail = Trail(admin.db)
    houses_page = window.page("houses")
    houses_page.table.selectRow(0)
    settle(qtbot)
    assert houses_page.matching.table.rowCount() > 0  # names and phones on screen
    assert trail.new() == ["registrant.list"]
    _redraw(qtbot, window)
    houses_page.table.clearSelection()
    houses_page.table.selectRow(0)  # the same house again
    settle(qtbot)
    assert trail.new() == []


# Dialogs and pages opened on their own: (who, how it is built, what opening it shows).
DIALOGS = {
    "registrant detail": (Role.CLERK, lambda s, person: RegistrantDetailDialog(s, person),
                          ["registrant.view"]),
    "candidates": (Role.CLERK, lambda s, _p: CandidatesDialog(s), ["registrant.list"]),
    "follow-ups due": (Role.CLERK, lambda s, _p: FollowUpsDialog(s), ["consultation.list"]),
    "audit trail": (Role.SUPERVISOR, lambda s, _p: AuditView(s), ["audit.list"]),
    "accounts": (Role.ADMIN, lambda s, _p: AccountsView(s), ["clerk.list"]),
}


@pytest.mark.parametrize("name", list(DIALOGS))
def test_each_dialog_leaves_one_row_when_opened_and_none_on_redraws(qtbot, admin, town, name):
    role, build, expected = DIALOGS[name]
    trail = Trail(admin.db)
    dialog = build(_session(admin.db, role, terminal=admin.terminal), town["id"])
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot)
    dialog.grab()
    settle(qtbot)
    assert trail.new() == expected
    for tabs in dialog.findChildren(QTabWidget):  # a person's photo, certificates, wish…
        for index in range(tabs.count()):  # are parts of the one look
            tabs.setCurrentIndex(index)
            dialog.grab()
            settle(qtbot)
    _redraw(qtbot, dialog)
    assert trail.new() == []


def test_a_search_and_a_card_preview_on_the_certificates_page_each_leave_one_row(
        qtbot, admin, town):
    page = CertificatesView(_session(admin.db, Role.CLERK, terminal=admin.terminal))
    qtbot.addWidget(page)
    page.show()
    settle(qtbot)
    trail = Trail(admin.db)
    page.search.setText(town["family_kana"])
    page.find()
    settle(qtbot)
    assert page.people.rowCount() > 0 and trail.new() == ["registrant.list"]
    page.people.selectRow(0)
    page.buttons["card"].click()
    settle(qtbot)
    qtbot.addWidget(page.preview)
    assert page.preview.document.pageCount() == 2
    assert [a for a in trail.new() if a != "card_key.create"] == ["print.preview"]
    _redraw(qtbot, page.preview)
    assert trail.new() == []


def test_a_card_checked_at_the_scanner_is_noted_like_opening_the_holders_file(
        qtbot, admin, town):
    clerk = _session(admin.db, Role.CLERK, terminal=admin.terminal)
    code = printing.card_data(print_settings.load(admin.db), signer(clerk),
                              admin.db.registrants.get(town["id"])).qr_payload
    dialog = VerifyDialog(clerk)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot)
    trail = Trail(admin.db)
    dialog.field.setText(code)
    dialog.check()
    settle(qtbot)
    assert admin.db.registrants.get(town["id"])["family_name"] in dialog.detail.text()
    assert trail.new() == ["card.verify"]
    _redraw(qtbot, dialog)
    assert trail.new() == []


def test_the_emergency_list_is_noted_when_shown_and_refused_to_a_counter_clerk(
        qtbot, admin, town):
    trail = Trail(admin.db)
    for role, allowed in ((Role.CLERK, False), (Role.SUPERVISOR, True)):
        page = EmergencyPage(_session(admin.db, role, terminal=admin.terminal))
        qtbot.addWidget(page)
        page.show()
        settle(qtbot)
        assert trail.new() == []  # nothing is read before Show
        page.show_button.click()
        settle(qtbot)
        if allowed:
            assert page.table.rowCount() > 0 and trail.new() == ["emergency.list"]
            _redraw(qtbot, page)
            assert trail.new() == []
        else:
            assert page.table.rowCount() == 0 and page.error.isVisibleTo(page)
            assert page.error.text()
            assert trail.new() == []


@pytest.mark.parametrize(("build", "role"), [(AuditView, Role.CLERK),
                                              (AccountsView, Role.SUPERVISOR)])
def test_the_trail_and_the_accounts_refuse_a_role_below_theirs(qtbot, admin, town, build,
                                                               role):
    trail = Trail(admin.db)
    view = build(_session(admin.db, role, terminal=admin.terminal))
    qtbot.addWidget(view)
    view.show()
    settle(qtbot)
    table = getattr(view, "table", None)
    assert view.error.isVisibleTo(view) and view.error.text()
    assert table is None or table.model().rowCount() == 0
    assert trail.new() == []


_FIELDS = ("family_name", "family_kana", "birth_date", "kind", "given_name", "given_kana",
           "tier", "sex", "postal_code", "prefecture", "city", "address", "phone", "email",
           "local_address")


def _edit(session, registrant_id: int, phone: str) -> None:
    person = session.db.registrants.get(registrant_id)
    fields = {name: person[name] for name in _FIELDS}
    update_details(session, registrant_id, Application(**{**fields, "phone": phone}),
                   today=TODAY)


def test_a_sync_conflict_is_noted_once_with_the_person_and_not_on_each_change(
        qtbot, admin, town, tmp_path):
    mine, theirs = counters(admin.db, tmp_path, 2)
    _edit(mine, town["id"], "090-1111-2222")
    _edit(theirs, town["id"], "080-9999-0000")
    apply(mine, own_changes(theirs))
    theirs.db.close()
    trail = Trail(mine.db)
    page = SyncPage(_session(mine.db, Role.CLERK, terminal=mine.terminal))
    qtbot.addWidget(page)
    page.show()
    settle(qtbot)
    assert page.conflicts.rowCount() > 0 and trail.new() == ["registrant.list"]
    _redraw(qtbot, page)
    assert trail.new() == []
    mine.db.close()


@pytest.fixture
def scripted(qtbot, monkeypatch):
    """Plays the sign-in as a clerk would; the new-password dialog, if it comes, is cancelled
    and noted."""
    script = {"sign_in": ("", ""), "asked_new_password": [], "sign_in_errors": []}

    def sign_in_exec(dialog: SignInDialog) -> int:
        qtbot.addWidget(dialog)
        dialog.login.setText(script["sign_in"][0])
        dialog.password.setText(script["sign_in"][1])
        dialog.try_sign_in()
        if dialog.session is None:
            script["sign_in_errors"].append(dialog.error.text())
            dialog.reject()
        return dialog.result()

    def new_password_exec(dialog: NewPasswordDialog) -> int:
        qtbot.addWidget(dialog)
        script["asked_new_password"].append(dialog.windowTitle())
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(SignInDialog, "exec", sign_in_exec)
    monkeypatch.setattr(NewPasswordDialog, "exec", new_password_exec)
    return script


def test_a_clerk_locked_out_or_with_a_password_to_change_reaches_no_page(
        admin, town, scripted, startups, db_path):
    from desktop_app.services import accounts

    add_account(admin, "locked", Role.CLERK, "locked-pass-1")
    change_setting(admin, SIGN_IN_MAX_FAILURES, 1)
    with pytest.raises(Exception):  # noqa: B017 - the one wrong password that locks it
        sign_in(admin.db, "locked", "wrong")
    with pytest.raises(AccountLocked):
        sign_in(admin.db, "locked", "locked-pass-1")
    change_setting(admin, SIGN_IN_MAX_FAILURES, 100)
    accounts.create_clerk(admin, login="fresh", display_name="", role=Role.CLERK,
                          password=GIVEN_PASSWORD)
    trail = Trail(admin.db)
    scripted["sign_in"] = ("locked", "locked-pass-1")
    startup = startups(db_path, language="ja")
    assert startup.window is None and scripted["sign_in_errors"]
    assert "ロック" in scripted["sign_in_errors"][0]
    scripted["sign_in"] = ("fresh", GIVEN_PASSWORD)
    startup = startups(db_path, language="ja")
    assert scripted["asked_new_password"] and startup.window is None
    assert trail.new() == []  # no list, no file opened: nothing was shown
