"""Opening the window: what `futasato` does when no command is given."""

from __future__ import annotations

from pathlib import Path


def open_window(database: Path | None, demo: bool, language: str | None) -> int:
    """Run the desktop app until its window closes; returns the process exit code.

    Qt is imported only here, on the way to the window, so the commands never load it.
    """
    from desktop_app.ui.application import run

    return run(database, demo, language)
