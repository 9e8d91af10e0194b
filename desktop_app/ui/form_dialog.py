"""The one small form dialog: an optional lead, a form, the refusal line and OK / Cancel. OK
closes it only when `problem()` finds nothing to refuse."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.ui.error_label import error_label


class FormDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None, *, lead: str = "",
                 width: int = 420):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(width)
        self.lead = QLabel(lead)
        self.lead.setWordWrap(True)
        self.lead.setVisible(bool(lead))
        self.form = QFormLayout()
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.check_and_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.lead)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def problem(self) -> str:
        """Why the answers cannot be taken, or "" when they can."""
        return ""

    def check_and_accept(self) -> None:
        problem = self.problem()
        if problem:
            self.error.setText(problem)
            self.error.show()
            return
        self.accept()
