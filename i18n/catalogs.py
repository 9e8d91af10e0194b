"""Keep the translation catalogs in step with the code.

    python i18n/catalogs.py update    extract messages.pot, merge into ja and en, compile
    python i18n/catalogs.py compile   compile .mo files only

Babel's documented workflow (`pybabel extract/update/compile`), run through its Python API.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

I18N = Path(__file__).resolve().parent
ROOT = I18N.parent
LANGUAGES = ("ja", "en")


def pybabel(*arguments: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *arguments])


def extract(output: Path) -> None:
    pybabel("extract", "-F", str(I18N / "babel.cfg"), "-k", "N_", "--sort-by-file",
            "--no-wrap", "--project", "Futasato", "--copyright-holder", "Futasato",
            "-o", str(output), str(ROOT / "desktop_app"))


def update() -> None:
    pot = I18N / "messages.pot"
    extract(pot)
    for language in LANGUAGES:
        po = I18N / language / "LC_MESSAGES" / "messages.po"
        if po.exists():
            pybabel("update", "-i", str(pot), "-d", str(I18N), "-l", language, "--no-wrap",
                    "--ignore-obsolete", "--no-fuzzy-matching")
        else:
            pybabel("init", "-i", str(pot), "-d", str(I18N), "-l", language, "--no-wrap")
    compile_catalogs()


def compile_catalogs() -> None:
    pybabel("compile", "-d", str(I18N))


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else "update"
    {"update": update, "compile": compile_catalogs}[action]()
