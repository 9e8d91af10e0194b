"""設定 → 印刷: the office head whose title and name sign certificates, and the office contact.

Each field is saved (and audited) when the clerk leaves it; only administrators may change them.
An empty title prints the town's own (石巻市長).
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QMessageBox

from desktop_app.domain.errors import FutasatoError
from desktop_app.domain.roles import GRANTS, Permission
from desktop_app.i18n import _
from desktop_app.services import print_settings
from desktop_app.services.session import Session

_KEYS = (print_settings.MAYOR_TITLE, print_settings.MAYOR_NAME, print_settings.CONTACT)


class PrintSettingsForm(QGroupBox):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.fields: dict[str, QLineEdit] = {}
        self.labels: dict[str, QLabel] = {}
        allowed = Permission.CHANGE_SETTINGS in GRANTS[session.role]
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for key in _KEYS:
            edit = QLineEdit()
            edit.setMinimumWidth(420)
            edit.setMaxLength(print_settings.MAX_TEXT)
            edit.setEnabled(allowed)
            edit.editingFinished.connect(lambda key=key: self._save(key))
            self.fields[key], self.labels[key] = edit, QLabel()
            form.addRow(self.labels[key], edit)
        self.note = QLabel()
        self.note.setWordWrap(True)
        form.addRow(self.note)
        self._show_saved()
        self.retranslate()

    def _show_saved(self) -> None:
        for key, edit in self.fields.items():
            edit.setText(self.session.db.settings.get(key, "") or "")

    @Slot()
    def _save(self, key: str) -> None:
        edit = self.fields[key]
        if edit.text().strip() == (self.session.db.settings.get(key, "") or ""):
            return
        try:
            print_settings.change(self.session, key, edit.text())
        except FutasatoError as error:
            QMessageBox.warning(self, _("Futasato"), error.message)
        self._show_saved()

    def retranslate(self) -> None:
        self.setTitle(_("Printing"))
        for key, label in self.labels.items():
            label.setText(_(print_settings.TEXTS[key]))
        self.fields[print_settings.MAYOR_TITLE].setPlaceholderText(
            print_settings.default_head_title(self.session.db))
        if self.fields[print_settings.MAYOR_TITLE].isEnabled():
            self.note.setText(_("Certificates are signed with the office head's title and "
                                "name; cards and letters name the contact. Left empty, the "
                                "title is the town's own."))
        else:
            self.note.setText(_("Only an administrator may change what is printed."))
