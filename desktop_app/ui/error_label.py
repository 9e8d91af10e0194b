"""The red, word-wrapped line where a dialog shows why its input was refused."""

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
