"""The main window: navigation by area on the left, the area's page on the right.

Only ホーム (the page shown after sign-in; its charts wait for its first figures) and the
registry are built at start. Every other area's page is built, and its module imported,
when the clerk first opens it: a clerk who works the counter's list all morning never pays for
the certificates, printing, stays or import code at start-up.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from desktop_app.i18n import N_, _
from desktop_app.services import preferences
from desktop_app.services.exchange_keys import is_prefecture
from desktop_app.services.office_status import office_status
from desktop_app.services.registrant_list import RegistrantList
from desktop_app.services.session import Session
from desktop_app.ui.about_dialog import AboutDialog
from desktop_app.ui.app_setup import switch_language
from desktop_app.ui.home_page import HomePage
from desktop_app.ui.ledger_actions import LedgerActions
from desktop_app.ui.main_menus import MainMenus
from desktop_app.ui.registrant_view import RegistrantView
from desktop_app.ui.registry_actions import RegistryActions

# (key, title msgid) in the order of the navigation list.
AREAS = (
    ("home", N_("Home")),
    ("registry", N_("Registry")),
    ("houses", N_("Vacant houses")),
    ("stays", N_("Trial stays")),
    ("vouchers", N_("Vouchers")),
    ("certificates", N_("Certificates")),
    ("emergency", N_("Emergency")),
    ("exchange", N_("Reports and sync")),
    ("settings", N_("Settings")),
)
AREA_KEYS = [key for key, _title in AREAS]


class MainWindow(QMainWindow):
    language_changed = Signal(str)  # after the window has retranslated itself
    # Another clerk signed in at this counter (職員の切り替え, or after サインアウト): the
    # start-up replaces this window with one for the new session.
    clerk_changed = Signal(object)
    signed_out = Signal()  # サインアウト and the sign-in was cancelled: the app closes

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(170)
        self.pages = QStackedWidget()
        self.registry = RegistrantView(RegistrantList(session.db, session), session=session,
                                       date_style=preferences.date_style(session.db))
        self.registry_actions = RegistryActions(self.registry, session, self.say)
        self.home = HomePage(session)
        self.built: dict[str, QWidget] = {"home": self.home, "registry": self.registry}
        for key, _title in AREAS:
            self.navigation.addItem("")
            self.pages.addWidget(self.built.get(key) or QWidget())  # stands in until first shown
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.office_label = QLabel()
        self.clerk_label = QLabel()
        self.statusBar().addWidget(self.office_label, 1)
        self.statusBar().addPermanentWidget(self.clerk_label)
        self.menus = MainMenus(self, [title for _key, title in AREAS])
        self.ledger_actions = LedgerActions(self, session, self.menus.file_menu)
        self._connect()
        self.navigation.setCurrentRow(0)
        self._retranslate_window()
        space = self.screen().availableGeometry()
        self.resize(min(1400, int(space.width() * 0.92)), min(900, int(space.height() * 0.92)))

    def _connect(self) -> None:
        self.navigation.currentRowChanged.connect(self._show_row)
        self.menus.quit.triggered.connect(QApplication.closeAllWindows)
        self.menus.find.triggered.connect(self.find_registrant)
        self.menus.refresh.triggered.connect(self.registry.model.refresh)
        actions = self.registry_actions
        for action, slot in (
                (self.menus.new_registration, self.new_registration),
                (self.menus.pending, self.show_awaiting_approval),
                (self.menus.open_person, actions.open_selected),
                (self.menus.approve, actions.approve_selected),
                (self.menus.print_form, lambda: actions.print_form()),
                (self.menus.print_card, actions.print_card),
                (self.menus.book_stay, actions.book_stay),
                (self.menus.redeem_voucher, self.redeem_voucher),
                (self.menus.switch_clerk, self.switch_clerk),
                (self.menus.sign_out, self.sign_out),
                (self.menus.shortcuts, self.show_shortcuts)):
            action.triggered.connect(slot)
        self.menus.settings.triggered.connect(lambda: self.show_area("settings"))
        for action, key in zip(self.menus.pages, AREA_KEYS, strict=True):
            action.triggered.connect(lambda _checked=False, key=key: self.show_area(key))
        self.home.wanted.connect(self.open_list)
        self.menus.manual.triggered.connect(self.show_manual)
        self.menus.about.triggered.connect(lambda: AboutDialog.show_for(self))
        self.menus.about_qt.triggered.connect(QApplication.aboutQt)

    def page(self, key: str) -> QWidget:
        """The area's page, built the first time it is asked for."""
        page = self.built.get(key)
        if page is None:
            page = self.built[key] = self._build(key)
            index = AREA_KEYS.index(key)
            stand_in = self.pages.widget(index)
            self.pages.insertWidget(index, page)
            self.pages.removeWidget(stand_in)
            stand_in.deleteLater()
        return page

    def _build(self, key: str) -> QWidget:
        # Each page's module is imported here, not at the top: see the module's docstring.
        session = self.session
        if key == "houses":
            from desktop_app.ui.houses_view import HousesView

            return HousesView(session)
        if key == "stays":
            from desktop_app.ui.stays_page import StaysPage

            return StaysPage(session)
        if key == "vouchers":
            from desktop_app.ui.vouchers_view import VouchersView

            return VouchersView(session)
        if key == "certificates":
            from desktop_app.ui.certificates_view import CertificatesView

            return CertificatesView(session)
        if key == "emergency":
            from desktop_app.ui.emergency_page import EmergencyPage

            return EmergencyPage(session)
        if key == "exchange":
            return self._exchange_page()
        if key == "settings":
            from desktop_app.ui.settings_view import SettingsView

            settings = SettingsView(session)
            settings.language_changed.connect(self.change_language)
            settings.date_style_changed.connect(self.registry.set_date_style)
            return settings
        raise KeyError(key)

    def _exchange_page(self) -> QWidget:
        """A prefecture's file imports and adds up the towns' returns; a town's writes its own."""
        if is_prefecture(self.session.db):
            from desktop_app.ui.prefecture_page import PrefecturePage

            return PrefecturePage(self.session)
        from desktop_app.ui.return_page import ReturnPage

        return ReturnPage(self.session)

    @property
    def settings(self):
        """The settings page (built on first use, like every page but the registry)."""
        return self.page("settings")

    @Slot(int)
    def _show_row(self, row: int) -> None:
        if row >= 0:
            self.page(AREA_KEYS[row])
            self.pages.setCurrentIndex(row)

    def show_area(self, key: str) -> None:
        self.navigation.setCurrentRow(AREA_KEYS.index(key))

    def current_area(self) -> str:
        return AREA_KEYS[self.pages.currentIndex()]

    @Slot(str, object)
    def open_list(self, area: str, filters: dict) -> None:
        """The list behind a figure on ホーム: an area's page, the registry narrowed by
        `filters`, or the follow-ups due (whose dialog reads and audits the list)."""
        if area == "follow_ups":
            self.registry_actions.show_follow_ups()
            return
        if area == "registry":
            self.registry.show_only(**filters)
        self.show_area(area)

    @Slot()
    def find_registrant(self) -> None:
        self.show_area("registry")
        self.registry.focus_search()

    def say(self, text: str) -> None:
        """A result in the status bar, where the clerk looks after every act."""
        self.statusBar().showMessage(text, 15_000)

    @Slot()
    def show_awaiting_approval(self) -> None:
        self.show_area("registry")
        self.registry.show_awaiting_approval()
        self.say(_("Awaiting approval: {count}").format(count=self.registry.model.rowCount()))

    @Slot()
    def new_registration(self) -> None:
        """Ctrl+N from any page: the register, with the entry form over it."""
        self.show_area("registry")
        self.registry_actions.new_registration()

    @Slot()
    def show_manual(self) -> None:
        from desktop_app.ui.manual_dialog import ManualDialog

        ManualDialog.show_for(self)

    @Slot()
    def show_shortcuts(self) -> None:
        from desktop_app.ui.shortcuts_dialog import ShortcutsDialog

        ShortcutsDialog.show_for(self)

    @Slot()
    def redeem_voucher(self) -> None:
        self.show_area("vouchers")
        self.page("vouchers").serial.setFocus()

    # Replaceable in tests: the sign-in dialog is modal.
    @classmethod
    def ask_sign_in(cls, parent, db) -> Session | None:
        from desktop_app.ui.sign_in_dialog import SignInDialog

        return SignInDialog.ask(parent, db)

    @Slot()
    def switch_clerk(self) -> None:
        """職員の切り替え: the next clerk signs in over this window (its contents hidden
        meanwhile); cancelled, nothing changes."""
        self.centralWidget().hide()
        session = self.ask_sign_in(self, self.session.db)
        self.centralWidget().show()
        if session is not None:
            self.clerk_changed.emit(session)

    @Slot()
    def sign_out(self) -> None:
        """サインアウト: the window's contents are hidden until someone signs in again."""
        self.centralWidget().hide()
        session = self.ask_sign_in(self, self.session.db)
        if session is None:
            self.signed_out.emit()
            return
        self.centralWidget().show()
        self.clerk_changed.emit(session)

    @Slot(str)
    def change_language(self, language: str) -> None:
        switch_language(language)
        self.retranslate()
        self.language_changed.emit(language)

    def retranslate(self) -> None:
        """Every page built so far, then the window's own texts; a page built later starts in
        the current language."""
        for page in self.built.values():
            page.retranslate()
        self._retranslate_window()

    def _retranslate_window(self) -> None:
        status = office_status(self.session.db, self.session)
        self.setWindowTitle(_("Futasato — {office}").format(office=status.office_name))
        for row, (_key, title) in enumerate(AREAS):
            self.navigation.item(row).setText(_(title))
        self.menus.retranslate()
        self.registry_actions.retranslate()
        self.office_label.setText(_("{office} · {municipality} ({code})").format(
            office=status.office_name, municipality=status.municipality_name,
            code=status.municipality_code))
        self.clerk_label.setText(_("Signed in: {name} ({role})").format(
            name=status.clerk_name, role=_(status.role_label) if status.role_label else ""))
        self.clerk_label.setAlignment(Qt.AlignmentFlag.AlignRight)
