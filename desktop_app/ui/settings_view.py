"""設定: the display language, how dates are shown and what printing names (the office head),
each saved at once; for an administrator also the first-run steps that may wait (the
prefecture's certificate, backups, printer offsets), with the wizard's own panels."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import FutasatoError, PermissionDenied
from desktop_app.domain.roles import Permission
from desktop_app.i18n import N_, _
from desktop_app.services import preferences
from desktop_app.services.session import Session
from desktop_app.ui.office_setup_panels import (
    BackupPanel,
    CalibrationPanel,
    PrefectureCertificatePanel,
)
from desktop_app.ui.print_settings_form import PrintSettingsForm

# Each language is named in itself, so a clerk who cannot read the current one still finds theirs.
LANGUAGE_NAMES = {"ja": "日本語", "en": "English"}
DATE_STYLE_NAMES = {"wareki": N_("Japanese era"), "seireki": N_("Western years")}
_EXAMPLE_DAY = date(2025, 4, 1)


class SettingsView(QWidget):
    language_changed = Signal(str)
    date_style_changed = Signal(str)

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.language = QComboBox()
        for code in preferences.LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.date_style = QComboBox()
        for style in preferences.DATE_STYLES:
            self.date_style.addItem("", style)
        for combo in (self.language, self.date_style):
            combo.setMinimumWidth(320)
        self.date_style.setEnabled(preferences.may_change(session, preferences.DATE_STYLE))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.language_label = QLabel()
        self.date_style_label = QLabel()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.language_label, self.language)
        form.addRow(self.date_style_label, self.date_style)
        self.language_label.setBuddy(self.language)
        self.date_style_label.setBuddy(self.date_style)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addWidget(self.note)
        self.printing = PrintSettingsForm(session)
        layout.addWidget(self.printing)
        self.office_panels = self._office_panels(layout) if self._is_admin() else []
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        QVBoxLayout(self).addWidget(scroll)
        self._select(self.language, preferences.language(session.db))
        self._select(self.date_style, preferences.date_style(session.db))
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.date_style.currentIndexChanged.connect(self._date_style_chosen)
        self.retranslate()

    def _is_admin(self) -> bool:
        try:
            self.session.require(Permission.CHANGE_SETTINGS)
        except PermissionDenied:
            return False
        return True

    def _office_panels(self, layout: QVBoxLayout) -> list:
        """The wizard's later steps, each in its box with a Save button."""
        panels = []
        for panel, title in ((PrefectureCertificatePanel(), _("The prefecture's certificate")),
                             (BackupPanel(), _("Backups")),
                             (CalibrationPanel(), _("Printer calibration"))):
            box = QGroupBox(title)
            inner = QVBoxLayout(box)
            inner.addWidget(panel)
            save = QPushButton(_("Save"))
            save.setAccessibleName(f"{title} {_('Save')}")
            saved = QLabel()
            save.clicked.connect(lambda _checked=False, panel=panel, saved=saved:
                                 saved.setText(_("Saved.") if panel.apply(self.session) else ""))
            row = QHBoxLayout()
            row.addWidget(save)
            row.addWidget(saved, 1)
            inner.addLayout(row)
            layout.addWidget(box)
            if isinstance(panel, CalibrationPanel):
                panel.show_offsets(self.session)
            panels.append(panel)
        return panels

    @staticmethod
    def _select(combo: QComboBox, value: str) -> None:
        combo.blockSignals(True)
        combo.setCurrentIndex(max(0, combo.findData(value)))
        combo.blockSignals(False)

    @Slot()
    def _language_chosen(self) -> None:
        if self._save(preferences.LANGUAGE, self.language):
            self.language_changed.emit(self.language.currentData())

    @Slot()
    def _date_style_chosen(self) -> None:
        if self._save(preferences.DATE_STYLE, self.date_style):
            self.date_style_changed.emit(self.date_style.currentData())

    def _save(self, key: str, combo: QComboBox) -> bool:
        try:
            preferences.save(self.session, key, combo.currentData())
        except FutasatoError as error:
            QMessageBox.warning(self, _("Futasato"), error.message)
            saved = (preferences.language if key == preferences.LANGUAGE
                     else preferences.date_style)(self.session.db)
            self._select(combo, saved)
            return False
        return True

    def retranslate(self) -> None:
        self.title.setText(_("Settings"))
        self.language_label.setText(_("Language"))
        self.date_style_label.setText(_("Dates"))
        for index, style in enumerate(preferences.DATE_STYLES):
            self.date_style.setItemText(index, f"{_(DATE_STYLE_NAMES[style])}"
                                               f"（{format_date(_EXAMPLE_DAY, style)}）")
        if self.date_style.isEnabled():
            self.date_style.setToolTip("")
        else:
            self.date_style.setToolTip(_("Only an administrator may change how dates are shown."))
        self.note.setText(_("Changes are saved at once and recorded in the audit log."))
        self.printing.retranslate()
