"""The one contract for long work: how a job reports progress and learns it was cancelled.

A job reports with `progress(fraction, message, params)`: `fraction` runs from 0 to 1 (a negative
number when it cannot tell), `message` is a msgid marked with `N_` (or "") that whoever shows it
renders through the catalogs with `params`, so a progress line is never shown untranslated.
Between steps the job calls `cancel.check()`, which raises `Cancelled` (the GUI's worker also
checks the flag at every progress report); a job that cancels leaves nothing changed (its
transaction rolls back).
"""

from __future__ import annotations

import threading
from typing import Protocol

from desktop_app.domain.errors import FutasatoError
from desktop_app.domain.text import N_, render


class Cancelled(FutasatoError):
    """The clerk cancelled a long job; nothing was changed."""

    exit_code = 3

    def __init__(self, msgid: str = N_("Cancelled; nothing was changed."),
                 params: dict | None = None) -> None:
        super().__init__(msgid, params)


class Progress(Protocol):
    def __call__(self, fraction: float, message: str = "", params: dict | None = None) -> None:
        ...


def no_progress(fraction: float, message: str = "", params: dict | None = None) -> None:
    """The progress of a job nobody watches (the command line, a test)."""
    return None


def progress_text(message: str, params: dict | None = None) -> str:
    """A progress message in the current language ("" stays "")."""
    return render(message, params) if message else ""


class CancelFlag:
    """Set by whoever watches the job (the progress dialog's Cancel); read by the job."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self) -> None:
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled


class _NeverCancelled(CancelFlag):
    def set(self) -> None:
        raise RuntimeError("this job offers no Cancel")


NEVER_CANCELLED: CancelFlag = _NeverCancelled()  # for callers that offer no Cancel
