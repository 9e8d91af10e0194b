"""台帳: the registrant list with a search box, a row of filters and the list's tools."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.dates import format_date
from desktop_app.domain.registrant import KIND_LABELS, STATUS_LABELS, TIER_LABELS
from desktop_app.i18n import _, ngettext
from desktop_app.services.registrant_list import RegistrantList, candidate_ids
from desktop_app.services.session import Session
from desktop_app.ui.background import follow_changes, run_in_background
from desktop_app.ui.registrant_table_model import COLUMNS, KANA_COLUMN, RegistrantTableModel
from desktop_app.ui.registry_filters import RegistryFilters

SEARCH_DELAY_MS = 200  # wait for the clerk to stop typing before asking the database


class RegistrantView(QWidget):
    def __init__(self, registrants: RegistrantList, *, session: Session | None = None,
                 date_style: str = "wareki", parent=None):
        super().__init__(parent)
        self.session = session  # for the candidates filter, read on the worker
        self.model = RegistrantTableModel(registrants, date_style=date_style, parent=self)
        follow_changes(self, ("registrant", "involvement"), self.model.refresh)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(320)
        self.tools = QHBoxLayout()  # buttons for the list's dialogs (see RegistryActions)
        self.filters = RegistryFilters()
        self.status = self.filters.status
        self.candidate_ids: tuple[int, ...] | None = None  # the candidates filter's people
        self._candidates_task = None
        self.count = QLabel()
        self.table = QTableView()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._lay_out()
        self._set_up_table()
        self._search_timer.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self._to_first_hit)
        self.filters.changed.connect(self._apply_filter)
        self.filters.candidates_changed.connect(self._find_candidates)
        self.model.modelReset.connect(self._show_count)
        # A change saved elsewhere reloads the list: the person selected stays selected.
        self._kept_id: int | None = None
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        self.retranslate()

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        bar.addLayout(self.tools)
        bar.addStretch(1)
        filters = QHBoxLayout()
        filters.addWidget(self.filters, 1)
        filters.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addLayout(filters)
        layout.addWidget(self.table)

    def _set_up_table(self) -> None:
        table = self.table
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)  # Tab leaves the list; the arrows move inside it
        table.verticalHeader().setVisible(False)
        # Fixed row heights: the view never measures a million rows to lay them out.
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 12)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        # The indicator first shows the model's own order (kana), so turning sorting on asks
        # for no other order: each sort is a count and a fresh window, 13 ms at 1,000,000.
        header.setSortIndicator(KANA_COLUMN, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._keep_indicator_on_sortable)

    def _fit_columns(self) -> None:
        """Widths that fit typical values and the header in the current language and date style.

        Measured on sample values, never on the rows: the list may hold a million of them.
        When they do not all fit, the list scrolls sideways rather than squeeze a column.
        """
        cells = self.table.fontMetrics()
        heads = self.table.horizontalHeader().fontMetrics()
        samples = {
            "registrant_no": ["R8-000000"], "name": ["佐々木\u3000由美子"],
            "kana": ["ヤマモト ケンタロウ"], "address": ["神奈川県横浜市港北区"],
            "phone": ["0000-0000-0000"],
            "birth_date": [format_date(date(1988, 12, 28), self.model.date_style)],
            "kind": [_(label) for label in KIND_LABELS.values()],
            "tier": [_(label) for label in TIER_LABELS.values()],
            "status": [_(label) for label in STATUS_LABELS.values()],
        }
        header = self.table.horizontalHeader()
        for number, column in enumerate(COLUMNS):
            if column.key in samples:
                width = max(max(cells.horizontalAdvance(text) for text in samples[column.key]),
                            heads.horizontalAdvance(_(column.title)) + 14)  # + sort arrow
                header.resizeSection(number, width + 12)

    @Slot(int, Qt.SortOrder)
    def _keep_indicator_on_sortable(self, column: int, _order: Qt.SortOrder) -> None:
        """A click on a column SQL cannot order by leaves the current order, and says so."""
        if COLUMNS[column].sort is not None:
            return
        descending = self.model.query.descending
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(self.model.sorted_column, order)
        header.blockSignals(False)
        header.viewport().update()

    @Slot()
    def _apply_filter(self) -> None:
        self._search_timer.stop()
        query = replace(self.model.query, text=self.search.text().strip(),
                        ids=self.candidate_ids, **self.filters.values())
        self.model.set_query(query)

    @Slot()
    def _to_first_hit(self) -> None:
        """Enter in the search box: the hits at once, the first one selected, so the next Enter
        opens that person's file."""
        self._apply_filter()
        if self.model.rowCount():
            self.select_row(0)

    def select_row(self, row: int) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.table.setCurrentIndex(self.model.index(row, 0))
        self.table.selectRow(row)

    def selected_id(self) -> int | None:
        """The record id of the person selected in the list, if any."""
        rows = self.table.selectionModel().selectedRows()
        row = self.model.row_at(rows[0].row()) if rows else None
        return row["id"] if row else None

    @Slot()
    def _remember_selection(self) -> None:
        self._kept_id = self.selected_id()

    @Slot()
    def _restore_selection(self) -> None:
        kept, self._kept_id = self._kept_id, None
        if kept is None:
            return
        for position in range(min(self.model.rowCount(), 200)):
            row = self.model.row_at(position)
            if row is not None and row["id"] == kept:
                self.table.setCurrentIndex(self.model.index(position, 0))
                self.table.selectRow(position)
                return

    def selected_name(self) -> str:
        rows = self.table.selectionModel().selectedRows()
        row = self.model.row_at(rows[0].row()) if rows else None
        return f"{row['family_name']} {row['given_name']}" if row else ""

    def show_person(self, registrant_id: int, search_text: str) -> bool:
        """The list searched for `search_text` with that person selected among the hits (a new
        person beside the look-alikes); False when the person is not among the first hits."""
        self.filters.status.setCurrentIndex(0)
        self.search.blockSignals(True)
        self.search.setText(search_text)
        self.search.blockSignals(False)
        self._apply_filter()
        for position in range(min(self.model.rowCount(), 200)):
            row = self.model.row_at(position)
            if row is not None and row["id"] == registrant_id:
                self.select_row(position)
                return True
        return False

    def show_awaiting_approval(self) -> None:
        """承認待ち: every application not yet approved, oldest order kept by the list."""
        self.search.clear()
        self.filters.status.setCurrentIndex(max(0, self.filters.status.findData("applied")))
        self._apply_filter()
        if self.model.rowCount():
            self.select_row(0)

    @Slot(object)
    def _find_candidates(self, which: str | None) -> None:
        """Candidates come from the involvement log, read on the worker; then the list shows
        those people only (they are few, so their ids make the filter)."""
        if self._candidates_task is not None:
            self._candidates_task.cancel()
            self._candidates_task = None
        if which is None:
            self.candidate_ids = None
            self._apply_filter()
            return
        self.count.setText(_("Finding candidates…"))
        self._candidates_task = run_in_background(
            lambda worker, _progress, _cancel: candidate_ids(worker.db, which),
            title=_("Finding candidates…"), session=self.session, parent=self,
            on_done=self._candidates_found, on_error=self._candidates_failed)

    def _candidates_found(self, ids: tuple[int, ...]) -> None:
        self._candidates_task = None
        self.candidate_ids = ids
        self._apply_filter()
        self._show_count()

    def _candidates_failed(self, error: Exception) -> None:
        self._candidates_task = None
        self.count.setText(str(error))

    @Slot()
    def _show_count(self) -> None:
        if self._candidates_task is not None:
            return  # still "Finding candidates…"
        count = self.model.rowCount()
        self.count.setText(ngettext("{count} registrant", "{count} registrants",
                                    count).format(count=f"{count:,}"))

    def show_only(self, **filters) -> None:
        """The whole list narrowed by `filters` alone (RegistryFilters.show_only): no text,
        no candidates."""
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.filters.candidates.blockSignals(True)
        self.filters.candidates.setCurrentIndex(0)
        self.filters.candidates.blockSignals(False)
        self.candidate_ids = None
        self.filters.show_only(**filters)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def set_date_style(self, style: str) -> None:
        self.model.set_date_style(style)
        self._fit_columns()

    def retranslate(self) -> None:
        self.title.setText(_("Registry"))
        self.search.setPlaceholderText(_("Search by name, kana, registration no. or phone"))
        self.search.setAccessibleName(_("Search the registry"))
        self.filters.retranslate()
        self._show_count()
        self.model.relabel()
        self._fit_columns()
