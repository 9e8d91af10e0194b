"""The photo tab of a person's file: the card photo on file, taken from a picture file (cropped
to the card in its centre), removed, and whether it prints (only with the person's consent)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.i18n import _
from desktop_app.services.photos import photo_of, remove_photo, set_photo
from desktop_app.services.session import Session
from desktop_app.ui.background import BackgroundTask, run_in_background
from desktop_app.ui.error_label import error_text

PICTURE_FILTER = "*.jpg *.jpeg *.png *.webp *.bmp *.tif *.tiff"
SHOWN_HEIGHT = 240


class RegistrantPhotoTab(QWidget):
    def __init__(self, session: Session, record: dict, parent=None):
        super().__init__(parent)
        self.session = session
        self.registrant_id = record["id"]
        self.picture = QLabel(_("No photo on file."))
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(SHOWN_HEIGHT * 19 // 24 + 20, SHOWN_HEIGHT + 20)
        self.picture.setStyleSheet("border: 1px solid #bbb;")
        self.consent = QLabel(
            _("Consent to a photo on the card is recorded: the photo prints on the card.")
            if record["consent_photo"] else
            _("No consent to a photo on the card is recorded: the card prints without it. "
              "Record the consent with Edit… on the Details tab."))
        self.consent.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.choose = QPushButton(_("Take from a picture file…"))
        self.remove = QPushButton(_("Remove photo"))
        self.choose.clicked.connect(self.take_from_file)
        self.remove.clicked.connect(self.remove_photo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(QLabel(_("The picture is cropped in its centre to the card's photo "
                                  "(19 × 24 mm) and stored without its camera data.")))
        layout.addWidget(self.consent)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.task: BackgroundTask | None = None
        self.load()

    # Replaceable in tests (pytest-qt's advice for modal dialogs).
    @classmethod
    def choose_file(cls, parent: QWidget) -> Path | None:
        name, _filter = QFileDialog.getOpenFileName(
            parent, _("Card photo"), "", _("Pictures") + f" ({PICTURE_FILTER})")
        return Path(name) if name else None

    def load(self) -> BackgroundTask:
        registrant_id = self.registrant_id
        self.task = run_in_background(lambda worker, _p, _c: photo_of(worker.db, registrant_id),
                                      title=_("Opening the file…"), session=self.session,
                                      parent=self, on_done=self._show, on_error=self._refused)
        return self.task

    def _show(self, jpeg: bytes | None) -> None:
        self.remove.setEnabled(jpeg is not None)
        if jpeg is None:
            self.picture.setPixmap(QPixmap())
            self.picture.setText(_("No photo on file."))
            return
        pixmap = QPixmap()
        pixmap.loadFromData(jpeg, "JPEG")
        self.picture.setPixmap(pixmap.scaledToHeight(
            SHOWN_HEIGHT, Qt.TransformationMode.SmoothTransformation))

    @Slot()
    def take_from_file(self) -> BackgroundTask | None:
        path = self.choose_file(self)
        if path is None:
            return None
        registrant_id = self.registrant_id

        def job(worker: Session, _progress, _cancel) -> bytes | None:
            set_photo(worker, registrant_id, path.read_bytes())
            return photo_of(worker.db, registrant_id)

        return self._write(job, _("Photo stored."))

    @Slot()
    def remove_photo(self) -> BackgroundTask:
        registrant_id = self.registrant_id

        def job(worker: Session, _progress, _cancel) -> None:
            remove_photo(worker, registrant_id)

        return self._write(job, _("The photo was removed."))

    def _write(self, job, done_text: str) -> BackgroundTask:
        def done(jpeg: bytes | None) -> None:
            self.message.setText(done_text)
            self._show(jpeg)

        self.task = run_in_background(job, title=_("Saving…"), session=self.session,
                                      writes=("registrant",), parent=self, on_done=done,
                                      on_error=self._refused)
        return self.task

    def _refused(self, error: Exception) -> None:
        self.message.setText(error_text(error))
