"""ヘルプ → 操作マニュアル: the clerk's manual, rendered from the same Markdown as docs/manual/."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop_app import i18n, paths
from desktop_app.i18n import _


def manual_dir(language: str) -> Path:
    """The manual's pages in the language, Japanese where the language has none."""
    root = paths.shipped("docs") / "manual"
    folder = root / language
    return folder if folder.is_dir() else root / "ja"


class ManualDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("manual")
        self.setWindowTitle(_("Operating manual"))
        self.resize(900, 700)
        folder = manual_dir(i18n.current_language())
        self.browser = QTextBrowser()
        self.browser.setObjectName("manualBrowser")
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(True)  # a web link leaves the app; a page stays here
        self.browser.setSearchPaths([str(folder), str(folder.parent / "img")])
        self.browser.setSource(QUrl.fromLocalFile(str(folder / "index.md")))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        back = buttons.addButton(_("Back"), QDialogButtonBox.ButtonRole.ActionRole)
        back.clicked.connect(self.browser.backward)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)

    @classmethod
    def show_for(cls, parent: QWidget) -> ManualDialog:
        dialog = cls(parent)
        dialog.show()
        return dialog
