"""One person's file: details, status actions, involvement, consultations, history, wishes."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.audit_actions import audit_sentence
from desktop_app.domain.consultations import CHANNEL_LABELS, TOPIC_LABELS
from desktop_app.domain.dates import format_date, format_timestamp
from desktop_app.domain.emergency import contact_text
from desktop_app.domain.errors import FutasatoError
from desktop_app.domain.involvement import INVOLVEMENT_LABELS
from desktop_app.domain.registrant import (
    KIND_LABELS,
    STATUS_LABELS,
    TIER_LABELS,
    Status,
    next_statuses,
)
from desktop_app.i18n import _, ngettext, translate_label
from desktop_app.services import preferences, registrant_lookup, registry_status
from desktop_app.services.audit_trail import AuditFilter, record_view, search_audit
from desktop_app.services.consultations import record_consultation
from desktop_app.services.involvement import log_involvement
from desktop_app.services.registrant_file import registrant_file
from desktop_app.services.session import Session
from desktop_app.ui.approval_dialog import approve_registrant, may_approve
from desktop_app.ui.background import BackgroundTask, follow_changes, run_in_background
from desktop_app.ui.error_label import error_text
from desktop_app.ui.freeing import clear_tabs, freed_after
from desktop_app.ui.house_wish_tab import HouseWishTab
from desktop_app.ui.registrant_certificates_tab import RegistrantCertificatesTab
from desktop_app.ui.registrant_photo_tab import RegistrantPhotoTab
from desktop_app.ui.table_columns import fit_columns


def _history(session: Session, registrant_id: int) -> list | FutasatoError:
    """The audit trail of this person (supervisors and up may read it), or why not."""
    try:
        return search_audit(session, AuditFilter(person=str(registrant_id)))[1]
    except FutasatoError as refused:
        return refused


def _reference(reference: str) -> str:
    """A completed stay's involvement names its booking as `booking:12`: shown as 予約 12."""
    kind, _colon, number = reference.partition(":")
    return _("Booking {id}").format(id=number) if kind == "booking" and number else reference


def _table(headers: list[str], rows: list[list[str]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setTabKeyNavigation(False)  # Tab leaves the table
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            item.setToolTip(value)  # the whole note where the column elides it
            table.setItem(r, c, item)
    fit_columns(table)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class RegistrantDetailDialog(QDialog):
    def __init__(self, session: Session, registrant_id: int, parent=None):
        super().__init__(parent)
        self.session = session
        self.registrant_id = registrant_id
        self.tabs = QTabWidget()
        self.message = QLabel()
        self.message.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.resize(760, 560)
        self.task: BackgroundTask | None = None
        follow_changes(self, ("registrant", "involvement", "consultation"), self.reload)
        self.reload(opening=True)

    # Replaceable in tests (pytest-qt's advice for modal questions).
    @classmethod
    def confirm(cls, parent: QWidget, text: str) -> bool:
        answer = QMessageBox.question(parent, _("Please confirm"), text)
        return answer == QMessageBox.StandardButton.Yes

    @classmethod
    def ask_text(cls, parent: QWidget, title: str, label: str) -> str | None:
        text, ok = QInputDialog.getText(parent, title, label)
        return text if ok else None

    def reload(self, *, opening: bool = False) -> BackgroundTask:
        """Read the file and its history on the worker, then show them."""
        registrant_id = self.registrant_id

        def job(worker: Session, _progress, _cancel):
            if opening:
                record_view(worker, registrant_id)  # opening a person's file is audited too
            return (registrant_file(worker.db, registrant_id), _history(worker, registrant_id),
                    preferences.date_style(worker.db))

        self.task = run_in_background(job, title=_("Opening the file…"), session=self.session,
                                      parent=self, on_done=self._show_file,
                                      on_error=self._failed)
        return self.task

    def _show_file(self, loaded) -> None:
        self.file, self.history, self.date_style = loaded
        record = self.file.record
        self.setWindowTitle(f"{record['family_name']} {record['given_name']}  "
                            f"{record['registrant_no'] or ''}")
        current = self.tabs.currentIndex()
        clear_tabs(self.tabs)  # a page left alive would go on following changes
        self.tabs.addTab(self._basic_tab(), _("Details"))
        self.tabs.addTab(self._involvement_tab(), _("Involvement"))
        self.tabs.addTab(self._consultations_tab(), _("Consultations"))
        self.tabs.addTab(RegistrantCertificatesTab(self.session, self.registrant_id),
                         _("Certificates"))
        self.tabs.addTab(self._history_tab(), _("History"))
        self.tabs.addTab(HouseWishTab(self.session, self.registrant_id), _("House wishes"))
        self.tabs.addTab(RegistrantPhotoTab(self.session, record), _("Photo"))
        self.tabs.setCurrentIndex(max(0, current))

    def _basic_tab(self) -> QWidget:
        r = self.file.record
        form = QFormLayout()
        status = translate_label(STATUS_LABELS[Status(r["status"])])
        if r["status_reason"]:
            status += f" ({r['status_reason']})"
        for label, value in (
                (_("Registrant number"), r["registrant_no"] or "—"),
                (_("Card code"), r["card_code"]),
                (_("Name"), f"{r['family_name']} {r['given_name']}"),
                (_("Kana"), f"{r['family_kana']} {r['given_kana']}"),
                (_("Birth date"), format_date(r["birth_date"], self.date_style)),
                (_("Kind"), translate_label(KIND_LABELS[r["kind"]]) + (
                    f" / {translate_label(TIER_LABELS[r['tier']])}" if r["tier"] else "")),
                (_("Status"), status),
                (_("Valid until"), format_date(r["valid_until"], self.date_style) or "—"),
                (_("Address"), f"〒{r['postal_code']} {r['prefecture']}{r['city']}{r['address']}"),
                (_("Phone"), r["phone"]), (_("E-mail"), r["email"]),
                (_("Address in town"), r["local_address"] or "—"),
                (_("Emergency contact"), contact_text(r["emergency_name"], r["emergency_relation"],
                                                      r["emergency_phone"]) or "—"),
                (_("In a disaster"), _("would help rebuild") if r["disaster_help"] else "—")):
            form.addRow(label, QLabel(value))
        actions = QHBoxLayout()
        self.act_buttons = {}
        for key, text, slot in self._offered(Status(r["status"])):
            button = self.act_buttons[key] = QPushButton(text)
            button.clicked.connect(slot)
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout()
        layout.addLayout(form)
        layout.addLayout(actions)
        widget = QWidget()
        widget.setLayout(layout)
        return widget

    def _offered(self, status: Status) -> list[tuple[str, str, object]]:
        """Only the acts this status allows (no 承認 for a registered person); revoking and
        erasing only for those who may. Each has a mnemonic (Alt + the underlined letter)."""
        allowed = next_statuses(status)
        supervisor = may_approve(self.session)
        offered = [("edit", _("&Edit…"), self.edit)] if status != Status.ERASED else []
        if Status.REGISTERED in allowed:
            offered.append(("approve", _("&Approve…"), self.approve))
        if Status.RENEWED in allowed:
            offered.append(("renew", _("Re&new"), self.renew))
        if supervisor and Status.REVOKED in allowed:
            offered.append(("revoke", _("Re&voke…"), self.revoke))
        if supervisor and Status.ERASED in allowed:
            offered.append(("erase", _("E&rase…"), self.erase))
        if status != Status.ERASED:
            offered.append(("merge", _("&Merge…"), self.merge))
        return offered

    def _involvement_tab(self) -> QWidget:
        s = self.file.summary
        flags = [_("dual-resident candidate")] if s.dual_candidate else []
        flags += [_("qualifies for premium")] if s.premium_qualified else []
        summary = QLabel(" · ".join((
            _("Score {score}").format(score=s.score),
            ngettext("{n} night", "{n} nights", s.nights).format(n=s.nights),
            ngettext("{n} community role", "{n} community roles", s.ninaite).format(n=s.ninaite),
            _("{yen} yen donated").format(yen=f"{s.donated_yen:,}")))
            + (f"  [{', '.join(flags)}]" if flags else ""))
        style = self.date_style
        rows = [[format_date(e["occurred_on"], style),
                 translate_label(INVOLVEMENT_LABELS[e["kind"]]),
                 str(e["quantity"]), f"{e['amount_yen']:,}", _reference(e["reference"]),
                 e["note"]]
                for e in self.file.involvement]
        table = _table([_("Date"), _("Kind"), _("Quantity"), _("Amount (yen)"), _("Receipt"),
                        _("Note")], rows)
        self.involvement_kind = QComboBox()
        for kind, label in INVOLVEMENT_LABELS.items():
            self.involvement_kind.addItem(_(label), kind.value)
        self.involvement_date = QLineEdit(format_date(date.today(), style))
        self.involvement_quantity = QSpinBox(maximum=100000)
        self.involvement_yen = QSpinBox(maximum=100_000_000, singleStep=1000)
        self.involvement_reference = QLineEdit()
        add = QPushButton(_("Add"))
        add.clicked.connect(self.add_involvement)
        entry = QHBoxLayout()
        for widget, name in ((self.involvement_kind, _("Kind")),
                             (self.involvement_date, _("Date")),
                             (self.involvement_quantity, _("Quantity")),
                             (self.involvement_yen, _("Amount (yen)")),
                             (self.involvement_reference, _("Receipt"))):
            widget.setAccessibleName(name)  # the table's headers above name the row's fields
            entry.addWidget(widget)
        entry.addWidget(add)
        return self._page(summary, table, entry, _(
            "No involvement logged yet: choose the kind and date below and press Add."))

    def _consultations_tab(self) -> QWidget:
        style = self.date_style
        rows = [[format_date(c["consulted_on"], style),
                 translate_label(CHANNEL_LABELS[c["channel"]]),
                 "、".join(translate_label(TOPIC_LABELS[t]) for t in c["topics"].split(",") if t),
                 c["notes"], format_date(c["follow_up_on"], style),
                 format_date(c["follow_up_done_on"], style)] for c in self.file.consultations]
        table = _table([_("Date"), _("Channel"), _("Topics"), _("Notes"), _("Follow-up date"),
                        _("Done")], rows)
        self.consultation_channel = QComboBox()
        for channel, label in CHANNEL_LABELS.items():
            self.consultation_channel.addItem(_(label), channel.value)
        self.consultation_topic = QComboBox()
        for topic, label in TOPIC_LABELS.items():
            self.consultation_topic.addItem(_(label), topic.value)
        self.consultation_notes = QLineEdit()
        self.consultation_follow_up = QLineEdit()
        self.consultation_follow_up.setPlaceholderText(_("Follow-up date"))
        add = QPushButton(_("Add"))
        add.clicked.connect(self.add_consultation)
        entry = QHBoxLayout()
        for widget, name in ((self.consultation_channel, _("Channel")),
                             (self.consultation_topic, _("Topics")),
                             (self.consultation_notes, _("Notes")),
                             (self.consultation_follow_up, _("Follow-up date"))):
            widget.setAccessibleName(name)
            entry.addWidget(widget)
        entry.addWidget(add)
        return self._page(None, table, entry, _(
            "No consultation recorded yet: choose how and about what below, write a note and "
            "press Add."))

    def _history_tab(self) -> QWidget:
        if isinstance(self.history, FutasatoError):
            return QLabel(self.history.message)
        return _table([_("When"), _("What happened")],
                      [[format_timestamp(r["at"], self.date_style),
                        audit_sentence(r["action"], r["clerk_name"])] for r in self.history])

    @staticmethod
    def _page(top: QWidget | None, table: QTableWidget, entry: QHBoxLayout,
              first_step: str) -> QWidget:
        """A list over its entry row; an empty list says what to do first."""
        layout = QVBoxLayout()
        if top is not None:
            layout.addWidget(top)
        if table.rowCount() == 0:
            layout.addWidget(QLabel(first_step))
        layout.addWidget(table)
        layout.addLayout(entry)
        widget = QWidget()
        widget.setLayout(layout)
        return widget

    def _failed(self, error: Exception) -> None:
        self.message.setText(error_text(error))

    def _run(self, work, done: str = "",
             writes: tuple[str, ...] = ("registrant",)) -> BackgroundTask:
        """`work(session)` on the worker; the file reloads itself when the change is announced."""
        self.task = run_in_background(lambda worker, _progress, _cancel: work(worker),
                                      title=_("Saving…"), session=self.session, writes=writes,
                                      parent=self, on_done=lambda _r: self.message.setText(done),
                                      on_error=self._failed)
        return self.task

    @Slot()
    def edit(self) -> None:
        from desktop_app.ui.registrant_entry_dialog import RegistrantEntryDialog

        with freed_after(RegistrantEntryDialog(self.session, self.registrant_id, self)) as dialog:
            dialog.exec()  # the file follows the change it saves

    @Slot()
    def approve(self) -> None:
        r = self.file.record
        approve_registrant(self.session, self.registrant_id,
                           f"{r['family_name']} {r['given_name']}", self,
                           lambda text: self.say(text), confirm=self.confirm)

    def say(self, text: str) -> None:
        self.message.setText(text)

    @Slot()
    def renew(self) -> None:
        if self.confirm(self, _("Renew this registration for another period?")):
            self._run(lambda s: registry_status.renew(s, self.registrant_id),
                      _("Renewed."))

    @Slot()
    def revoke(self) -> None:
        reason = self.ask_text(self, _("Revoke"), _("Reason for revoking:"))
        if reason is not None:
            self._run(lambda s: registry_status.revoke(s, self.registrant_id, reason),
                      _("Revoked."))

    @Slot()
    def erase(self) -> None:
        reason = self.ask_text(self, _("Erase"), _("Erase at the person's request. Note:"))
        if reason is not None:
            self._run(lambda s: registry_status.erase(s, self.registrant_id, reason),
                      _("Erased."))

    @Slot()
    def merge(self) -> None:
        from desktop_app.ui.registrant_merge_dialog import RegistrantMergeDialog

        other = self.ask_text(self, _("Merge"), _("Number or id of the duplicate record:"))
        if not other:
            return
        try:
            other_id = registrant_lookup.find_registrant(self.session.db, other)["id"]
        except FutasatoError as error:
            self.message.setText(error.message)
            return
        with freed_after(RegistrantMergeDialog(self.session, self.registrant_id, other_id,
                                                self)) as dialog:
            dialog.exec()  # the file follows the merge

    @Slot()
    def add_involvement(self) -> None:
        entry = (self.registrant_id, self.involvement_kind.currentData(),
                 self.involvement_date.text(), self.involvement_quantity.value(),
                 self.involvement_yen.value(), self.involvement_reference.text())
        self._run(lambda s: log_involvement(s, *entry), _("Added."), ("involvement",))

    @Slot()
    def add_consultation(self) -> None:
        entry = (self.registrant_id, date.today().isoformat(),
                 self.consultation_channel.currentData(), [self.consultation_topic.currentData()],
                 self.consultation_notes.text(), self.consultation_follow_up.text() or None)
        self._run(lambda s: record_consultation(s, *entry), _("Added."), ("consultation",))
