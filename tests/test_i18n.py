"""The catalogs are in step with the code, every message has Japanese, and the .mo files match."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from desktop_app import i18n
from desktop_app.domain.text import N_, Count, Nn_, render

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "i18n"
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def _code_msgids() -> set[str]:
    found = set()
    keywords = {"_": None, "N_": None, "ngettext": (1, 2), "Nn_": (1, 2),
                "pgettext": ((1, "c"), 2)}
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


def _forms(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def test_every_message_has_a_japanese_translation():
    catalog = _catalog(I18N / "ja" / "LC_MESSAGES" / "messages.po", "ja")
    missing = [m.id for m in catalog if m.id and (not all(_forms(m)) or m.fuzzy)]
    assert missing == []


def test_translations_keep_the_placeholders():
    catalog = _catalog(I18N / "ja" / "LC_MESSAGES" / "messages.po", "ja")
    wrong = [
        m.id for m in catalog if m.id and any(
            sorted(PLACEHOLDER.findall(m.id if isinstance(m.id, str) else m.id[0]))
            != sorted(PLACEHOLDER.findall(form)) for form in _forms(m) if form)
    ]
    assert wrong == []


def test_counted_phrases_are_plural_entries_with_one_japanese_form():
    japanese = _catalog(I18N / "ja" / "LC_MESSAGES" / "messages.po", "ja")
    english = _catalog(I18N / "en" / "LC_MESSAGES" / "messages.po", "en")
    assert (japanese.num_plurals, english.num_plurals) == (1, 2)
    plurals = [m for m in japanese if m.id and isinstance(m.id, tuple)]
    assert len(plurals) >= 20  # every count a clerk is shown goes through ngettext
    assert all(len(m.string) == 1 for m in plurals)


@pytest.mark.parametrize(("n", "english", "japanese"), [
    (1, "1 registrant", "1件"), (2, "2 registrants", "2件"),
    (1_000, "1,000 registrants", "1,000件"),
])
def test_a_count_takes_the_plural_form_of_its_language(n, english, japanese):
    shown = {}
    for language in ("en", "ja"):
        i18n.set_language(language)
        shown[language] = i18n.ngettext("{count} registrant", "{count} registrants",
                                        n).format(count=f"{n:,}")
    assert (shown["en"], shown["ja"]) == (english, japanese)


def test_a_deferred_count_is_rendered_in_the_plural_form_when_shown():
    i18n.set_language("en")
    one = render(N_("This register already holds {people}. Sample data only goes into an empty "
                    "register, so that it never mixes with real records."),
                 {"people": Count(1, Nn_("{n} person", "{n} people"))})
    two = render(N_("{rows} of {name} cannot be imported; nothing was saved."),
                 {"rows": Count(2, Nn_("{n} row", "{n} rows")), "name": "a.csv"})
    assert one.startswith("This register already holds 1 person.")
    assert two == "2 rows of a.csv cannot be imported; nothing was saved."
    i18n.set_language("ja")
    assert render(N_("{rows} of {name} cannot be imported; nothing was saved."),
                  {"rows": Count(1, Nn_("{n} row", "{n} rows")), "name": "a.csv"}
                  ) == "a.csv の 1行は取り込めません。何も保存していません。"


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
