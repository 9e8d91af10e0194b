"""Keep the translation catalogs in step with the code.

    python i18n/catalogs.py update            extract messages.pot, merge into ja and en, compile
    python i18n/catalogs.py compile           compile the .mo files only
    python i18n/catalogs.py add-ja FILE.json  take Japanese translations {msgid: text} into ja

Babel's documented workflow (`pybabel extract/update/compile`), run through its Python API.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

I18N = Path(__file__).resolve().parent
ROOT = I18N.parent
LANGUAGES = ("ja", "en")
KEYWORDS = ("-k", "N_", "-k", "Nn_:1,2")


def pybabel(*arguments: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *arguments])


def po_path(language: str) -> Path:
    return I18N / language / "LC_MESSAGES" / "messages.po"


def extract(output: Path) -> None:
    os.chdir(ROOT)  # source references in the catalogs stay relative to the project
    pybabel("extract", "-F", str(I18N / "babel.cfg"), *KEYWORDS, "--sort-by-file",
            "--no-wrap", "--project", "Futasato", "--copyright-holder", "Futasato",
            "-o", str(output), "desktop_app")


def update() -> None:
    pot = I18N / "messages.pot"
    extract(pot)
    for language in LANGUAGES:
        if po_path(language).exists():
            pybabel("update", "-i", str(pot), "-d", str(I18N), "-l", language, "--no-wrap",
                    "--ignore-obsolete", "--no-fuzzy-matching")
        else:
            pybabel("init", "-i", str(pot), "-d", str(I18N), "-l", language, "--no-wrap")
    compile_catalogs()


def compile_catalogs() -> None:
    pybabel("compile", "-d", str(I18N))


def add_japanese(source: Path) -> None:
    """Fill ja msgstrs from a JSON object {msgid: text}; counted phrases go in a list under
    "plurals" as {"msgid": [singular, plural], "ja": text} (Japanese has one plural form).
    Reports msgids the catalog does not have."""
    translations = json.loads(source.read_text(encoding="utf-8"))
    plurals = translations.pop("plurals", [])
    with po_path("ja").open("rb") as handle:
        catalog = read_po(handle, locale="ja")
    unknown = []
    entries = [(msgid, text) for msgid, text in translations.items()]
    entries += [(tuple(entry["msgid"]), (entry["ja"],)) for entry in plurals]
    for msgid, text in entries:
        message = catalog.get(msgid[0] if isinstance(msgid, tuple) else msgid)
        if message is None or isinstance(message.id, tuple) != isinstance(msgid, tuple):
            unknown.append(msgid)
            continue
        message.string = text
        message.flags.discard("fuzzy")
    with po_path("ja").open("wb") as handle:
        write_po(handle, catalog, width=0, omit_header=False)
    compile_catalogs()
    for msgid in unknown:
        print(f"not in the catalog: {msgid!r}", file=sys.stderr)


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else "update"
    if action == "add-ja":
        add_japanese(Path(sys.argv[2]))
    else:
        {"update": update, "compile": compile_catalogs}[action]()
