"""Every dialog is freed once it is closed, and a rebuilt person's file frees its old tabs: after
twenty rounds the number of live widgets is back where it started."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QWidget

from desktop_app.services import registry_status
from desktop_app.services.registrant_list import RegistrantList
from desktop_app.services.session import Session
from desktop_app.ui import background
from desktop_app.ui.about_dialog import AboutDialog
from desktop_app.ui.booking_dialog import BookingDialog
from desktop_app.ui.clerk_dialogs import NewClerkDialog, PasswordDialog
from desktop_app.ui.close_days_dialog import CloseDaysDialog
from desktop_app.ui.house_contacts_dialog import HouseContactsDialog
from desktop_app.ui.house_dialog import HouseDialog
from desktop_app.ui.houses_view import HousesView
from desktop_app.ui.ledger_actions import LedgerActions
from desktop_app.ui.new_password_dialog import NewPasswordDialog
from desktop_app.ui.person_printing import PersonPrinting
from desktop_app.ui.registrant_detail_dialog import RegistrantDetailDialog
from desktop_app.ui.registrant_view import RegistrantView
from desktop_app.ui.registry_actions import RegistryActions
from desktop_app.ui.setup_wizard import SetupWizard
from desktop_app.ui.sign_in_dialog import SignInDialog
from desktop_app.ui.verify_dialog import VerifyDialog
from tests.gui_fixtures import people  # noqa: F401 (fixture)
from tests.printing_helpers import supervisor_of
from tests.stays_helpers import facility, published_house  # noqa: F401 (fixture)

ROUNDS = 20


def live_widgets() -> int:
    """Widgets alive once every pending deleteLater has run."""
    for _round in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()
    return len(QApplication.allWidgets())


def close_modal_soon() -> None:
    """The next modal dialog is closed as soon as its event loop runs, as a clerk would."""
    def close() -> None:
        modal = QApplication.activeModalWidget()
        assert modal is not None, "no dialog was shown"
        modal.reject()

    QTimer.singleShot(0, close)


def modal(open_dialog: Callable[[], object]) -> Callable[[], None]:
    def round_trip() -> None:
        close_modal_soon()
        open_dialog()
    return round_trip


def shown(open_dialog: Callable[[], QWidget]) -> Callable[[], None]:
    def round_trip() -> None:
        open_dialog().close()
    return round_trip


def worker_done() -> None:
    """Wait until the job the last action started on the worker has delivered."""
    deadline = time.monotonic() + 20
    while not background.idle():
        assert time.monotonic() < deadline, "the worker never finished"
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def drawn(start: Callable[[], object], preview: Callable[[], QWidget]) -> Callable[[], None]:
    """A preview drawn on the worker: started, waited for, then closed."""
    def round_trip() -> None:
        start()
        worker_done()
        preview().close()
    return round_trip


@pytest.fixture
def host(qtbot, admin, people):  # noqa: F811
    """The registry list and its actions, with a window for the dialogs to belong to."""
    window = QMainWindow()
    qtbot.addWidget(window)
    view = RegistrantView(RegistrantList(admin.db))
    window.setCentralWidget(view)
    window.actions = RegistryActions(view, admin)
    window.registry = view
    window.ledger = LedgerActions(window, admin, QMenu(window))
    window.show()
    return window


def _rounds(round_trip: Callable[[], None]) -> tuple[int, int]:
    round_trip()  # the first round may load what stays loaded (fonts, icons, caches)
    before = live_widgets()
    for _round in range(ROUNDS):
        round_trip()
    return before, live_widgets()


def _cases(admin: Session, host: QMainWindow, person: int, facility_id: int,
           house: int) -> dict[str, Callable[[], None]]:
    view, actions = host.registry, host.actions
    printing = PersonPrinting(host, admin, lambda *_a, **_k: None)
    return {
        "person's file": modal(lambda: actions.open_row(view.model.index(0, 0))),
        "registration": modal(actions.new_registration),
        "candidates": modal(actions.show_candidates),
        "follow-ups": modal(actions.show_follow_ups),
        "booking": modal(lambda: BookingDialog.ask(host, "お試し住宅", 4, admin)),
        "house": modal(lambda: HouseDialog.ask(host)),
        "close days": modal(lambda: CloseDaysDialog.ask(
            host, admin, (facility_id, "お試し住宅 北上"), date(2026, 8, 3), date(2026, 8, 4))),
        "import wizard": modal(host.ledger.open_import),
        "new clerk": modal(lambda: NewClerkDialog.ask(host)),
        "password": modal(lambda: PasswordDialog.ask(host, "パスワード", current=True)),
        "new password": modal(lambda: NewPasswordDialog.ask(host, admin)),
        "sign-in": modal(lambda: SignInDialog.ask(host, admin.db)),
        "setup wizard": modal(lambda: SetupWizard.ask(host, admin.db)),
        "about": modal(lambda: AboutDialog.show_for(host)),
        "house contacts": shown(lambda: _opened(HouseContactsDialog(admin, house, host))),
        "house contacts from the list": shown(lambda: _from_houses(host).open_contacts()),
        "listing sheet preview": drawn(lambda: _from_houses(host).print_listing(),
                                       lambda: host.houses.preview),
        "verify": shown(lambda: _opened(VerifyDialog(admin, host))),
        "print preview": drawn(lambda: printing.card(person), lambda: printing.preview),
    }


def _from_houses(host: QMainWindow) -> HousesView:
    """The vacant-houses page with its one house selected."""
    if not hasattr(host, "houses"):
        host.houses = HousesView(host.actions.session, host)
        while not background.idle():  # the list is read on the worker
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    host.houses.table.selectRow(0)
    return host.houses


def _opened(dialog):
    dialog.open()
    return dialog


CASES = ("person's file", "registration", "candidates", "follow-ups", "booking", "house",
         "close days", "import wizard", "new clerk", "password", "new password", "sign-in",
         "setup wizard", "about", "house contacts", "house contacts from the list",
         "listing sheet preview", "verify", "print preview")


@pytest.mark.parametrize("case", CASES)
def test_a_dialog_opened_and_closed_twenty_times_leaves_nothing_behind(
        qtbot, admin, host, people, facility, case):  # noqa: F811
    # a card prints only for a registered person
    registry_status.approve(supervisor_of(admin), people[0])
    house = published_house(admin, "北上", price_yen=5_000_000)
    round_trip = _cases(admin, host, people[0], facility, house)[case]
    before, after = _rounds(round_trip)
    assert after == before, f"{case}: {after - before} widgets left after {ROUNDS} rounds"
    if hasattr(host, "houses"):  # and no reference to a deleted dialog is kept
        assert getattr(host.houses, "preview", None) is None
        assert getattr(host.houses, "contacts_dialog", None) is None


def test_the_persons_file_inner_dialogs_and_reloads_leave_nothing_behind(
        qtbot, admin, people, monkeypatch):  # noqa: F811
    file = RegistrantDetailDialog(admin, people[0])
    qtbot.addWidget(file)
    file.show()
    worker_done()
    monkeypatch.setattr(RegistrantDetailDialog, "ask_text",
                        classmethod(lambda cls, parent, title, label: str(people[1])))
    def reload() -> None:
        file.reload()
        worker_done()

    for action in (reload, modal(file.edit), modal(file.merge)):
        before, after = _rounds(action)
        assert after == before, f"{after - before} widgets left by {action}"
    assert file.tabs.count() == 7  # … house wishes, photo
