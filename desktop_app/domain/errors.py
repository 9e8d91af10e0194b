"""Errors that carry what a clerk needs to fix the input."""

from __future__ import annotations

from desktop_app.domain.text import N_, render


class FutasatoError(Exception):
    """Base of the app's own errors; the message is translated when read.

    The command line exits with `exit_code`, always one of 2, 3, 4, 5: a refusal unless a
    subclass says it is a forgery (4) or a permission (5).
    """

    exit_code = 3

    def __init__(self, msgid: str, params: dict | None = None, *, field: str | None = None,
                 row: int | None = None):
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params or {}
        self.field = field
        self.row = row

    @property
    def message(self) -> str:
        """The message in the current language, naming the row and field when known."""
        text = render(self.msgid, self.params)
        where = []
        if self.row is not None:
            where.append(render(N_("row {row}"), {"row": self.row}))
        if self.field:
            where.append(render(self.field))
        return f"{' '.join(where)}: {text}" if where else text

    def __str__(self) -> str:
        return self.message


class RuleRefused(FutasatoError):
    """Input or a rule refused the action (validation, overlap, already redeemed…)."""

    exit_code = 3


class NotGenuine(FutasatoError):
    """A package or card failed verification."""

    exit_code = 4


class PermissionDenied(FutasatoError):
    """The clerk's role does not allow the action."""

    exit_code = 5
