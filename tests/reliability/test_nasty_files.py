"""Bad input, hand-made: nasty ledgers, workbooks and packages fed to the commands a town runs.

Each file is built at test time (tests/reliability/nasty/) and given to the real CLI: in this
process through `cli.main` for the many small cases, in a subprocess (`run_cli`) for the ones
that could take the machine down if a cap failed (zip bombs). The rule for every one: no
traceback or "unexpected error", a non-zero exit with a message saying what was wrong (row and
field for a ledger, the entry's name for a package), the database as it was (registrants and
the audit chain's tip; a prefecture keeps one audit row of the refusal, by design) and no file
written anywhere. `FUTASATO_CAMPAIGN=full` adds the biggest files.
"""

from __future__ import annotations

import csv
import json
import random
import re
import shutil
import sqlite3
import stat
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from openpyxl import load_workbook

from desktop_app import cli
from desktop_app.domain.application import Application, check_application
from desktop_app.domain.errors import RuleRefused
from desktop_app.services.exchange_keys import unlock_exchange_key
from desktop_app.services.ledger_files import read_ledger
from desktop_app.services.office_setup import set_up_office
from desktop_app.services.sign_in import sign_in
from desktop_app.store.database import Database
from tests.conftest import ADMIN_PASSWORD
from tests.prefecture_helpers import contents as prefecture_contents
from tests.prefecture_helpers import town_key as prefecture_town_key
from tests.prefecture_helpers import trust as prefecture_trust
from tests.reliability.conftest import FULL, run_cli
from tests.reliability.nasty import ledgers, packages, workbooks
from tests.reliability.nasty.zips import Entry, bomb, plain, zip_bytes
from tests.return_helpers import make_town
from tests.sync_helpers import paired_counters

EXIT_REFUSED, EXIT_NOT_GENUINE = 3, 4


@dataclass(frozen=True)
class Outcome:
    code: int
    text: str


@pytest.fixture(scope="module")
def town_template(tmp_path_factory) -> Path:
    return make_town(tmp_path_factory.mktemp("nasty-town") / "town.sqlite", people=5)


@pytest.fixture
def town(town_template, tmp_path) -> Path:
    office = tmp_path / "office"
    office.mkdir()
    shutil.copyfile(town_template, office / "town.sqlite")
    return office / "town.sqlite"


@pytest.fixture
def cli_main(monkeypatch, capsys):
    """The CLI in this process, as the clerk `admin`, in English."""
    monkeypatch.setenv("FUTASATO_CLERK", "admin")
    monkeypatch.setenv("FUTASATO_PASSWORD", ADMIN_PASSWORD)

    def run(db: Path, *args: str) -> Outcome:
        code = cli.main(["--lang", "en", "--db", str(db), *args])
        captured = capsys.readouterr()
        return Outcome(code, captured.out + captured.err)
    return run


# Every command signs the clerk in, and that is audited; a prefecture also audits a refusal.
SIGN_IN = "sign_in.ok"


def state(db: Path) -> tuple:
    """What must not move: the registrants, and the audit chain but for sign-ins."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        people = connection.execute("SELECT count(*), group_concat(uuid) FROM registrants")
        audit = connection.execute("SELECT id, hash FROM audit WHERE action <> ? ORDER BY id",
                                   (SIGN_IN,))
        return people.fetchone(), audit.fetchall()


def files(folder: Path) -> set[Path]:
    """Every file under `folder` but the database's own journal files."""
    return {path for path in folder.rglob("*")
            if path.is_file() and not path.name.endswith(("-wal", "-shm", "-journal"))}


def assert_refused(outcome: Outcome, code: int, *says: str) -> None:
    assert outcome.code == code, outcome.text
    for marker in ("Traceback", "unexpected error"):
        assert marker not in outcome.text, outcome.text
    for words in says:
        assert words in outcome.text, outcome.text


def assert_import_refused(run, town: Path, data: bytes, name: str, *says: str,
                          args: tuple[str, ...] = ()) -> Outcome:
    """`registrants import` of the file refuses it, naming what is wrong; nothing changes."""
    ledger = town.parent.parent / "stick" / name
    ledger.parent.mkdir(exist_ok=True)
    ledger.write_bytes(data)
    before, present = state(town), files(town.parent.parent)
    outcome = run(town, "registrants", "import", str(ledger), *args)
    assert_refused(outcome, EXIT_REFUSED, *says)
    assert state(town) == before
    assert files(town.parent.parent) == present
    return outcome


# --- ledgers: encodings -------------------------------------------------------------------------

def test_the_good_ledger_imports_in_each_encoding_a_town_uses(town, cli_main, tmp_path):
    """The control case: the corpus's people come in from UTF-8, UTF-8 with a BOM and CP932."""
    for encoding in ("utf-8", "utf-8-sig", "cp932"):
        path = tmp_path / f"good-{encoding}.csv"
        path.write_bytes(ledgers.encoded(encoding))
        outcome = cli_main(town, "registrants", "import", str(path), "--dry-run")
        assert outcome.code == 0, outcome.text
        assert "3 rows, 3 ready to import, 0 with problems" in outcome.text


@pytest.mark.parametrize("encoding", ["euc-jp", "utf-16", "utf-16-le", "utf-16-be"])
def test_a_ledger_in_an_encoding_excel_does_not_write_is_refused(town, cli_main, encoding):
    assert_import_refused(cli_main, town, ledgers.encoded(encoding), f"{encoding}.csv",
                          "is neither UTF-8 nor Shift_JIS (CP932)", "Save it from Excel")


# --- ledgers: stray bytes, joined files, broken quoting -----------------------------------------

def test_a_bom_in_the_middle_of_the_file_names_its_row(town, cli_main):
    assert_import_refused(cli_main, town, ledgers.bom_before_row(3), "bom.csv",
                          "row 3, 氏 (Family name)", "U+FEFF")


def test_two_ledgers_joined_into_one_name_the_second_header_row(town, cli_main):
    assert_import_refused(cli_main, town, ledgers.two_files_joined(), "joined.csv",
                          "row 3, 氏 (Family name)", "U+FEFF", "'区分' is not a kind")


@pytest.mark.parametrize(("header", "field", "value"), [
    ("名", "Given name", "花\x00子"), ("住所", "Address", "宮城県仙台市\x00青葉区"),
    ("メールアドレス", "E-mail", "a\x00@example.jp"), ("氏", "Family name", "山\x1b[2J田")])
def test_a_control_character_in_a_cell_names_row_and_field(town, cli_main, header, field,
                                                           value):
    outcome = assert_import_refused(cli_main, town, ledgers.with_cell(3, header, value),
                                    "control.csv", f"row 3, {header} ({field})")
    assert "U+00" in outcome.text


def test_the_counter_refuses_the_same_characters_typed_or_pasted():
    """One rule for the window and the ledger: it lives in the application check."""
    typed = Application(family_name="山田", family_kana="ヤマダ", birth_date="1980-04-01",
                        kind="furusato", address="青葉区\ufeff一番町")
    with pytest.raises(RuleRefused) as refused:
        check_application(typed, date(2026, 12, 3))
    assert refused.value.field == "Address" and refused.value.params == {"code": "FEFF"}


def test_mixed_line_ends_are_read_as_the_rows_they_are(town, cli_main, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(ledgers.mixed_line_ends())
    outcome = cli_main(town, "registrants", "import", str(path), "--dry-run")
    assert outcome.code == 0, outcome.text
    assert "3 rows, 3 ready to import" in outcome.text


@pytest.mark.parametrize("row", [2, 4])
def test_an_unterminated_quote_names_the_row_it_opens_in(town, cli_main, row):
    assert_import_refused(cli_main, town, ledgers.unterminated_quote(row), "quote.csv",
                          f"Row {row} opens a quote", "never closed")


def test_an_unterminated_quote_is_refused_even_when_skipping_bad_rows(town, cli_main):
    """Skipping bad rows must not quietly drop the rows an open quote swallowed."""
    assert_import_refused(cli_main, town, ledgers.unterminated_quote(3), "quote.csv",
                          "Row 3 opens a quote", args=("--skip-bad-rows",))


# --- ledgers: sizes -----------------------------------------------------------------------------

def test_a_one_megabyte_cell_is_refused_naming_its_row(town, cli_main):
    assert_import_refused(cli_main, town, ledgers.with_cell(3, "住所", "あ" * (1 << 20)),
                          "big-cell.csv", "Row 3 holds a cell of more than 131,072 characters")


def test_a_cell_longer_than_excel_allows_names_row_and_column(town, cli_main):
    assert_import_refused(cli_main, town, ledgers.with_cell(4, "住所", "い" * 40_000),
                          "long-cell.csv", "Row 4, 住所: the cell holds 40,000 characters",
                          "at most 32,767")


def test_a_hundred_thousand_columns(town, cli_main, tmp_path):
    """Extra columns are left unmapped; the file's people are read all the same."""
    path = tmp_path / "wide.csv"
    path.write_bytes(ledgers.many_columns(100_000))
    outcome = cli_main(town, "registrants", "import", str(path), "--dry-run")
    assert outcome.code == 0, outcome.text
    assert "1 row, 1 ready to import" in outcome.text


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_ledger_file_of_gigabytes_is_refused_before_it_is_read(town, cli_main, tmp_path,
                                                                 suffix):
    """A sparse 5 GB file: no disk used, and nothing is read into memory."""
    path = tmp_path / f"huge.{suffix}"
    with path.open("wb") as file:
        file.truncate(5 << 30)
    before = state(town)
    assert_refused(cli_main(town, "registrants", "import", str(path)), EXIT_REFUSED,
                   f"The file huge.{suffix} is larger than 1,073,741,824 bytes")
    assert state(town) == before


@pytest.mark.parametrize("rows", [100_000, 1_000_000] if FULL else [100_000])
def test_rows_of_nothing_are_refused_as_holding_no_person(town, cli_main, rows):
    assert_import_refused(cli_main, town, ledgers.empty_rows(rows), "empty.csv",
                          "has no row that can be imported")


# --- workbooks ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "data"), [
    ("not-a-zip.xlsx", b"\x00\x01 this was never a workbook"),
    ("renamed.xlsx", ledgers.encoded("utf-8")),
    ("truncated.xlsx", workbooks.truncated()),
    ("lying-size.xlsx", workbooks.lying_size(64)),
    ("plain-zip.xlsx", zip_bytes([plain("notes.txt", b"hello")])),
    ("broken-sheet.xlsx", workbooks.broken_sheet()),
])
def test_a_workbook_that_is_not_one_is_refused_by_name(town, cli_main, name, data):
    assert_import_refused(cli_main, town, data, name,
                          f"The file {name} is not an Excel workbook that can be read")


def subprocess_cli(db: Path, *args: str) -> Outcome:
    """The CLI in its own process: a cap that failed would exhaust that process, not pytest."""
    done = run_cli(db, *args, timeout=60)
    return Outcome(done.returncode, done.stdout + done.stderr)


@pytest.mark.parametrize("size", [3 << 30] + ([(4 << 30) - (1 << 20)] if FULL else []))
def test_a_workbook_whose_sheet_inflates_to_gigabytes_is_refused_before_inflating(town, size):
    assert_import_refused(subprocess_cli, town, workbooks.sheet_bomb(size), "bomb.xlsx",
                                    f"bomb.xlsx would unpack to {size // 10 ** 9},",
                                    "at most 1,073,741,824")


def test_a_workbook_part_that_expands_a_thousand_times_is_refused(town):
    """Under the total cap, but a ratio no ledger has: refused from the directory too."""
    assert_import_refused(subprocess_cli, town, workbooks.sheet_bomb(200 << 20), "ratio.xlsx",
                          "ratio.xlsx holds a part (xl/worksheets/sheet1.xml)",
                          "expand at most 250 times")


def test_a_workbook_with_macros_and_external_links_gives_only_its_cached_values(town, cli_main,
                                                                               tmp_path):
    """The importer reads what Excel last showed; no macro runs, no link is followed, and a
    formula's text never becomes a name."""
    rows = [list(person) for person in ledgers.PEOPLE]
    rows[0][0] = ('HYPERLINK("http://example.invalid/x","山田")', "山田")
    rows[1][7] = ("'file:///\\\\attacker\\share\\[secrets.xlsx]Sheet1'!A1", "宮城県仙台市青葉区1-1")
    path = tmp_path / "macros.xlsm"
    path.write_bytes(workbooks.workbook(rows, macros=True, external_link=True))
    outcome = cli_main(town, "registrants", "import", str(path))
    assert outcome.code == 0, outcome.text
    with sqlite3.connect(town) as connection:
        names = {row[0] for row in connection.execute("SELECT family_name FROM registrants")}
        addresses = "".join(row[0] for row in connection.execute(
            "SELECT prefecture || city || address FROM registrants"))
    assert {"山田", "田中", "鈴木"} <= names
    assert "HYPERLINK" not in "".join(names) and "secrets" not in addresses


# --- formulas: nothing a spreadsheet would run leaves the office ---------------------------------

# What a spreadsheet runs or evaluates when a cell starts with it (OWASP's list).
LIVE_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The one formula exports write on purpose: ="0312345678", a constant keeping a leading zero.
KEPT_ZEROS = re.compile(r'="[0-9]*"')
POISON = {  # person id → values a registrant's record may hold (typed before the checks,
    2: {"family_name": '=HYPERLINK("http://x","y")', "given_name": "+cmd",  # or came by sync)
        "prefecture": "", "city": "", "address": "-1+1", "email": "@SUM(1)"},
    5: {"family_name": "\t=1+1", "given_name": "\r=2+2", "prefecture": "", "city": "",
        "address": "@SUM(1)", "email": "-2+3@example.jp"},
}


@pytest.fixture
def poisoned(town) -> Path:
    with sqlite3.connect(town) as connection:
        for person, values in POISON.items():
            connection.execute(f"UPDATE registrants SET {', '.join(f'{k} = ?' for k in values)}"
                               ", consent_newsletter = 1 WHERE id = ?", (*values.values(), person))
    return town


def assert_no_live_csv_cell(path: Path, encoding: str = "utf-8-sig") -> list[list[str]]:
    with path.open(encoding=encoding, newline="") as handle:
        rows = list(csv.reader(handle))
    live = [cell for row in rows for cell in row
            if cell.startswith(LIVE_STARTS) and not KEPT_ZEROS.fullmatch(cell)]
    assert not live, live
    return rows


def assert_no_formula_in_workbook(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name)
                assert b"<f>" not in xml and b"<f " not in xml, name


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp932"])
def test_the_register_exported_as_csv_runs_no_formula(poisoned, cli_main, tmp_path, encoding):
    out, present = tmp_path / f"register-{encoding}.csv", files(tmp_path)
    outcome = cli_main(poisoned, "registrants", "export", "--out", str(out), "--encoding",
                       encoding)
    assert outcome.code == 0, outcome.text
    assert files(tmp_path) == present | {out}  # no temporary file left, nothing elsewhere
    cells = {cell for row in assert_no_live_csv_cell(out, encoding) for cell in row}
    assert {"'=HYPERLINK(\"http://x\",\"y\")", "'+cmd", "'-1+1", "'@SUM(1)", "'\t=1+1"} <= cells


def test_the_register_exported_as_a_workbook_holds_text_never_a_formula(poisoned, cli_main,
                                                                      tmp_path):
    out, present = tmp_path / "register.xlsx", files(tmp_path)
    outcome = cli_main(poisoned, "registrants", "export", "--out", str(out))
    assert outcome.code == 0, outcome.text
    assert files(tmp_path) == present | {out}
    assert_no_formula_in_workbook(out)
    sheet = load_workbook(out).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value]
    assert {cell.data_type for cell in cells} <= {"s", "d", "n"}
    assert '=HYPERLINK("http://x","y")' in {cell.value for cell in cells}


def test_a_register_exported_with_formulas_comes_back_as_the_same_text(poisoned, cli_main,
                                                                      tmp_path):
    """The export's protection is undone on import: the values a person has are kept."""
    out = tmp_path / "register.csv"
    assert cli_main(poisoned, "registrants", "export", "--out", str(out)).code == 0
    table = read_ledger(out)
    values = {value for _row, cells in table.rows for value in cells}
    assert {'=HYPERLINK("http://x","y")', "+cmd", "-1+1", "\t=1+1", "\r=2+2"} <= values


def test_the_information_e_mails_run_no_formula(poisoned, cli_main, tmp_path):
    out = tmp_path / "emails.csv"
    with sqlite3.connect(poisoned) as connection:
        numbers = [row[0] for row in connection.execute(
            "SELECT registrant_no FROM registrants WHERE id IN (2, 5)")]
    outcome = cli_main(poisoned, "print", "emails", "--out", str(out),
                       *(arg for number in numbers for arg in ("--registrant", number)))
    assert outcome.code == 0, outcome.text
    rows = assert_no_live_csv_cell(out)
    assert len(rows) == 3 and "'-2+3@example.jp" in {cell for row in rows for cell in row}


# --- a town's return at the prefecture ----------------------------------------------------------

REFUSAL = "prefecture.import_refused"
PACKAGE = "042021_2025Q1_v1"


@pytest.fixture(scope="module")
def trusting_template(prefecture_template, tmp_path_factory) -> Path:
    """The prefecture's file, trusting town key 1 for 石巻市 (042021)."""
    path = tmp_path_factory.mktemp("nasty-prefecture") / "pref.sqlite"
    shutil.copyfile(prefecture_template, path)
    db = Database(path)
    try:
        prefecture_trust(sign_in(db, "admin", ADMIN_PASSWORD), prefecture_town_key(1), "042021")
    finally:
        db.close()
    return path


@pytest.fixture
def trusting(trusting_template, tmp_path) -> Path:
    folder = tmp_path / "prefecture"
    folder.mkdir()
    shutil.copyfile(trusting_template, folder / "pref.sqlite")
    return folder / "pref.sqlite"


def audit_since(db: Path, after: int) -> list[str]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        return [row[0] for row in connection.execute(
            "SELECT action FROM audit WHERE id > ? ORDER BY id", (after,))]


def last_audit(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        return connection.execute("SELECT max(id) FROM audit").fetchone()[0]


def assert_return_refused(run, pref: Path, data: bytes, *says: str) -> Outcome:
    """`prefecture import` refuses the signed package, naming what is wrong; every table is as
    it was but the audit trail, which gains the sign-in and one row naming the refusal."""
    stick = pref.parent / "stick"
    path = packages.signed(stick, PACKAGE, data, prefecture_town_key(1).sign)
    before, present, tip = prefecture_contents(pref), files(pref.parent), last_audit(pref)
    outcome = run(pref, "prefecture", "import", str(path))
    assert_refused(outcome, EXIT_NOT_GENUINE, f"{path.name}: refused", *says)
    assert prefecture_contents(pref) == before
    assert files(pref.parent) == present
    assert set(audit_since(pref, tip)) == {SIGN_IN, REFUSAL}
    return outcome


def test_the_honest_package_is_imported(trusting, cli_main, tmp_path):
    """The control case: the corpus's builders make a package the prefecture takes."""
    path = packages.signed(tmp_path / "stick", PACKAGE, packages.return_zip(),
                           prefecture_town_key(1).sign)
    outcome = cli_main(trusting, "prefecture", "import", str(path))
    assert outcome.code == 0, outcome.text
    assert f"{path.name}: imported" in outcome.text


TRAVERSALS = ["../x", "/tmp/x", "..\\x", "C:\\Windows\\x", "sub/x.csv", "x\x00.csv"]
if FULL:
    TRAVERSALS += ["../../etc/cron.d/x", "/etc/passwd", "C:x", ".hidden", "ｘ.csv", "\\\\srv\\x",
                   "x/../../y", "./x"]


@pytest.mark.parametrize("name", TRAVERSALS)
def test_a_member_named_outside_the_folder_is_refused_by_its_name(trusting, cli_main, name):
    outcome = assert_return_refused(cli_main, trusting, packages.traversal(name),
                                    "a package holds plain file names only")
    assert repr(name) in outcome.text
    assert not (trusting.parent / "x").exists() and not Path("/tmp/x").exists()


@pytest.mark.parametrize(("data", "says"), [
    (packages.symlink(), "notes.txt in the zip is not a plain file (a link or a folder)"),
    (packages.twin(), "The zip holds figures.json twice"),
    (packages.manifest_size_lies(), "figures.json is 37 bytes in the zip but 10 in the signed "
                                    "manifest"),
    (packages.header_size_lies(5), "figures.json in the zip is damaged (Bad CRC-32"),
    (packages.header_size_lies(500), "figures.json holds 37 bytes, not the 500 it declares"),
    (packages.huge_manifest(2 << 20), "manifest.json is larger than 1,048,576 bytes"),
    (packages.cp932_manifest(), "manifest.json is not UTF-8 JSON"),
    (packages.manifest_not_first(), "manifest.json is not the first file in the zip"),
    (b"PK\x05\x06" + bytes(18), "The zip holds no manifest.json"),
    (packages.return_zip()[:300], "is not a readable zip"),
], ids=["symlink", "twin", "manifest-size", "header-smaller", "header-larger", "huge-manifest",
        "cp932-manifest", "manifest-not-first", "empty-zip", "truncated"])
def test_a_package_that_lies_about_its_entries_is_refused_naming_the_entry(trusting, cli_main,
                                                                          data, says):
    assert_return_refused(cli_main, trusting, data, says)


@pytest.mark.parametrize("size", [3 << 30] + ([(4 << 30) - (1 << 20)] if FULL else []))
def test_a_package_member_inflating_to_gigabytes_is_refused_before_inflating(trusting, size):
    assert_return_refused(subprocess_cli, trusting, packages.member_bomb(size),
                          "figures.json would expand 1,0", "at most 100 times")


def test_the_audit_trail_exported_as_csv_runs_no_formula(trusting, cli_main, tmp_path):
    """A refused package is audited under its file name, which anyone can choose."""
    stick = tmp_path / "stick"
    stick.mkdir()
    names = ["=1+2.zip", "+cmd.zip", "-2+3.zip", "@SUM(1).zip", "\t=3+4.zip"]
    for name in names:
        (stick / name).write_bytes(packages.return_zip())
    outcome = cli_main(trusting, "prefecture", "import", *(str(stick / n) for n in names))
    assert_refused(outcome, EXIT_NOT_GENUINE, *(f"{name}: refused" for name in names))
    out = tmp_path / "audit.csv"
    exported = cli_main(trusting, "audit", "export", "--csv", str(out))
    assert exported.code == 0, exported.text
    cells = {cell for row in assert_no_live_csv_cell(out) for cell in row}
    assert {f"'{name}" for name in names} <= cells


# --- a change set between the town's counters ---------------------------------------------------

@dataclass(frozen=True)
class Pair:
    office: Path  # the main office's file, which imports
    sender: dict  # the branch counter: terminal, counter, municipality code
    receiver: str  # the main office's terminal
    sign: object  # the branch's signing key's sign()


@pytest.fixture(scope="module")
def pair_template(tmp_path_factory) -> tuple[Path, dict, str, bytes]:
    """A main office paired with a branch, as `sync invite/join/import` pair them."""
    folder = tmp_path_factory.mktemp("nasty-pair")
    admin = set_up_office(Database(folder / "office.sqlite"), municipality_code="042021",
                          office_name="石巻市役所 本庁", admin_login="admin",
                          admin_password=ADMIN_PASSWORD, admin_name="管理 太郎")
    office, branch = paired_counters(admin, ADMIN_PASSWORD, folder)
    branch_office = branch.db.office.get()
    sender = {"terminal": branch_office["terminal_id"], "counter": branch_office["counter"],
              "code": "042021"}
    key = unlock_exchange_key(branch, ADMIN_PASSWORD).private_bytes_raw()
    receiver = office.db.office.get()["terminal_id"]
    office.db.close()
    branch.db.close()
    return folder / "office.sqlite", sender, receiver, key


@pytest.fixture
def pair(pair_template, tmp_path) -> Pair:
    template, sender, receiver, key = pair_template
    (tmp_path / "office").mkdir()
    shutil.copyfile(template, tmp_path / "office" / "office.sqlite")
    return Pair(tmp_path / "office" / "office.sqlite", sender, receiver,
                Ed25519PrivateKey.from_private_bytes(key).sign)


CHANGE_SET = "changes-042021-c1-to-c0-000001"


def assert_change_set_refused(run, pair: Pair, data: bytes, *says: str) -> Outcome:
    path = packages.signed(pair.office.parent.parent / "stick", CHANGE_SET, data, pair.sign)
    before, present = state(pair.office), files(pair.office.parent.parent)
    outcome = run(pair.office, "sync", "import", str(path))
    assert_refused(outcome, EXIT_NOT_GENUINE, *says)
    assert state(pair.office) == before
    assert files(pair.office.parent.parent) == present
    return outcome


def sync_manifest(pair: Pair, payload: bytes = b"sealed", **changes) -> dict:
    return packages.change_set_manifest(CHANGE_SET, sender=pair.sender, receiver=pair.receiver,
                                        payload=payload, **changes)


def test_a_change_set_signed_by_the_branch_reaches_the_payload(pair, cli_main):
    """The control case: the corpus's change set passes every check of the zip and is refused
    only for its payload, which is not sealed under the pair's key."""
    sealed = bytes(40)
    assert_change_set_refused(cli_main, pair,
                              packages.change_set_zip(sync_manifest(pair, sealed), sealed),
                              "not sealed under this pair's key")


@pytest.mark.parametrize(("case", "says"), [
    ("traversal", "'../payload.bin'"), ("absolute", "'/etc/payload.bin'"),
    ("backslash", "'..\\\\payload.bin'"), ("drive", "'C:payload.bin'"),
    ("symlink", "payload.bin in the zip is not a plain file"),
    ("twin", "The zip holds payload.bin twice"),
    ("extra", "does not hold exactly manifest.json and payload.bin"),
    ("size-lies", "payload.bin is not the size the signed manifest gives"),
    ("bomb", "payload.bin would expand"),
    ("huge-manifest", "manifest.json is larger than 1,048,576 bytes"),
    ("cp932-manifest", "manifest.json is not UTF-8 JSON"),
    ("truncated", "is not a readable zip"),
])
def test_a_change_set_that_lies_is_refused_naming_the_entry(pair, cli_main, case, says):
    manifest, payload = sync_manifest(pair), b"sealed"
    builders = {
        "traversal": lambda: packages.change_set_zip(manifest, plain("../payload.bin", payload)),
        "absolute": lambda: packages.change_set_zip(manifest, plain("/etc/payload.bin", payload)),
        "backslash": lambda: packages.change_set_zip(manifest, plain("..\\payload.bin", payload)),
        "drive": lambda: packages.change_set_zip(manifest, plain("C:payload.bin", payload)),
        "symlink": lambda: packages.change_set_zip(manifest, Entry(
            "payload.bin", b"/etc/shadow", mode=stat.S_IFLNK | 0o777)),
        "twin": lambda: packages.change_set_zip(manifest, payload, [plain("payload.bin", b"2")]),
        "extra": lambda: packages.change_set_zip(manifest, payload, [plain("run.sh", b"rm")]),
        "size-lies": lambda: packages.change_set_zip(sync_manifest(pair, payload_size=3),
                                                     payload),
        "bomb": lambda: packages.change_set_zip(manifest, bomb("payload.bin", 3 << 30)),
        "huge-manifest": lambda: packages.change_set_zip(
            json.dumps(manifest).encode()[:-1] + bytes(random.Random(16).choices(
                b" \t\r\n", k=2 << 20)) + b"}", payload),
        "cp932-manifest": lambda: packages.change_set_zip(
            json.dumps(manifest, ensure_ascii=False).encode("cp932"), payload),
        "truncated": lambda: packages.change_set_zip(manifest, payload)[:200],
    }
    assert_change_set_refused(cli_main, pair, builders[case](), says)


# --- formulas in the files that leave for the prefecture, and in the prefecture's report --------

def test_the_quarterly_return_runs_no_formula(town, cli_main, tmp_path):
    """Facility names are free text and travel in the return's CSV members."""
    with sqlite3.connect(town) as connection:
        for facility, name in ((1, '=HYPERLINK("http://x","y")'), (2, "\t=1+1"), (3, "-1+1")):
            connection.execute("UPDATE facilities SET name = ? WHERE id = ?", (name, facility))
    stick = tmp_path / "stick"
    stick.mkdir()
    outcome = cli_main(town, "return", "export", "--quarter", "2025Q1", "--out", str(stick))
    assert outcome.code == 0, outcome.text
    cells = set()
    with zipfile.ZipFile(next(stick.glob("*.zip"))) as archive:
        for name in archive.namelist():
            if name.endswith(".csv"):
                path = tmp_path / name
                path.write_bytes(archive.read(name))
                cells |= {cell for row in assert_no_live_csv_cell(path, "utf-8") for cell in row}
    assert {"'=HYPERLINK(\"http://x\",\"y\")", "'\t=1+1", "'-1+1"} <= cells


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_prefectures_report_runs_no_formula(trusting, cli_main, tmp_path, suffix):
    path = packages.signed(tmp_path / "stick", PACKAGE, packages.return_zip(),
                           prefecture_town_key(1).sign)
    assert cli_main(trusting, "prefecture", "import", str(path)).code == 0
    out = tmp_path / f"report.{suffix}"
    outcome = cli_main(trusting, "prefecture", "report", "--quarter", "2025Q1", "--out", str(out))
    assert outcome.code == 0, outcome.text
    if suffix == "csv":
        assert len(assert_no_live_csv_cell(out)) == 3  # header, 石巻市, total
    else:
        assert_no_formula_in_workbook(out)


# --- key files ------------------------------------------------------------------------------------

def _public_pem(key) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)


KEY_FILES = {
    "empty": lambda: b"",
    "nul-bytes": lambda: bytes(100),
    "random": lambda: random.Random(16).randbytes(3000),
    "private-key": lambda: Ed25519PrivateKey.from_private_bytes(bytes(32)).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()),
    "utf-16": lambda: _public_pem(Ed25519PrivateKey.from_private_bytes(bytes(32))).decode(
        ).encode("utf-16"),
    "pem-of-garbage": lambda: b"-----BEGIN PUBLIC KEY-----\n" + b"QUFB" * 50_000
                              + b"\n-----END PUBLIC KEY-----\n",
}


@pytest.mark.parametrize("kind", KEY_FILES)
def test_a_key_file_that_is_no_key_is_refused(trusting, town, cli_main, tmp_path, kind):
    path = tmp_path / f"{kind}.pem"
    path.write_bytes(KEY_FILES[kind]())
    for db, args, says in (
            (trusting, ("keys", "trust", str(path), "--municipality-code", "041009"),
             "The file holds no Ed25519 public key"),
            (town, ("keys", "import-prefecture", str(path)),
             "The file holds no prefecture certificate")):
        before = state(db)
        assert_refused(cli_main(db, *args), EXIT_REFUSED, says)
        assert state(db) == before
