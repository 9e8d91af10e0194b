"""The one refusal of a package: not genuine, with the reason (exit 4)."""

from __future__ import annotations

from desktop_app.domain.errors import NotGenuine


class PackageRefused(NotGenuine):
    """A package, its signature or its manifest failed a check; the message names which."""
