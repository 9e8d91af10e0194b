"""What the 同期 page asks: which counter a change set is for, the folder and the password that
opens this counter's exchange key; the change set to import. Classmethods `ask`, so tests can
replace them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QDialog, QFileDialog, QHBoxLayout, QLineEdit, QPushButton

from desktop_app.i18n import _
from desktop_app.ui.form_dialog import FormDialog
from desktop_app.ui.freeing import freed_after


@dataclass(frozen=True)
class ChangeSetChoice:
    peer: str  # the counter's terminal id
    folder: Path
    password: str


class ChangeSetExportDialog(FormDialog):
    def __init__(self, peers: list[dict], parent=None):
        super().__init__(_("Export a change set"), parent, width=480, lead=_(
            "The changes the counter has not acknowledged are written to the folder (the USB "
            "stick) as a signed change set. Your password opens this counter's exchange key."))
        self.peer = QComboBox()
        for peer in peers:
            self.peer.addItem(_("Counter {counter} {office}").format(
                counter=peer["counter"], office=peer["office"]), peer["terminal"])
        self.folder = QLineEdit()
        browse = QPushButton(_("&Browse…"))
        browse.clicked.connect(self.browse)
        where = QHBoxLayout()
        where.addWidget(self.folder, 1)
        where.addWidget(browse)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(_("&For counter"), self.peer)
        self.form.addRow(_("&Folder"), where)
        self.form.addRow(_("&Password"), self.password)

    def browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("The folder to write the change set to"),
                                                  self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def problem(self) -> str:
        folder = self.folder.text().strip()
        if not folder or not Path(folder).is_dir():
            return _("Choose a folder that exists.")
        return "" if self.password.text() else _("Enter your password.")

    @classmethod
    def ask(cls, parent, peers: list[dict]) -> ChangeSetChoice | None:
        with freed_after(cls(peers, parent)) as dialog:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return ChangeSetChoice(dialog.peer.currentData(), Path(dialog.folder.text().strip()),
                                   dialog.password.text())


def ask_change_set(parent) -> Path | None:
    """The change set (or a new counter's reply) to import."""
    chosen, _filter = QFileDialog.getOpenFileName(
        parent, _("Import a change set"), "", _("Change sets (*.zip)"))
    return Path(chosen) if chosen else None
