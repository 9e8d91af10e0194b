"""A house's owner contact log (所有者との連絡記録) and its inquiries and viewings (内覧)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop_app.domain.code_labels import CONTACT_CHANNEL_LABELS, INQUIRY_LABELS
from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import FutasatoError
from desktop_app.domain.houses import CONTACT_CHANNELS
from desktop_app.i18n import N_, _
from desktop_app.services import houses, preferences
from desktop_app.services.session import Session
from desktop_app.ui.date_picker import DatePicker
from desktop_app.ui.freeing import delete_on_close
from desktop_app.ui.table_columns import row_table

CONTACT_HEADERS = (N_("Date"), N_("Contacted by"), N_("Outcome"), N_("Next step"))
INQUIRY_HEADERS = (N_("Date"), N_("Kind"), N_("Registrant"), N_("Outcome"))



def _fill(table: QTableWidget, rows: list[tuple]) -> None:
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            table.setItem(row, column, QTableWidgetItem(str(value)))


def _combo(labels: dict) -> QComboBox:
    combo = QComboBox()
    for key, msgid in labels.items():
        combo.addItem(_(msgid), key)
    return combo


class HouseContactsDialog(QDialog):
    def __init__(self, session: Session, house_id: int, parent=None,
                 today: date | None = None):
        super().__init__(parent)
        delete_on_close(self)  # shown with open(): nothing else frees it
        self.session, self.house_id = session, house_id
        today = today or date.today()
        self.setWindowTitle(_("Contacts and viewings"))
        self.contacts, self.inquiries = row_table(4, single=False), row_table(4, single=False)
        self.contact_on, self.inquiry_on = (DatePicker(session.db, today) for _edit in range(2))
        self.channel = _combo({key: CONTACT_CHANNEL_LABELS[key] for key in CONTACT_CHANNELS})
        self.contact_outcome, self.next_step = QLineEdit(), QLineEdit()
        self.contact_outcome.setPlaceholderText(_("Outcome"))
        self.next_step.setPlaceholderText(_("Next step"))
        self.add_contact_button = QPushButton(_("Add contact"))
        self.kind = _combo(INQUIRY_LABELS)
        self.registrant, self.inquiry_outcome = QLineEdit(), QLineEdit()
        self.registrant.setPlaceholderText(_("Registrant number or ID"))
        self.inquiry_outcome.setPlaceholderText(_("Outcome"))
        self.add_inquiry_button = QPushButton(_("Add inquiry or viewing"))
        for widget, name in ((self.contact_on, _("Contacted on")), (self.channel, _("Channel")),
                             (self.contact_outcome, _("Outcome")),
                             (self.next_step, _("Next step")),
                             (self.inquiry_on, _("Inquiry on")), (self.kind, _("Kind")),
                             (self.registrant, _("Registrant number or ID")),
                             (self.inquiry_outcome, _("Outcome"))):
            widget.setAccessibleName(name)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        for title, table, widgets in (
                (N_("Owner contact log"), self.contacts,
                 (self.contact_on, self.channel, self.contact_outcome, self.next_step,
                  self.add_contact_button)),
                (N_("Inquiries and viewings"), self.inquiries,
                 (self.inquiry_on, self.kind, self.registrant, self.inquiry_outcome,
                  self.add_inquiry_button))):
            box = QGroupBox(_(title))
            inner = QVBoxLayout(box)
            inner.addWidget(table)
            form = QHBoxLayout()
            for widget in widgets:
                form.addWidget(widget)
            inner.addLayout(form)
            layout.addWidget(box)
        layout.addWidget(self.message)
        self.contacts.setHorizontalHeaderLabels([_(text) for text in CONTACT_HEADERS])
        self.inquiries.setHorizontalHeaderLabels([_(text) for text in INQUIRY_HEADERS])
        self.add_contact_button.clicked.connect(self.add_contact)
        self.add_inquiry_button.clicked.connect(self.add_inquiry)
        self.refresh()

    def refresh(self) -> None:
        db = self.session.db
        style = preferences.date_style(db)
        channel_of = {key: _(msgid) for key, msgid in CONTACT_CHANNEL_LABELS.items()}
        kind_of = {key: _(msgid) for key, msgid in INQUIRY_LABELS.items()}
        _fill(self.contacts, [
            (format_date(row["contacted_on"], style), channel_of[row["channel"]], row["outcome"],
             row["next_step"]) for row in houses.owner_contacts(db, self.house_id)])
        _fill(self.inquiries, [
            (format_date(row["occurred_on"], style), kind_of[row["kind"]],
             f"{row['registrant_no'] or row['registrant_id']}"
             f" {row['family_name']} {row['given_name']}".strip(), row["outcome"])
            for row in houses.inquiries(db, self.house_id)])

    def _run(self, action, done: str) -> None:
        try:
            action()
        except FutasatoError as refused:
            self.message.setText(refused.message)
            return
        self.message.setText(done)
        self.refresh()

    def add_contact(self) -> None:
        self._run(lambda: houses.add_owner_contact(
            self.session, self.house_id, contacted_on=self.contact_on.day(),
            channel=self.channel.currentData(), outcome=self.contact_outcome.text(),
            next_step=self.next_step.text()), _("Contact recorded."))

    def add_inquiry(self) -> None:
        self._run(lambda: houses.add_inquiry(
            self.session, self.house_id, self.registrant.text().strip(),
            kind=self.kind.currentData(), occurred_on=self.inquiry_on.day(),
            outcome=self.inquiry_outcome.text()), _("Inquiry recorded."))
