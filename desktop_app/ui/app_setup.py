"""What the QApplication needs before any window: the bundled font and Qt's own translations."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop_app import i18n, paths

# Large enough to read at a counter without leaning in.
BASE_POINT_SIZE = 11

_qt_translators: list[QTranslator] = []

# Qt's own words that the Japanese qtbase catalog PySide6 ships leaves in English (the file
# chooser's "Look in" and "Files of type", the print dialog's page set), by Qt's source text.
QT_GAPS_JA = {
    "&Look in:": "場所(&L):",
    "Files of &type:": "ファイルの種類(&T):",
    "Page &Set:": "ページセット(&S):",
}


class _QtGaps(QTranslator):
    """Fills the few gaps of qtbase_ja; every other text passes on to the shipped catalog."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        return QT_GAPS_JA.get(source)


def use_bundled_font(app: QApplication) -> str | None:
    """Make IPAex Gothic the app font, so Japanese shows as glyphs on a PC without Japanese fonts.

    The shipped name-fallback font follows it for name characters IPAex lacks (𠮷), so a name
    on screen is the name on file, not a look-alike from whatever font the PC has.
    Returns the main family name, or None when the font file could not be loaded.
    """
    families = [_load_font(name) for name in ("ipaexg.ttf", "futasato-name-fallback.ttf")]
    if not families[0]:
        return None
    font = QFont(families[0])
    font.setFamilies([family for family in families if family])
    font.setPointSize(BASE_POINT_SIZE)
    app.setFont(font)
    return families[0]


def _load_font(file_name: str) -> str | None:
    font_id = QFontDatabase.addApplicationFont(str(paths.resource("fonts", file_name)))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else None


def use_qt_language(language: str) -> bool:
    """Install the translations PySide6 ships for Qt's own texts (dialog buttons, wizard buttons).

    English needs none. Returns True when a translation is in place for `language`.
    """
    app = QCoreApplication.instance()
    for translator in _qt_translators:
        app.removeTranslator(translator)
    _qt_translators.clear()
    if language == "en":
        return True
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if not translator.load(f"qtbase_{language}", folder):
        return False
    app.installTranslator(translator)
    _qt_translators.append(translator)
    if language == "ja":
        gaps = _QtGaps(app)
        app.installTranslator(gaps)
        _qt_translators.append(gaps)
    return True


def switch_language(language: str) -> None:
    """Our messages and Qt's together; the caller then retranslates what is on screen."""
    i18n.set_language(language)
    use_qt_language(language)


# Sizes for a counter: titles that can be read from a step back, errors in a clear red.
STYLE_SHEET = """
QLabel#pageTitle { font-size: 17pt; font-weight: bold; padding: 4px 0 8px 0; }
QLabel#error { color: #b3261e; }
QListWidget#navigation { font-size: 13pt; }
QListWidget#navigation::item { padding: 10px 8px; }
QTableView { gridline-color: #d8d8d8; }
QHeaderView::section { padding: 4px 6px; }
QFrame#homeTile { background: #ffffff; border: 1px solid #c8d2de; border-radius: 4px; }
QFrame#homeTile:hover, QFrame#homeTile:focus { border: 1px solid #29619e; }
"""
