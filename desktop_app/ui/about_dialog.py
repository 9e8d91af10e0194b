"""ヘルプ → ふたさとについて: the version, and the licence of the bundled font."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

from desktop_app import __version__, paths
from desktop_app.i18n import _
from desktop_app.ui.freeing import freed_after


class AboutDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("About Futasato"))
        self.resize(640, 520)
        heading = QLabel(f"<h2>{_('Futasato')}</h2>")
        heading.setTextFormat(Qt.TextFormat.RichText)
        self.version = QLabel(_("Version {version}").format(version=__version__))
        purpose = QLabel(_("Registers for two-region residence (二地域居住) and furusato "
                           "residents, for the counter of a town office. Works without a network."))
        purpose.setWordWrap(True)
        font_note = QLabel(_("Japanese text is shown and printed with the IPAex Gothic font, "
                             "included under the IPA Font License v1.0:"))
        font_note.setWordWrap(True)
        self.licence = QPlainTextEdit(self._licence_text())
        self.licence.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (heading, self.version, purpose, font_note, self.licence, buttons):
            layout.addWidget(widget)

    @staticmethod
    def _licence_text() -> str:
        try:
            return paths.resource("fonts", "IPA_Font_License.txt").read_text(encoding="utf-8")
        except OSError:
            return _("The licence file is missing from this installation.")

    @classmethod
    def show_for(cls, parent) -> None:
        with freed_after(cls(parent)) as dialog:
            dialog.exec()
