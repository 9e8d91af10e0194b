"""The vacant-house bank: the list, the listing form, status buttons and photo thumbnails."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.dates import format_date
from desktop_app.domain.houses import DEAL_LABELS, HOUSE_STATUS_LABELS, Deal, HouseStatus
from desktop_app.i18n import N_, _, translate_label
from desktop_app.services import houses, preferences
from desktop_app.services.audit_trail import record_list_view
from desktop_app.services.session import Session
from desktop_app.ui.background import BackgroundTask, follow_changes, run_in_background
from desktop_app.ui.error_label import error_text, show_status
from desktop_app.ui.freeing import held_while_open
from desktop_app.ui.house_dialog import HouseDialog
from desktop_app.ui.house_matching_panel import HouseMatchingPanel
from desktop_app.ui.page_title import page_title
from desktop_app.ui.registrant_view import SEARCH_DELAY_MS
from desktop_app.ui.table_columns import fit_columns

COLUMNS = (N_("Listing"), N_("Status"), N_("Deal"), N_("District"), N_("Address"),
           N_("Price (yen)"), N_("Rent (yen a month)"), N_("Layout"), N_("Owner's consent"))
ADDRESS_COLUMN, MONEY_COLUMNS = 4, (5, 6)
ADDRESS_WIDTH = 260  # wide enough for 町域 and 番地 once the prefecture is read; the rest elides


class HousesView(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.search = QLineEdit()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()  # the listing number names the row
        self.photos = QListWidget()
        self.photos.setViewMode(QListWidget.ViewMode.IconMode)
        self.photos.setIconSize(QSize(160, 120))
        self.photos.setFixedHeight(170)
        self.buttons = {key: QPushButton() for key in
                        ("new", "edit", "publish", "negotiating", "contracted", "photo",
                         "listing", "contacts")}
        self.matching = HouseMatchingPanel(session)
        self.message = QLabel()
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        for button in self.buttons.values():
            row.addWidget(button)
        self.title = page_title()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(row)
        lists = QHBoxLayout()
        lists.addWidget(self.table, 5)
        lists.addWidget(self.matching, 2)
        layout.addLayout(lists, 1)
        layout.addWidget(self.photos)
        layout.addWidget(self.message)
        # Wait for the clerk to stop typing: each search is read and audited as one look.
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.table.itemSelectionChanged.connect(self.show_photos)
        self.table.itemSelectionChanged.connect(
            lambda: self.matching.show_people(self.selected_id()))
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.buttons["new"].clicked.connect(self.new)
        self.buttons["edit"].clicked.connect(self.edit)
        self.buttons["photo"].clicked.connect(self.add_photo)
        self.buttons["listing"].clicked.connect(self.print_listing)
        self.buttons["contacts"].clicked.connect(self.open_contacts)
        for key, status in (("publish", HouseStatus.PUBLISHED),
                            ("negotiating", HouseStatus.NEGOTIATING),
                            ("contracted", HouseStatus.CONTRACTED)):
            self.buttons[key].clicked.connect(lambda _c=False, s=status: self.move_to(s))
        follow_changes(self, ("house",), self._house_changed)
        self.opened = False  # the opening is the clerk's look; a language switch redraws
        self.retranslate()

    def selected_id(self) -> int | None:
        item = self.table.item(self.table.currentRow(), 0)
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def refresh(self, *, audited: bool = True) -> None:
        """Read the list on the worker; drafts show addresses whose owners have not consented
        yet, so the clerk's own look (the page, a search) is audited like `houses list`.
        Following a house change is not."""
        text = self.search.text()

        def job(worker: Session, _progress, _cancel) -> tuple[list[dict], str]:
            rows = houses.list_houses(worker.db, text=text)
            if audited:
                record_list_view(worker, "house", "listing", [r["id"] for r in rows],
                                 detail={"status": None})
            return rows, preferences.date_style(worker.db)

        self.reading = run_in_background(
            job, title=_("Reading the houses…"), session=self.session, parent=self,
            on_done=lambda result: self._show(*result),
            on_error=lambda error: self.message.setText(error_text(error)))

    def _show(self, rows: list[dict], style: str) -> None:
        chosen = self.selected_id()
        self.table.setRowCount(len(rows))
        for number, house in enumerate(rows):
            status = translate_label(HOUSE_STATUS_LABELS[HouseStatus(house["status"])])
            deal = translate_label(DEAL_LABELS[Deal(house["deal"])])
            values = (house["listing_no"], status, deal, house["district"], house["address"],
                      f"{house['price_yen']:,}" if house["price_yen"] is not None else "",
                      f"{house['rent_yen']:,}" if house["rent_yen"] is not None else "",
                      house["layout"], format_date(house["consent_on"], style) or _("not yet"))
            for column, text in enumerate(values):
                item = QTableWidgetItem(str(text))
                item.setData(Qt.ItemDataRole.UserRole, house["id"])
                item.setToolTip(str(text))  # the whole address where the column elides it
                if column in MONEY_COLUMNS:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(number, column, item)
            if house["id"] == chosen:
                self.table.selectRow(number)
        fit_columns(self.table, {ADDRESS_COLUMN: ADDRESS_WIDTH})

    def show_photos(self) -> None:
        self.photos.clear()
        house_id = self.selected_id()
        if house_id is None:
            self.photos.hide()
            return
        for photo in houses.thumbnails(self.session.db, house_id):
            pixmap = QPixmap()
            pixmap.loadFromData(photo["thumbnail"])
            self.photos.addItem(QListWidgetItem(QIcon(pixmap), photo["caption"]))
        self.photos.setVisible(self.photos.count() > 0)  # the list keeps the room otherwise

    def new(self) -> None:
        value = HouseDialog.ask(self)
        if value is not None:
            self._run(lambda s: houses.add_house(s, value), _("House added."))

    def edit(self) -> None:
        house_id = self.selected_id()
        if house_id is None:
            return
        value = HouseDialog.ask(self, houses.house(self.session.db, house_id))
        if value is not None:
            self._run(lambda s: houses.update_house(s, house_id, value),
                      _("House saved."))

    def move_to(self, status: HouseStatus) -> None:
        house_id = self.selected_id()
        if house_id is not None:
            self._run(lambda s: houses.change_status(s, house_id, status),
                      _("Status changed."))

    def add_photo(self) -> None:
        house_id = self.selected_id()
        if house_id is None:
            return
        path, _filter = QFileDialog.getOpenFileName(self, _("Add a photo"), "",
                                                    _("Photos (*.jpg *.jpeg *.png)"))
        if path:
            self._run(lambda s: houses.add_photo(s, house_id, Path(path).read_bytes(),
                                                 Path(path).stem), _("Photo added."))

    def print_listing(self):
        """物件情報シート, drawn on the worker: the service refuses a house without the owner's
        consent."""
        from desktop_app.services.stay_house_printing import print_house_listing
        from desktop_app.ui.print_preview import open_when_drawn

        house_id = self.selected_id()
        if house_id is None:
            self.message.setText(_("Select a house first."))
            return None

        def refused(error: Exception) -> None:
            show_status(self.message, error_text(error), error=True)

        self.task = open_when_drawn(
            self, self.session,
            lambda worker: print_house_listing(worker, house_id, preview=True),
            title=_("Listing sheet"), file_name=f"listing-{house_id}.pdf",
            on_print=lambda worker, copies: print_house_listing(worker, house_id, copies=copies),
            on_open=lambda preview: held_while_open(self, "preview", preview), on_error=refused)
        return self.task

    def open_contacts(self):
        from desktop_app.ui.house_contacts_dialog import HouseContactsDialog

        house_id = self.selected_id()
        if house_id is None:
            self.message.setText(_("Select a house first."))
            return None
        dialog = held_while_open(self, "contacts_dialog",
                                 HouseContactsDialog(self.session, house_id, parent=self))
        dialog.open()
        return dialog

    def _run(self, action, done: str) -> BackgroundTask:
        """`action(session)` on the worker; the list and photos follow the announced change."""
        def refused(error: Exception) -> None:
            show_status(self.message, error_text(error), error=True)

        def saved(_result: object) -> None:
            show_status(self.message, done)

        self.task = run_in_background(
            lambda worker, _progress, _cancel: action(worker), title=_("Saving…"),
            session=self.session, writes=("house",), parent=self, on_done=saved,
            on_error=refused)
        return self.task

    def _house_changed(self) -> None:
        self.refresh(audited=False)
        self.show_photos()

    def retranslate(self) -> None:
        self.title.setText(_("Vacant houses"))
        self.search.setPlaceholderText(_("Search by listing number, address or district"))
        self.search.setAccessibleName(_("Search houses"))
        for key, msgid in (("new", N_("New house…")), ("edit", N_("Edit…")),
                           ("publish", N_("Publish")), ("negotiating", N_("Negotiating")),
                           ("contracted", N_("Contracted")), ("photo", N_("Add photo…")),
                           ("listing", N_("Listing sheet…")),
                           ("contacts", N_("Contacts and viewings…"))):
            self.buttons[key].setText(_(msgid))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.matching.retranslate()
        self.refresh(audited=not self.opened)
        self.opened = True
