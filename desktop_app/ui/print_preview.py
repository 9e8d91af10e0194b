"""Show a rendered PDF (QtPdf), print it through the system dialog (QPrinter), or save it.

The PDF arrives as bytes from a printing service; a preview is the 見本 version. Printing or
saving the real document first runs `on_print(session, copies)` on the worker, so the service can
record the print (and hand back the final, unwatermarked PDF) before anything reaches the printer.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QMessageBox, QVBoxLayout

from desktop_app.i18n import _
from desktop_app.services.session import Session
from desktop_app.ui.background import BackgroundTask, run_in_background
from desktop_app.ui.error_label import error_text
from desktop_app.ui.freeing import delete_on_close, freed_after

# The final document for `copies` copies, built on the worker (and recorded as printed there).
FinalDocument = Callable[[Session, int], bytes]

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
    """The document on screen, with Print… and Save as PDF….

    Without `on_print` the document shown is already the final one. `finalised` is emitted when
    the final document has been printed or saved.
    """

    finalised = Signal()

    def __init__(self, pdf: bytes, *, title: str, file_name: str = "document.pdf",
                 session: Session | None = None, on_print: FinalDocument | None = None,
                 writes: Collection[str] = (), parent=None):
        super().__init__(parent)
        delete_on_close(self)  # shown with open(): nothing else frees it
        self.setWindowTitle(title)
        self._fit_screen()
        self.pdf, self.file_name, self.on_print = pdf, file_name, on_print
        self.session, self.writes = session, tuple(writes)
        self.task: BackgroundTask | None = None
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
        # Ctrl+P and Ctrl+S, shown on the buttons. The text first: setting a button's text
        # replaces its shortcut with the text's mnemonic.
        for button, key in ((self.print_button, QKeySequence.StandardKey.Print),
                            (self.save_button, QKeySequence.StandardKey.Save)):
            keys = QKeySequence(key)
            button.setText(f"{button.text()} "
                           f"({keys.toString(QKeySequence.SequenceFormat.NativeText)})")
            button.setShortcut(keys)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_document)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(buttons)

    def _fit_screen(self) -> None:
        """A page tall on the screen it opens on (768 pixels at many counters), never taller:
        the view shrinks and the buttons below it stay in sight."""
        screen = (self.parent().screen() if self.parent() is not None else self.screen())
        space = screen.availableGeometry()
        height = min(1000, space.height() - 60)  # room for the title bar
        self.resize(min(900, space.width() - 40, round(height * 0.8)), height)
        self.setMaximumHeight(space.height())

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

    def _final(self, worker: Session | None, copies: int) -> bytes:
        return self.pdf if self.on_print is None else self.on_print(worker, copies)

    def _run(self, job: Callable[[Session | None], object],
             deliver: Callable[[object], None]) -> None:
        """The final document's work on the worker; a refusal is shown and nothing printed."""
        def done(result: object) -> None:
            deliver(result)
            self.finalised.emit()

        self.task = run_in_background(
            lambda worker, _progress, _cancel: job(worker), title=_("Preparing the document…"),
            session=self.session, writes=self.writes if self.on_print else (), parent=self,
            on_done=done, on_error=lambda error: QMessageBox.warning(
                self, self.windowTitle(), error_text(error)))

    def print_document(self) -> None:
        printer = self.ask_printer(self)
        if printer is None:
            return
        copies = max(1, printer.copyCount())

        def to_printer(final: object) -> None:
            document, _buffer = load_pdf(final, self)
            print_pdf(document, printer)

        self._run(lambda worker: self._final(worker, copies), to_printer)

    def save_document(self) -> None:
        path = self.ask_file(self, self.file_name)
        if not path:
            return
        self._run(lambda worker: Path(path).write_bytes(self._final(worker, 1)),
                  lambda _size: self.view.setFocus(Qt.FocusReason.OtherFocusReason))


def open_when_drawn(parent, session: Session, render: Callable[[Session], bytes], *, title: str,
                    file_name: str, on_print: FinalDocument | None,
                    final_writes: Collection[str] = (),
                    on_open: Callable[[PrintPreviewDialog], None] = lambda _preview: None,
                    on_error: Callable[[Exception], None]) -> BackgroundTask:
    """Draw the preview on the worker, then open it in the preview dialog; printing it runs
    `on_print` on the worker too, which changes `final_writes`."""
    def done(pdf: object) -> None:
        preview = PrintPreviewDialog(pdf, title=title, file_name=file_name, session=session,
                                     on_print=on_print, writes=final_writes, parent=parent)
        preview.open()
        on_open(preview)

    return run_in_background(lambda worker, _progress, _cancel: render(worker),
                             title=_("Preparing the document…"), session=session,
                             parent=parent, on_done=done, on_error=on_error)
