"""After a new registration is saved: the next step at the counter, one key away. Enter prints
the pre-filled application form for the person to sign; Alt+B goes to book a stay."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop_app.i18n import _
from desktop_app.ui.freeing import freed_after


class NextStepDialog(QDialog):
    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.choice: str | None = None
        self.setWindowTitle(_("Saved"))
        lead = QLabel(_("{name} is on file as an application (申請中). A supervisor approves "
                        "it. What next?").format(name=name))
        lead.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.form_button = buttons.addButton(_("&Print the application form to sign"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.stay_button = buttons.addButton(_("&Book a stay"),
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.form_button.setDefault(True)
        self.form_button.clicked.connect(lambda: self._choose("form"))
        self.stay_button.clicked.connect(lambda: self._choose("stay"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(lead)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self.form_button.setFocus()

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, name: str) -> str | None:
        """'form', 'stay', or None when the clerk closed it."""
        with freed_after(cls(name, parent)) as dialog:
            dialog.exec()
            return dialog.choice
