"""What printing reads from the town's settings: the office head (市長・町長) whose title and name
sign certificates, the office's contact, the stock's margins, printer offsets.

Every value has a default, so printing works on a fresh file; changing one is an audited write
for administrators, like any other setting.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.printing import fonts
from desktop_app.printing.layout import CARD_SHEET, LABEL_SHEET, Calibration, Sheet
from desktop_app.services.municipalities import look_up
from desktop_app.services.preferences import date_style
from desktop_app.services.session import Session
from desktop_app.store.database import Database

MAYOR_TITLE = "printing.mayor_title"  # empty: the town's name and 長 (石巻市長)
MAYOR_NAME = "printing.mayor_name"  # empty: certificates print the title alone
CONTACT = "printing.contact"  # the office's address and telephone, printed on cards and letters
EMBLEM = "printing.emblem"  # path of the town's emblem (PNG), optional
CARD_SHEET_KEY = "printing.card_sheet"
LABEL_SHEET_KEY = "printing.label_sheet"
CALIBRATION = "printing.calibration"  # {printer name: {"x": mm, "y": mm}}
_SHEET_FIELDS = ("margin_left", "margin_top", "cell_width", "cell_height", "gap_x", "gap_y")
TEXTS = {MAYOR_TITLE: N_("Office head's title"), MAYOR_NAME: N_("Office head's name"),
         CONTACT: N_("Office contact")}  # the settings that are a line of printed text
MAX_TEXT = 80


@dataclass(frozen=True)
class PrintSettings:
    municipality_code: str
    town: str  # 宮城県石巻市
    town_short: str  # 石巻市
    office: str
    mayor_title: str
    mayor_name: str
    contact: str
    emblem: Path | None
    date_style: str
    card_sheet: Sheet
    label_sheet: Sheet
    calibrations: dict[str, dict[str, float]]

    def calibration(self, printer: str | None) -> Calibration:
        offsets = self.calibrations.get(printer or "", self.calibrations.get("", {}))
        return Calibration(float(offsets.get("x", 0)), float(offsets.get("y", 0)))


def _sheet(base: Sheet, stored: Any) -> Sheet:
    if not isinstance(stored, dict):
        return base
    known = {f.name for f in fields(Sheet)}
    return replace(base, **{k: float(v) for k, v in stored.items() if k in known
                            and k in _SHEET_FIELDS})


def load(db: Database) -> PrintSettings:
    office = db.office.get() or {}
    code = office.get("municipality_code", "000000")
    try:
        municipality = look_up(code)
        town, short = municipality.full_name, municipality.name
    except RuleRefused:
        town = short = office.get("municipality_name", "")
    get = db.settings.get
    emblem = get(EMBLEM, "")
    return PrintSettings(
        municipality_code=code, town=town, town_short=short,
        office=office.get("office_name", ""),
        mayor_title=get(MAYOR_TITLE, "") or _head_title(short),
        mayor_name=get(MAYOR_NAME, ""),
        contact=get(CONTACT, ""),
        emblem=Path(emblem) if emblem else None,
        date_style=date_style(db),
        card_sheet=_sheet(CARD_SHEET, get(CARD_SHEET_KEY)),
        label_sheet=_sheet(LABEL_SHEET, get(LABEL_SHEET_KEY)),
        calibrations=get(CALIBRATION, {}) or {},
    )


def default_head_title(db: Database) -> str:
    """The title certificates print while none is set: the town's name and 長 (石巻市長)."""
    return _head_title(load(db).town_short)


def _head_title(town_short: str) -> str:
    return f"{town_short}長"


def change(session: Session, key: str, value: Any) -> None:
    """Store one printing setting (administrators only), audited with its old and new value."""
    session.require(Permission.CHANGE_SETTINGS)
    if key not in (MAYOR_TITLE, MAYOR_NAME, CONTACT, EMBLEM, CARD_SHEET_KEY, LABEL_SHEET_KEY):
        raise RuleRefused(N_("There is no setting called {key}."), {"key": key})
    if key in (CARD_SHEET_KEY, LABEL_SHEET_KEY):
        _check_sheet(value)
    if key in TEXTS:
        value = _checked_text(key, value)
    _store(session, key, value)


def _checked_text(key: str, value: Any) -> str:
    """A line that prints: trimmed, not too long, in characters the printing fonts have."""
    text = " ".join(str(value or "").split("\n")).strip()
    if len(text) > MAX_TEXT:
        raise RuleRefused(N_("At most {count} characters."), {"count": MAX_TEXT},
                          field=TEXTS[key])
    fonts.check_printable([(TEXTS[key], text)], fonts.MINCHO)
    return text


def set_calibration(session: Session, printer: str, x: float, y: float) -> None:
    """A printer's offsets in millimetres (right and down are positive); '' is the default."""
    session.require(Permission.CHANGE_SETTINGS)
    for value in (x, y):
        if not -20 <= value <= 20:
            raise RuleRefused(N_("An offset is between -20 and 20 mm."),
                              field=N_("Calibration"))
    offsets = dict(session.db.settings.get(CALIBRATION, {}) or {})
    offsets[printer] = {"x": round(x, 2), "y": round(y, 2)}
    _store(session, CALIBRATION, offsets)


def _check_sheet(value: Any) -> None:
    if not isinstance(value, dict) or any(
            key not in _SHEET_FIELDS or not isinstance(number, int | float) or not
            0 <= number <= 300 for key, number in value.items()):
        raise RuleRefused(N_("A sheet setting holds margins and sizes in millimetres."),
                          field=N_("Sheet"))


def _store(session: Session, key: str, value: Any) -> None:
    before = session.db.settings.get(key)
    with session.write("setting.change", "setting") as change_:
        session.db.settings.put(key, value)
        change_.entity_id = key
        change_.before, change_.after = {"value": before}, {"value": value}
