"""A page for an area that is not built yet: it says so plainly and offers nothing fake."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop_app.i18n import _


class PlaceholderPage(QWidget):
    def __init__(self, title: str, parent=None):
        """`title` is a msgid, translated whenever the page is retranslated."""
        super().__init__(parent)
        self.title_msgid = title
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_(self.title_msgid))
        self.note.setText(_("This area arrives in a later version of Futasato. "
                            "Nothing here is recorded yet."))
