"""argparse's own words (the usage line, its headings, its errors), taken from the project's
catalogs so that `futasato --help` and a mistyped command read in the clerk's language.

argparse looks each of them up through its module-level `_` and `ngettext` when it prints, so
`use_catalogs()` points those at ours. The msgids below are argparse's own (Python 3.11 to 3.13),
listed with N_ only so that the catalogs carry them.
"""

from __future__ import annotations

import argparse

from desktop_app import i18n
from desktop_app.i18n import N_

WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("ignored explicit argument %r"),
)


def use_catalogs() -> None:
    """argparse prints its words through the catalogs from now on."""
    argparse._ = i18n._
    argparse.ngettext = i18n.ngettext
