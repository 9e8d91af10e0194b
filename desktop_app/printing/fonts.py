"""The shipped fonts, registered with ReportLab once, and text drawn with a fallback per character.

Two families: ゴシック (cards, labels, forms) and 明朝 (certificates, letters). Each prints with
IPAex first; a character IPAex lacks (𠮷) prints from IPAmj明朝, complete when the PC or
resources/fonts has it, otherwise from the shipped subset. A character no font has is refused
before anything is drawn (`check_printable`), so a name never prints as an empty box.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from desktop_app import paths
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.text import N_
from desktop_app.printing import line_breaking

GOTHIC = "gothic"
MINCHO = "mincho"
_PRIMARY_FILES = {GOTHIC: "ipaexg.ttf", MINCHO: "ipaexm.ttf"}
_PRIMARY_NAMES = {GOTHIC: "Futasato-Gothic", MINCHO: "Futasato-Mincho"}
FALLBACK_NAME = "Futasato-NameFallback"
SUBSET_FILE = "futasato-name-fallback.ttf"
ORIGINAL_IPAMJ = "ipamjm.ttf"

_lock = threading.Lock()


def _original_ipamj() -> Path | None:
    """The complete IPAmj明朝 when it is in resources/fonts or installed on the PC."""
    candidates = [paths.resource("fonts", ORIGINAL_IPAMJ),
                  Path("/usr/share/fonts/truetype/ipamj") / ORIGINAL_IPAMJ]
    windows = os.environ.get("WINDIR")
    if windows:
        candidates.append(Path(windows) / "Fonts" / ORIGINAL_IPAMJ)
    local = os.environ.get("LOCALAPPDATA")
    if local:
        candidates.append(Path(local) / "Microsoft" / "Windows" / "Fonts" / ORIGINAL_IPAMJ)
    if os.environ.get("FUTASATO_SHIPPED_FONTS_ONLY"):  # tests of the shipped subset itself
        candidates = []
    return next((path for path in candidates if path.is_file()), None)


def fallback_file() -> Path:
    return _original_ipamj() or paths.resource("fonts", SUBSET_FILE)


def font_files(family_name: str) -> dict[str, Path]:
    """ReportLab font name → its file, for drawing the same runs outside a PDF (an image)."""
    return {_PRIMARY_NAMES[family_name]: paths.resource("fonts", _PRIMARY_FILES[family_name]),
            FALLBACK_NAME: fallback_file()}


@dataclass(frozen=True)
class Family:
    primary: str  # ReportLab font names
    fallback: str
    primary_chars: frozenset[int]
    fallback_chars: frozenset[int]

    def font_for(self, char: str) -> str | None:
        code = ord(char)
        if code in self.primary_chars or char in "\n\r\t":
            return self.primary
        if code in self.fallback_chars:
            return self.fallback
        return None


@cache
def family(name: str) -> Family:
    """Register the family's fonts with ReportLab (once per process) and return it."""
    with _lock:
        primary = _register(_PRIMARY_NAMES[name], paths.resource("fonts", _PRIMARY_FILES[name]))
        fallback = _register(FALLBACK_NAME, fallback_file())
    return Family(_PRIMARY_NAMES[name], FALLBACK_NAME,
                  frozenset(primary.face.charToGlyph), frozenset(fallback.face.charToGlyph))


def _register(font_name: str, path: Path):
    from reportlab.pdfbase import pdfmetrics

    try:
        return pdfmetrics.getFont(font_name)
    except KeyError:
        font = _surrogate_safe_ttfont()(font_name, str(path))
        pdfmetrics.registerFont(font)
        return font


@cache
def _surrogate_safe_ttfont():
    """ReportLab's TTFont with a ToUnicode CMap that is right for characters outside the BMP.

    ReportLab writes `<07> <20BB7>` for 𠮷: five hex digits, which readers cut to U+20BB. The PDF
    reference wants the UTF-16BE code units, `<D842DFB7>`; the CMap is rewritten so that copying
    and searching names in the PDF gives back the right characters.
    """
    from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

    class SurrogateSafeTTFont(TTFont):
        def addObjects(self, doc) -> None:
            state = self.state.get(doc)
            subsets = list(state.subsets) if state else []
            super().addObjects(doc)  # forgets the document's state when done
            for number, subset in enumerate(subsets):
                if max(subset, default=0) <= 0xFFFF:
                    continue
                base = b"".join((SUBSETN(number), b"+", self.face.name,
                                 self.face.subfontNameX)).decode("pdfdoc")
                doc.idToObject["toUnicodeCMap:" + base].content = to_unicode_cmap(base, subset)

    return SurrogateSafeTTFont


def to_unicode_cmap(name: str, subset: list[int]) -> str:
    entries = [f"<{index:02X}> <{chr(code).encode('utf-16-be').hex().upper()}>"
               for index, code in enumerate(subset)]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
        f"/CMapName /{name} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(entries)} beginbfchar", *entries, "endbfchar",
        "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


def runs(text: str, family_name: str) -> list[tuple[str, str]]:
    """Split `text` into (font name, piece) runs: IPAex where it can, the fallback elsewhere."""
    fam = family(family_name)
    pieces: list[tuple[str, str]] = []
    for char in text:
        font = fam.font_for(char) or fam.primary
        if pieces and pieces[-1][0] == font:
            pieces[-1] = (font, pieces[-1][1] + char)
        else:
            pieces.append((font, char))
    return pieces


def missing_characters(text: str, family_name: str = GOTHIC) -> str:
    """The characters of `text` that no font of the family has, each once, in order."""
    fam = family(family_name)
    seen: list[str] = []
    for char in text:
        if char not in seen and fam.font_for(char) is None:
            seen.append(char)
    return "".join(seen)


def check_printable(fields: Mapping[str, str] | Iterable[tuple[str, str]],
                    family_name: str = GOTHIC, *, who: str = "") -> None:
    """Refuse, naming the field, text that would print a box; `fields`: field msgid → text."""
    items = fields.items() if isinstance(fields, Mapping) else fields
    for field_msgid, text in items:
        missing = missing_characters(text or "", family_name)
        if missing:
            codes = ", ".join(f"U+{ord(c):04X}" for c in missing)
            raise RuleRefused(
                N_("{who}'{text}': the printing fonts lack {chars} ({codes}). Install IPAmj明朝 or "
                   "add the character to the name font (resources/fonts/README.md), then print "
                   "again."),
                {"who": f"{who}: " if who else "", "text": text, "chars": missing, "codes": codes},
                field=field_msgid,
            )


def drawing(width: float, height: float, family_name: str = GOTHIC):
    """A ReportLab graphics Drawing (for charts) whose text starts in the family's embedded font:
    otherwise its renderer names Helvetica, which is never embedded."""
    from reportlab.graphics.shapes import Drawing

    chart_drawing = Drawing(width, height)
    chart_drawing.initialFontName = family(family_name).primary
    return chart_drawing


def width(text: str, family_name: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return sum(stringWidth(piece, font, size) for font, piece in runs(text, family_name))


def fitted_size(text: str, family_name: str, size: float, max_width: float,
                smallest: float = 4.0) -> float:
    """The largest size up to `size` at which `text` fits in `max_width` points."""
    needed = width(text, family_name, size)
    if needed <= max_width or needed == 0:
        return size
    return max(smallest, size * max_width / needed)


def draw(canvas, x: float, y: float, text: str, family_name: str, size: float,
         align: str = "left", max_width: float | None = None) -> float:
    """Draw one line at baseline `y`; `align` is left, center or right of `x`. Returns the size."""
    if max_width:
        size = fitted_size(text, family_name, size, max_width)
    if align != "left":
        total = width(text, family_name, size)
        x -= total / 2 if align == "center" else total
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for font, piece in runs(text, family_name):
        canvas.setFont(font, size)
        canvas.drawString(x, y, piece)
        x += stringWidth(piece, font, size)
    return size


def wrap(text: str, family_name: str, size: float, max_width: float) -> list[str]:
    """The lines `text` prints as in `max_width` points, by the rules of Japanese line breaking
    (line_breaking.py); each newline starts a paragraph. The one way printing wraps text."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    fam = family(family_name)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        widths = [stringWidth(char, fam.font_for(char) or fam.primary, size) for char in paragraph]
        lines += line_breaking.break_lines(paragraph, widths, max_width)
    return lines


def draw_paragraph(canvas, x: float, y: float, text: str, family_name: str, size: float,
                   max_width: float, leading: float) -> float:
    """Draw `text` wrapped to `max_width`, the first baseline at `y`, each next `leading` lower.
    Returns the baseline below the last line."""
    for line in wrap(text, family_name, size, max_width):
        draw(canvas, x, y, line, family_name, size)
        y -= leading
    return y
