"""New registration (or correction) in one keyboard-friendly form that warns of duplicates."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.application import Application
from desktop_app.domain.dates import format_date
from desktop_app.domain.duplicates import DUPLICATE_LABELS
from desktop_app.domain.errors import FutasatoError
from desktop_app.domain.normalize import postal_digits
from desktop_app.domain.registrant import (
    KIND_LABELS,
    STATUS_LABELS,
    TIER_LABELS,
    Kind,
    Status,
    Tier,
)
from desktop_app.domain.registry_rules import IDENTITY_DOCUMENT_LABELS
from desktop_app.i18n import N_, _, translate_label
from desktop_app.services import preferences
from desktop_app.services.addresses import look_up_postal_code
from desktop_app.services.duplicates import find_duplicates
from desktop_app.services.registrant_file import registrant_file
from desktop_app.services.registration import application_from_record, register, update_details
from desktop_app.services.session import Session
from desktop_app.ui.background import run_in_background
from desktop_app.ui.freeing import freed_after

DUPLICATE_DELAY_MS = 250
_TEXT_FIELDS = ("family_name", "given_name", "family_kana", "given_kana", "birth_date",
                "postal_code", "prefecture", "city", "address", "street", "phone", "email",
                "local_address", "identity_checked_on", "emergency_name", "emergency_relation",
                "emergency_phone")
# Filled from the postal code: Tab passes over them once filled, so the cursor goes from the
# postal code straight to the empty 番地 and never selects (and overwrites) the town.
_FROM_POSTAL_CODE = ("prefecture", "city", "address")
_LABELS = {
    "family_name": "Family name", "given_name": "Given name", "family_kana": "Family kana",
    "given_kana": "Given kana", "birth_date": "Birth date", "postal_code": "Postal code",
    "prefecture": "Prefecture", "city": "City", "address": "Address",
    "street": N_("Street number and building"), "phone": "Phone",
    "email": "E-mail", "local_address": "Address in town",
    "identity_checked_on": "Identity checked on",
    "emergency_name": N_("Emergency contact"), "emergency_relation": N_("Relation"),
    "emergency_phone": N_("Emergency contact phone"),
}


class RegistrantEntryDialog(QDialog):
    """Enter saves, Esc cancels; the tab order follows the form from top to bottom."""

    def __init__(self, session: Session, registrant_id: int | None = None, parent=None):
        super().__init__(parent)
        self.session = session
        self.registrant_id = registrant_id
        self.saved_id: int | None = None
        self.task = None
        self.setWindowTitle(_("Edit registrant") if registrant_id else _("New registration"))
        self.edits = {name: QLineEdit() for name in _TEXT_FIELDS}
        self.kind, self.tier, self.sex = QComboBox(), QComboBox(), QComboBox()
        self.identity = QComboBox()
        self.consents = {name: QCheckBox(text) for name, text in (
            ("consent_newsletter", _("Newsletter")),
            ("consent_sharing", _("Sharing with support corporations")),
            ("consent_photo", _("Photo on card")))}
        self.disaster_help = QCheckBox(_("Would help rebuild after a disaster elsewhere"))
        self.duplicates = QListWidget()
        self.duplicates.setWordWrap(True)
        self.duplicates.setTabKeyNavigation(False)
        self.not_duplicate = QCheckBox(_("&Checked: this is a different person"))
        self.duplicates_hint = QLabel(_("Enter opens the selected person's file; Alt+C "
                                        "confirms a different person."))
        self.duplicates_hint.setWordWrap(True)
        self.saved_name = self.saved_kana = ""
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self._found: list = []
        self._timer = QTimer(self, singleShot=True, interval=DUPLICATE_DELAY_MS)
        self._fill_choices()
        self._lay_out()
        self._connect()
        if registrant_id is not None:
            self._load(registrant_file(session.db, registrant_id).record)

    def _fill_choices(self) -> None:
        for kind in Kind:
            self.kind.addItem(translate_label(KIND_LABELS[kind]), kind.value)
        for tier in Tier:
            self.tier.addItem(translate_label(TIER_LABELS[tier]), tier.value)
        for value, text in (("", _("Not given")), ("female", _("Female")), ("male", _("Male")),
                            ("other", _("Other"))):
            self.sex.addItem(text, value)
        self.identity.addItem(_("None"), "")
        for document, label in IDENTITY_DOCUMENT_LABELS.items():
            self.identity.addItem(_(label), document.value)

    def _lay_out(self) -> None:
        form = QFormLayout()
        for name in _TEXT_FIELDS[:5]:
            form.addRow(translate_label(_LABELS[name]), self.edits[name])
        form.addRow(_("Sex"), self.sex)
        form.addRow(_("Kind"), self.kind)
        form.addRow(_("Tier"), self.tier)
        for name in _TEXT_FIELDS[5:13]:
            label = _("Town") if name == "address" else translate_label(_LABELS[name])
            form.addRow(label, self.edits[name])
        form.addRow(_("Identity document"), self.identity)
        checked_on = "identity_checked_on"
        form.addRow(translate_label(_LABELS[checked_on]), self.edits[checked_on])
        consents = QHBoxLayout()
        for box in self.consents.values():
            consents.addWidget(box)
        form.addRow(_("Consents"), self._wrap(consents))
        for name in _TEXT_FIELDS[13:]:
            form.addRow(translate_label(_LABELS[name]), self.edits[name])
        form.addRow(_("In a disaster"), self.disaster_help)
        side = QVBoxLayout()
        side.addWidget(QLabel(_("Likely duplicates")))
        side.addWidget(self.duplicates)
        side.addWidget(self.not_duplicate)
        side.addWidget(self.duplicates_hint)
        self.not_duplicate.hide()
        self.duplicates_hint.hide()
        columns = QHBoxLayout()
        columns.addLayout(form, 3)
        columns.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)

    @staticmethod
    def _wrap(layout) -> QWidget:
        widget = QWidget()
        widget.setLayout(layout)
        return widget

    def _connect(self) -> None:
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._timer.timeout.connect(self.check_duplicates)
        for name in ("family_name", "given_name", "family_kana", "given_kana", "birth_date",
                     "phone", "email"):
            self.edits[name].textChanged.connect(self._timer.start)
        self.edits["postal_code"].textChanged.connect(self._postal_code_changed)
        self.duplicates.itemActivated.connect(self.open_candidate)
        self.kind.currentIndexChanged.connect(self._tier_enabled)

    @Slot()
    def _tier_enabled(self) -> None:
        self.tier.setEnabled(self.kind.currentData() == Kind.FURUSATO.value)

    def _load(self, record: dict) -> None:
        application = application_from_record(record)
        for name in _TEXT_FIELDS:
            self.edits[name].setText(str(getattr(application, name, "") or ""))  # 番地: in 町域
        for combo, value in ((self.kind, application.kind), (self.tier, application.tier),
                             (self.sex, application.sex or ""),
                             (self.identity, application.identity_document)):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        for name, box in self.consents.items():
            box.setChecked(bool(getattr(application, name)))
        self.disaster_help.setChecked(application.disaster_help)

    def application(self) -> Application:
        text = {name: edit.text() for name, edit in self.edits.items()}
        identity = self.identity.currentData()
        text["address"] = text["address"].strip() + text.pop("street").strip()  # 町域 + 番地
        return Application(
            **{k: text[k] for k in _TEXT_FIELDS if k not in ("identity_checked_on", "street")},
            kind=self.kind.currentData(),
            tier=self.tier.currentData() if self.tier.isEnabled() else None,
            sex=self.sex.currentData() or None,
            identity_document=identity,
            identity_checked_by=self.session.clerk if identity else "",
            identity_checked_on=text["identity_checked_on"] or (
                date.today().isoformat() if identity else ""),
            disaster_help=self.disaster_help.isChecked(),
            **{name: box.isChecked() for name, box in self.consents.items()})

    @Slot(str)
    def _postal_code_changed(self, text: str) -> None:
        if len(postal_digits(text)) == 7:
            self.fill_address()
        else:
            for name in _FROM_POSTAL_CODE:
                self.edits[name].setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    @Slot()
    def fill_address(self) -> None:
        """都道府県・市区町村・町域 from the postal code (never over what was typed); the
        cursor's next stop is the empty 番地."""
        found = look_up_postal_code(self.edits["postal_code"].text())
        if found is None:
            return
        for name, value in (("prefecture", found.prefecture), ("city", found.city),
                            ("address", found.town)):
            edit = self.edits[name]
            if not edit.text().strip():
                edit.setText(value)
            edit.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        if not self.edits["postal_code"].hasFocus() and self.isVisible():
            self.edits["street"].setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def check_duplicates(self) -> None:
        self._timer.stop()
        self._found = find_duplicates(self.session.db, self.application(),
                                      exclude_id=self.registrant_id)
        self.duplicates.clear()
        style = preferences.date_style(self.session.db) if self._found else ""
        for candidate in self._found:
            item = QListWidgetItem(self._describe(candidate, style))
            item.setData(Qt.ItemDataRole.UserRole, candidate.record["id"])
            self.duplicates.addItem(item)
        if self._found:
            self.duplicates.setCurrentRow(0)
        self.not_duplicate.setVisible(bool(self._found))
        self.duplicates_hint.setVisible(bool(self._found))
        if not self._found:
            self.not_duplicate.setChecked(False)

    @staticmethod
    def _describe(candidate, style: str) -> str:
        """The whole candidate: who, born when, living where, in what status, and why."""
        r = candidate.record
        reasons = "、".join(
            translate_label(DUPLICATE_LABELS[reason]) for reason in candidate.reasons)
        address = f"〒{r['postal_code']} " if r["postal_code"] else ""
        address += f"{r['prefecture']}{r['city']}{r['address']}"
        return "\n".join((
            f"{r['family_name']} {r['given_name']}（{r['family_kana']} {r['given_kana']}）"
            f"  {r['registrant_no'] or ''}",
            _("Born {date}").format(date=format_date(r["birth_date"], style)),
            address or _("No address on file"),
            _("Status: {status}").format(
                status=translate_label(STATUS_LABELS[Status(r["status"])])),
            _("Matched on: {reasons}").format(reasons=reasons)))

    @Slot(QListWidgetItem)
    def open_candidate(self, item: QListWidgetItem) -> None:
        from desktop_app.ui.registrant_detail_dialog import RegistrantDetailDialog

        person = item.data(Qt.ItemDataRole.UserRole)
        with freed_after(RegistrantDetailDialog(self.session, person, self)) as dialog:
            dialog.exec()

    @Slot()
    def save(self) -> None:
        if self.task is not None and self.task.running:
            return  # Enter pressed twice: the first save is still on its way
        self.check_duplicates()
        if self._found and not self.not_duplicate.isChecked():
            self.error.setText(_("Likely duplicates are on file. Check them, then tick "
                                 "'this is a different person' to save."))
            return
        application, registrant_id = self.application(), self.registrant_id

        def job(worker: Session, _progress, _cancel) -> int:
            if registrant_id is None:
                return register(worker, application)
            update_details(worker, registrant_id, application)
            return registrant_id

        self.task = run_in_background(job, title=_("Saving…"), session=self.session,
                                      writes=("registrant",), parent=self, on_done=self._saved,
                                      on_error=self._refused)

    def _saved(self, registrant_id: int) -> None:
        self.saved_id = registrant_id
        application = self.application()
        self.saved_name = f"{application.family_name} {application.given_name}".strip()
        self.saved_kana = f"{application.family_kana}{application.given_kana}"
        self.accept()

    def _refused(self, error: Exception) -> None:
        if isinstance(error, FutasatoError):
            self._show_error(error)
        else:
            self.error.setText(str(error))

    def _show_error(self, error: FutasatoError) -> None:
        self.error.setText(error.message)
        for name, edit in self.edits.items():
            wrong = error.field is not None and _LABELS.get(name) == error.field
            edit.setStyleSheet("border: 2px solid #b00020;" if wrong else "")
            if wrong:
                edit.setFocus()
