"""The catalogs are in step with the code, every message has Japanese, and the .mo files match."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from desktop_app import i18n

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "i18n"
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def _code_msgids() -> set[str]:
    found = set()
    keywords = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT / "desktop_app", method_map=[("**.py", "python")], keywords=keywords
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _catalog(path: Path, locale: str | None = None):
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def _ids(catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_template_is_in_step_with_the_code():
    in_code = _code_msgids()
    in_template = _ids(_catalog(I18N / "messages.pot"))
    assert in_code - in_template == set(), "run: python i18n/catalogs.py update"
    assert in_template - in_code == set(), "run: python i18n/catalogs.py update"


@pytest.mark.parametrize("language", ["ja", "en"])
def test_each_catalog_holds_exactly_the_templates_messages(language):
    template = _ids(_catalog(I18N / "messages.pot"))
    assert _ids(_catalog(I18N / language / "LC_MESSAGES" / "messages.po", language)) == template


def test_every_message_has_a_japanese_translation():
    catalog = _catalog(I18N / "ja" / "LC_MESSAGES" / "messages.po", "ja")
    missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    assert missing == []


def test_translations_keep_the_placeholders():
    catalog = _catalog(I18N / "ja" / "LC_MESSAGES" / "messages.po", "ja")
    wrong = [
        m.id for m in catalog
        if m.id and isinstance(m.id, str) and m.string
        and sorted(PLACEHOLDER.findall(m.id)) != sorted(PLACEHOLDER.findall(m.string))
    ]
    assert wrong == []


def test_compiled_catalog_matches_the_po_file():
    catalog = _catalog(I18N / "ja" / "LC_MESSAGES" / "messages.po", "ja")
    compiled = gettext.translation("messages", localedir=str(I18N), languages=["ja"])
    stale = [m.id for m in catalog if m.id and isinstance(m.id, str) and m.string
             and compiled.gettext(m.id) != m.string]
    assert stale == [], "run: python i18n/catalogs.py compile"


def test_switching_language_changes_what_is_shown():
    i18n.set_language("ja")
    japanese = i18n._("The file is sound.")
    i18n.set_language("en")
    english = i18n._("The file is sound.")
    assert (japanese, english) == ("ファイルは正常です。", "The file is sound.")
