"""Translations through gettext catalogs compiled by Babel. Japanese first, English second.

Modules call `_` at the moment a string is shown, so switching language takes effect at once.
"""

from __future__ import annotations

import gettext as _gettext

from desktop_app import paths
from desktop_app.domain import text as domain_text

LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "ja"

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def set_language(language: str) -> None:
    """Switch every later `_` call to `language` ('ja' or 'en')."""
    global _translation, _language
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language: {language}")
    try:
        _translation = _gettext.translation(
            "messages", localedir=str(paths.shipped("i18n")), languages=[language])
        _language = language
    except FileNotFoundError:  # a copy missing its catalogs still starts, in English, so that
        _translation = _gettext.NullTranslations()  # `futasato --self-test` can name them
        _language = "en"


def current_language() -> str:
    return _language


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _translation.pgettext(context, message)


def translate_label(marked: str) -> str:
    """Translate a message marked elsewhere with N_, such as a label looked up in a table."""
    return _translation.gettext(marked)


def N_(message: str) -> str:
    """Mark for extraction only."""
    return message


domain_text.translate = _
domain_text.translate_plural = ngettext
set_language(DEFAULT_LANGUAGE)
