"""The main window: navigation by area on the left, the area's page on the right.

Only the registry is built at start. Every other area's page is built, and its module imported,
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
from desktop_app.ui.ledger_actions import LedgerActions
from desktop_app.ui.main_menus import MainMenus
from desktop_app.ui.manual_dialog import ManualDialog
from desktop_app.ui.registrant_view import RegistrantView
from desktop_app.ui.registry_actions import RegistryActions

# (key, title msgid) in the order of the navigation list.
AREAS = (
    ("registry", N_("Registry")),
    ("houses", N_("Vacant houses")),
    ("stays", N_("Trial stays")),
    ("vouchers", N_("Vouchers")),
    ("certificates", N_("Certificates")),
    ("exchange", N_("Reports and sync")),
    ("settings", N_("Settings")),
)
AREA_KEYS = [key for key, _title in AREAS]


class MainWindow(QMainWindow):
    language_changed = Signal(str)  # after the window has retranslated itself

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(170)
        self.pages = QStackedWidget()
        self.registry = RegistrantView(RegistrantList(session.db, session), session=session,
                                       date_style=preferences.date_style(session.db))
        self.registry_actions = RegistryActions(self.registry, session)
        self.built: dict[str, QWidget] = {"registry": self.registry}  # the pages made so far
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
        self.menus.settings.triggered.connect(lambda: self.show_area("settings"))
        for action, key in zip(self.menus.pages, AREA_KEYS, strict=True):
            action.triggered.connect(lambda _checked=False, key=key: self.show_area(key))
        self.menus.manual.triggered.connect(lambda: ManualDialog.show_for(self))
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

    @Slot()
    def find_registrant(self) -> None:
        self.show_area("registry")
        self.registry.focus_search()

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
