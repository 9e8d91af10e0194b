"""End to end: three towns with sample data export their returns with rows, the prefecture
trusts their keys and imports them, and its report adds up the towns' own figures."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.domain.quarters import FiscalQuarter
from tests.conftest import ADMIN_PASSWORD

TOWNS = ("042021", "041009", "042030")
QUARTER = str(FiscalQuarter.of(date.today()).previous())  # the last quarter that is over


def _futasato(db: Path, *args) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(["--lang", "en", "--db", str(db), *map(str, args)])
    return code, out.getvalue()


@pytest.fixture(scope="module")
def exchange(tmp_path_factory):
    """The prefecture's file, the three towns' files and the packages on the stick."""
    folder = tmp_path_factory.mktemp("exchange")
    usb = folder / "usb"
    usb.mkdir()
    pref = folder / "pref.sqlite"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FUTASATO_CLERK", "admin")
        patch.setenv("FUTASATO_PASSWORD", ADMIN_PASSWORD)
        assert _futasato(pref, "prefecture", "init", "--municipality-code", "040002",
                         "--office", "宮城県", "--admin", "admin")[0] == 0
        assert _futasato(pref, "keys", "export", "--out", folder / "pref.pem")[0] == 0
        shown = {}
        for number, code in enumerate(TOWNS, start=1):
            town = folder / f"{code}.sqlite"
            for args in (("init", "--municipality-code", code, "--office", f"町 {code}",
                          "--admin", "admin"),
                         ("demo", "--registrants", 30, "--seed", number),
                         ("keys", "import-prefecture", folder / "pref.pem"),
                         ("return", "export", "--quarter", QUARTER, "--out", usb,
                          "--with-rows"),
                         ("keys", "export", "--for", "exchange", "--out",
                          folder / f"{code}.pem")):
                assert _futasato(town, *args)[0] == 0, args
            _code, out = _futasato(town, "return", "show", "--quarter", QUARTER, "--json")
            shown[code] = json.loads(out)
            assert _futasato(pref, "keys", "trust", folder / f"{code}.pem",
                             "--municipality-code", code)[0] == 0
        yield {"folder": folder, "usb": usb, "pref": pref, "shown": shown,
               "packages": sorted(usb.glob("*.zip")), "patch": patch}


def test_three_towns_imported_and_the_report_is_the_sum_of_their_own_figures(exchange):
    pref, packages = exchange["pref"], exchange["packages"]
    assert [p.name for p in packages] == sorted(f"{code}_{QUARTER}_v1.zip" for code in TOWNS)
    code, out = _futasato(pref, "prefecture", "import", *packages)
    assert code == 0
    assert out.splitlines() == [f"{p.name}: imported" for p in packages]
    report = exchange["folder"] / "report.csv"
    assert _futasato(pref, "prefecture", "report", "--quarter", QUARTER, "--out", report)[0] == 0
    assert report.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(report.read_text(encoding="utf-8-sig"))))
    assert [row["municipality_code"] for row in rows] == [*sorted(TOWNS), "total"]
    shown = exchange["shown"]
    keys = set().union(*shown.values())
    assert set(rows[-1]) == {"municipality_code"} | keys
    for key in keys:
        assert int(rows[-1][key]) == sum(figures[key] for figures in shown.values()), key
    for row in rows[:-1]:
        assert {key: int(row[key]) for key in keys} == shown[row["municipality_code"]]
    assert sum(shown[code]["registrants_end"] for code in TOWNS) > 0  # a sum that can fail

    code, out = _futasato(pref, "prefecture", "status", "--quarter", QUARTER, "--json")
    towns = json.loads(out)["towns"]
    assert [(t["municipality_code"], t["versions"], t["reported"]) for t in towns] == [
        (code, [1], True) for code in sorted(TOWNS)]


def test_the_same_packages_again_change_nothing_and_a_spoilt_one_exits_4(exchange, tmp_path):
    pref, packages = exchange["pref"], exchange["packages"]
    _futasato(pref, "prefecture", "import", *packages)
    before = _counts(pref)
    code, out = _futasato(pref, "prefecture", "import", *packages)
    assert code == 0 and all(": already imported" in line for line in out.splitlines())
    assert _counts(pref) == {**before, "audit": before["audit"] + 1}  # the sign-in's row only
    assert _last_actions(pref, 1) == ["sign_in.ok"]
    spoilt = tmp_path / packages[0].name
    shutil.copyfile(packages[0], spoilt)
    shutil.copyfile(f"{packages[0]}.sig", f"{spoilt}.sig")
    data = bytearray(spoilt.read_bytes())
    data[100] ^= 0xFF
    spoilt.write_bytes(bytes(data))
    code, out = _futasato(pref, "prefecture", "import", spoilt, packages[1])
    assert code == 4
    first, second = out.splitlines()
    assert first.startswith(f"{spoilt.name}: refused — The signature")
    assert second == f"{packages[1].name}: already imported — This package was imported " \
                     "before; nothing was changed."
    assert _counts(pref) == {**before, "audit": before["audit"] + 3}
    assert _last_actions(pref, 2) == ["sign_in.ok", "prefecture.import_refused"]


def test_the_report_as_xlsx_and_pdf(exchange):
    from openpyxl import load_workbook

    pref, folder = exchange["pref"], exchange["folder"]
    _futasato(pref, "prefecture", "import", *exchange["packages"])
    xlsx, pdf = folder / "report.xlsx", folder / "report.pdf"
    for out in (xlsx, pdf):
        assert _futasato(pref, "prefecture", "report", "--quarter", QUARTER, "--out", out)[0] == 0
    sheet = load_workbook(xlsx).active
    values = list(sheet.values)
    assert values[0][0] == "municipality_code" and values[-1][0] == "total"
    assert [row[0] for row in values[1:-1]] == sorted(TOWNS)
    total = dict(zip(values[0], values[-1], strict=True))
    assert total["registrants_end"] == sum(
        figures["registrants_end"] for figures in exchange["shown"].values())
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "四半期報告 集計" in text and "報告済み 3 団体" in text and "町 042021" in text


def _last_actions(path: Path, count: int) -> list[str]:
    from desktop_app.store.database import Database

    db = Database(path)
    try:
        rows = db.execute("SELECT action FROM audit ORDER BY id DESC LIMIT ?", (count,))
        return [row[0] for row in rows][::-1]
    finally:
        db.close()


def _counts(path: Path) -> dict[str, int]:
    from desktop_app.store.database import Database

    db = Database(path)
    try:
        return db.table_counts()
    finally:
        db.close()
