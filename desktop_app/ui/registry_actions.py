"""The registry's dialogs hooked onto the registrant list: 新規登録, and double-click to open."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, Slot
from PySide6.QtWidgets import QHBoxLayout, QPushButton

from desktop_app.i18n import _
from desktop_app.services.session import Session
from desktop_app.ui.registrant_detail_dialog import RegistrantDetailDialog
from desktop_app.ui.registrant_entry_dialog import RegistrantEntryDialog


def _bar_of(view) -> QHBoxLayout | None:
    """The layout that holds the list's search box, where the new-registration button goes."""
    outer = view.layout()
    for index in range(outer.count()):
        inner = outer.itemAt(index).layout()
        if inner is not None and inner.indexOf(view.search) >= 0:
            return inner
    return None


class RegistryActions(QObject):
    def __init__(self, view, session: Session):
        super().__init__(view)
        self.view, self.session = view, session
        self.new_button = QPushButton(_("New registration"))
        bar = _bar_of(view)
        if bar is not None:
            bar.insertWidget(bar.indexOf(view.search) + 2, self.new_button)
        else:
            view.layout().addWidget(self.new_button)
        self.new_button.clicked.connect(self.new_registration)
        view.table.doubleClicked.connect(self.open_row)

    @Slot()
    def new_registration(self) -> int | None:
        dialog = RegistrantEntryDialog(self.session, parent=self.view)
        if dialog.exec():
            self.view.model.refresh()
            return dialog.saved_id
        return None

    @Slot(QModelIndex)
    def open_row(self, index: QModelIndex) -> None:
        row = self.view.model.row_at(index.row())
        if row is not None:
            RegistrantDetailDialog(self.session, row["id"], self.view).exec()
            self.view.model.refresh()
