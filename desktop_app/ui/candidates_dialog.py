"""候補者一覧: ふるさと住民 who qualify as 二地域居住者 candidates or for プレミアム, by score."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop_app.i18n import N_, _, ngettext, translate_label
from desktop_app.services.audit_trail import record_list_view
from desktop_app.services.involvement import candidates
from desktop_app.services.session import Session
from desktop_app.ui.background import run_in_background
from desktop_app.ui.freeing import freed_after
from desktop_app.ui.registry_filters import CANDIDATE_CHOICES
from desktop_app.ui.rows_table_model import (
    RowColumn,
    RowsTableModel,
    person_kana,
    person_name,
    rows_table,
)

COLUMNS = (
    RowColumn(N_("Registration no."), lambda r: r["registrant_no"] or ""),
    RowColumn(N_("Name"), person_name),
    RowColumn(N_("Reading (kana)"), person_kana),
    RowColumn(N_("Involvement score"), lambda r: f"{r['score']:,}", numeric=True),
    RowColumn(N_("Nights"), lambda r: f"{r['nights']:,}", numeric=True),
    RowColumn(N_("Community roles"), lambda r: f"{r['ninaite']:,}", numeric=True),
    RowColumn(N_("Donated (yen)"), lambda r: f"{r['donated_yen']:,}", numeric=True),
)


class CandidatesDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None, *,
                 which: str = "dual"):
        super().__init__(parent)
        self.session = session
        self.which = QComboBox()
        for value, label in CANDIDATE_CHOICES:
            if value is not None:
                self.which.addItem(translate_label(label), value)
        self.which.setCurrentIndex(max(0, self.which.findData(which)))
        self.which.setAccessibleName(_("Candidates:"))
        self.summary = QLabel()
        self.model = RowsTableModel(COLUMNS, self)
        self.table = rows_table(self.model)
        self.task = None
        self._lay_out()
        self.which.currentIndexChanged.connect(lambda _index: self.load())
        self.table.doubleClicked.connect(self.open_row)
        self.setWindowTitle(_("Candidates"))
        self.resize(860, 520)
        self.load()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.which)
        top.addStretch(1)
        top.addWidget(self.summary)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        hint = QLabel(_("Double-click a person to open their file."))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    @Slot()
    def load(self, *, audited: bool = True) -> None:
        """Read the chosen list on the worker: scoring the log can take a moment. The list
        the clerk chooses is audited (as `candidates` on the command line); reading it again
        after their own visit to a person's file is not."""
        if self.task is not None:
            self.task.cancel()
        which = self.which.currentData()

        def job(worker: Session, _progress, _cancel) -> list[dict]:
            rows = candidates(worker.db, which)
            if audited:
                record_list_view(worker, "registrant", f"candidates.{which}",
                                 [r["id"] for r in rows])
            return rows

        self.summary.setText(_("Finding candidates…"))
        self.task = run_in_background(
            job, title=_("Finding candidates…"), session=self.session, parent=self,
            on_done=self._loaded, on_error=self._failed)

    def _loaded(self, rows: list[dict]) -> None:
        self.task = None
        self.model.set_rows(rows)
        self.summary.setText(ngettext("{count} candidate", "{count} candidates",
                                      len(rows)).format(count=f"{len(rows):,}"))

    def _failed(self, error: Exception) -> None:
        self.task = None
        self.summary.setText(str(error))

    # Replaceable in tests: the person's file is a modal dialog of its own.
    @classmethod
    def show_person(cls, session: Session, registrant_id: int, parent: QWidget) -> None:
        from desktop_app.ui.registrant_detail_dialog import RegistrantDetailDialog

        with freed_after(RegistrantDetailDialog(session, registrant_id, parent)) as dialog:
            dialog.exec()

    @Slot(QModelIndex)
    def open_row(self, index: QModelIndex) -> None:
        row = self.model.row(index.row())
        if row is not None:
            self.show_person(self.session, row["id"], self)
            self.load(audited=False)  # logging involvement there may change who qualifies
