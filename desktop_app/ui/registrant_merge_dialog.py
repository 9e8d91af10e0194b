"""Two records of one person side by side: tick the fields to take from the duplicate."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop_app.domain.duplicates import MERGE_FIELDS
from desktop_app.i18n import _
from desktop_app.services.merge import merge
from desktop_app.services.registrant_file import registrant_file
from desktop_app.services.session import Session
from desktop_app.ui.background import run_in_background
from desktop_app.ui.error_label import error_text


class RegistrantMergeDialog(QDialog):
    """The left record survives; its number and card code stay. The right one is 抹消, its
    involvement and consultations move over, and the merge can be undone."""

    def __init__(self, session: Session, survivor_id: int, other_id: int, parent=None):
        super().__init__(parent)
        self.session = session
        self.survivor_id, self.other_id = survivor_id, other_id
        self.merge_id: int | None = None
        self.survivor = registrant_file(session.db, survivor_id).record
        self.other = registrant_file(session.db, other_id).record
        self.setWindowTitle(_("Merge records"))
        self.table = QTableWidget(len(MERGE_FIELDS), 3)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table
        self.table.setHorizontalHeaderLabels([
            _("Field"), f"{_('Keep')}: {self.survivor['registrant_no'] or survivor_id}",
            f"{_('Duplicate')}: {self.other['registrant_no'] or other_id}"])
        for row, (name, label) in enumerate(MERGE_FIELDS):
            self.table.setItem(row, 0, QTableWidgetItem(_(label)))
            self.table.setItem(row, 1, QTableWidgetItem(str(self.survivor[name] or "")))
            take = QTableWidgetItem(str(self.other[name] or ""))
            take.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            take.setCheckState(Qt.CheckState.Unchecked)
            self.table.setItem(row, 2, take)
        self.table.resizeColumnsToContents()
        self.error = QLabel()
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.do_merge)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Tick each value to take from the duplicate.")))
        layout.addWidget(self.table)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(720, 560)

    def take_from_other(self, name: str, take: bool = True) -> None:
        row = [n for n, _label in MERGE_FIELDS].index(name)
        state = Qt.CheckState.Checked if take else Qt.CheckState.Unchecked
        self.table.item(row, 2).setCheckState(state)

    def chosen(self) -> set[str]:
        return {name for row, (name, _label) in enumerate(MERGE_FIELDS)
                if self.table.item(row, 2).checkState() == Qt.CheckState.Checked}

    @Slot()
    def do_merge(self) -> None:
        """On the worker; the dialog closes when the merge is saved."""
        survivor, other, chosen = self.survivor_id, self.other_id, self.chosen()
        self.task = run_in_background(
            lambda worker, _progress, _cancel: merge(worker, survivor, other, chosen),
            title=_("Merging…"), session=self.session, writes=("registrant", "involvement"),
            parent=self, on_done=self._merged,
            on_error=lambda error: self.error.setText(error_text(error)))

    def _merged(self, merge_id: int) -> None:
        self.merge_id = merge_id
        self.accept()
