"""Show a rendered PDF (QtPdf), print it through the system dialog (QPrinter), or save it.

The PDF arrives as bytes from a printing service; a preview is the 見本 version. Printing the real
document calls `on_print` first, so the service can record the print (and hand back the final,
unwatermarked PDF) before anything reaches the printer.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QMessageBox, QVBoxLayout

from desktop_app.i18n import _
from desktop_app.ui.freeing import delete_on_close, freed_after

PRINT_DPI = 300


def load_pdf(data: bytes, parent) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument over in-memory bytes (the buffer must live as long as the document)."""
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument(parent)
    document.load(buffer)
    return document, buffer


def print_pdf(document: QPdfDocument, printer: QPrinter) -> None:
    """Each page rendered at the printer's resolution, scaled to its page, origin at the paper's
    corner (the PDF already carries the calibration offsets)."""
    printer.setFullPage(True)
    painter = QPainter(printer)
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            size_pt = document.pagePointSize(page)
            pixels = QSize(round(size_pt.width() / 72 * PRINT_DPI),
                           round(size_pt.height() / 72 * PRINT_DPI))
            image = document.render(page, pixels)
            scale = printer.resolution() / 72
            painter.drawImage(QRectF(0, 0, size_pt.width() * scale, size_pt.height() * scale),
                              image)
    finally:
        painter.end()


class PrintPreviewDialog(QDialog):
    """The document on screen, with Print… and Save as PDF…."""

    def __init__(self, pdf: bytes, *, title: str, file_name: str = "document.pdf",
                 on_print: Callable[[int], bytes] | None = None, parent=None):
        super().__init__(parent)
        delete_on_close(self)  # shown with open(): nothing else frees it
        self.setWindowTitle(title)
        self.resize(900, 1000)
        self.pdf, self.file_name, self.on_print = pdf, file_name, on_print
        self.document, self._buffer = load_pdf(pdf, self)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self.view.setDocument(self.document)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.print_button = buttons.addButton(_("Print…"),
                                              QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button = buttons.addButton(_("Save as PDF…"),
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_document)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(buttons)

    @classmethod
    def ask_printer(cls, parent) -> QPrinter | None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        with freed_after(QPrintDialog(printer, parent)) as dialog:
            return printer if dialog.exec() == QDialog.DialogCode.Accepted else None

    @classmethod
    def ask_file(cls, parent, suggested: str) -> str:
        path, _filter = QFileDialog.getSaveFileName(parent, _("Save as PDF"), suggested,
                                                    _("PDF files (*.pdf)"))
        return path

    def _final(self, copies: int) -> bytes | None:
        if self.on_print is None:
            return self.pdf
        try:
            return self.on_print(copies)
        except Exception as error:  # a refusal from the service: shown, nothing printed
            QMessageBox.warning(self, self.windowTitle(), getattr(error, "message", str(error)))
            return None

    def print_document(self) -> None:
        printer = self.ask_printer(self)
        if printer is None:
            return
        final = self._final(max(1, printer.copyCount()))
        if final is not None:
            document, _buffer = load_pdf(final, self)
            print_pdf(document, printer)

    def save_document(self) -> None:
        path = self.ask_file(self, self.file_name)
        if not path:
            return
        final = self._final(1)
        if final is not None:
            with open(path, "wb") as handle:
                handle.write(final)
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
