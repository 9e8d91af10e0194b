"""The red, word-wrapped line where a dialog shows why its input was refused, the one way a
page's status line shows a result or, in red, a refusal, and the words a failed job shows."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def error_label(*, hidden: bool = True) -> QLabel:
    """A label styled by the app's `QLabel#error` rule; hidden until there is a refusal."""
    label = QLabel()
    label.setObjectName("error")
    label.setWordWrap(True)
    if hidden:
        label.hide()
    return label


REFUSAL_STYLE = "color: #b00020; font-weight: bold;"


def show_status(label: QLabel, text: str, *, error: bool = False) -> None:
    """A page's status line: the result of the last action, or in red why it was refused."""
    label.setText(text)
    label.setStyleSheet(REFUSAL_STYLE if error else "")


def error_text(error: Exception) -> str:
    """What a failed job tells the clerk: a refusal's own message, else the exception's text."""
    return getattr(error, "message", str(error))
