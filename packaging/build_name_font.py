"""Build resources/fonts/futasato-name-fallback.ttf: name characters IPAex lacks, from IPAmj明朝.

    python packaging/build_name_font.py [--source PATH/ipamjm.ttf] [--check]

IPAmj明朝 (IPA Font License v1.0) is 46 MB; the app needs only the few characters of people's
names that the shipped IPAex fonts do not have, so it ships a subset made here with fontTools.
The build is reproducible: the same source file (checked by SHA-256) and the same list in
packaging/fonts/name_fallback_chars.txt give a byte-identical font. `--check` rebuilds in memory
and fails when the committed font differs.

The licence (Article 3.1) requires a derived font to carry a name other than the original's, and a
way back to the original: the subset is named "Futasato Name Fallback", and the app prefers the
complete IPAmj明朝 whenever it is installed (see resources/fonts/README.md).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "resources" / "fonts"
CHAR_LIST = ROOT / "packaging" / "fonts" / "name_fallback_chars.txt"
OUTPUT = FONTS / "futasato-name-fallback.ttf"
PRIMARY = FONTS / "ipaexg.ttf"
SOURCE = Path("/usr/share/fonts/truetype/ipamj/ipamjm.ttf")  # Debian fonts-ipamj-mincho
SOURCE_SHA256 = "75268aa9ac2d92080048196af08adee37f1c286cf4b7777ed5ac3722a8737f5f"  # Ver.005.01
FAMILY = "Futasato Name Fallback"
POSTSCRIPT = "FutasatoNameFallback"


def wanted_characters() -> list[int]:
    """The listed characters that the primary font lacks, in code point order."""
    from fontTools.ttLib import TTFont

    listed = set()
    for line in CHAR_LIST.read_text(encoding="utf-8").splitlines():
        if not line.lstrip().startswith("#"):
            listed.update(ord(c) for c in line if not c.isspace())
    primary = set(TTFont(PRIMARY, lazy=True).getBestCmap())
    return sorted(listed - primary)


def build(source: Path) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    if digest != SOURCE_SHA256:
        sys.exit(f"{source}: not IPAmj明朝 Ver.005.01 (sha256 {digest}); update SOURCE_SHA256 "
                 "deliberately if the source font changed")
    options = subset.Options()
    options.layout_features = []  # names are set horizontally; no vertical or variant forms
    options.hinting = False
    options.name_IDs = [0, 7, 13, 14]  # copyright, trademark, licence: renamed below
    options.name_languages = [0, 11, 1033, 1041]
    options.notdef_outline = True
    options.recalc_timestamp = False
    font = TTFont(source, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    characters = wanted_characters()
    subsetter.populate(unicodes=characters)
    subsetter.subset(font)
    missing = [chr(c) for c in characters if c not in font.getBestCmap()]
    if missing:
        sys.exit(f"IPAmj明朝 lacks: {''.join(missing)}")
    _rename(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _rename(font) -> None:
    """Article 3.1(4): the derived font may not use the original's name."""
    names = font["name"]
    for platform, encoding, language in ((3, 1, 0x409), (1, 0, 0)):
        names.setName(FAMILY, 1, platform, encoding, language)
        names.setName("Regular", 2, platform, encoding, language)
        names.setName(f"{POSTSCRIPT}-005.01-subset", 3, platform, encoding, language)
        names.setName(FAMILY, 4, platform, encoding, language)
        names.setName("Version 005.01 subset", 5, platform, encoding, language)
        names.setName(POSTSCRIPT, 6, platform, encoding, language)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help="IPAmj明朝 ipamjm.ttf")
    parser.add_argument("--check", action="store_true", help="fail if the committed font differs")
    args = parser.parse_args()
    data = build(args.source)
    if args.check:
        same = OUTPUT.exists() and OUTPUT.read_bytes() == data
        print(f"{OUTPUT.name}: {'up to date' if same else 'DIFFERS: rebuild it'}")
        return 0 if same else 1
    OUTPUT.write_bytes(data)
    print(f"wrote {OUTPUT} ({len(data):,} bytes, {len(wanted_characters())} characters)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
