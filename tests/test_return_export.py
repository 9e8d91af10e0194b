"""`futasato return export` as a town's supervisor runs it: a signed package openssl checks, the
lock and the next version, the encrypted rows only the prefecture reads, a failed write that
leaves nothing locked, and `audit verify --against` the package's witness."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.domain.progress import CancelFlag, Cancelled
from desktop_app.domain.quarters import FiscalQuarter
from desktop_app.domain.registry_search import PREFECTURES
from desktop_app.domain.roles import Role
from desktop_app.services import exchange_keys
from desktop_app.services.demo import fill_demo
from desktop_app.services.office_setup import set_up_office
from desktop_app.services.quarter_returns import current_version
from desktop_app.services.return_export import export_return
from desktop_app.services.sign_in import sign_in
from desktop_app.services.stays import FacilityInput, add_facility
from desktop_app.store.database import Database
from tests.accounts_helpers import add_account
from tests.conftest import ADMIN_PASSWORD
from tests.test_quarter_returns import _more_rows, _rewrite_from

Q1 = "2025Q1"
NAME = "042021_2025Q1_v1"
CLERK_PASSWORD = "counter-clerk-7"


@pytest.fixture(scope="module")
def town_file(tmp_path_factory) -> Path:
    """石巻市 with 40 sample people registered before and during 2025Q1, and a counter clerk;
    made once (passwords take Argon2's time), copied for each test."""
    path = tmp_path_factory.mktemp("town") / "town.sqlite"
    admin = set_up_office(Database(path), municipality_code="042021",
                          office_name="石巻市役所 本庁", admin_login="admin",
                          admin_password=ADMIN_PASSWORD, admin_name="管理 太郎")
    fill_demo(admin, registrants=40, today=date(2025, 8, 1))
    add_account(admin, "clerk1", Role.CLERK, CLERK_PASSWORD, "窓口 花子")
    admin.db.close()
    return path


@pytest.fixture(scope="module")
def prefecture_files(tmp_path_factory) -> dict[str, Path]:
    """宮城県's file, the certificate it hands its towns (pref.pem) and, for openssl, its
    certificate alone (pref.crt) and its private key (pref.key)."""
    folder = tmp_path_factory.mktemp("pref")
    path = folder / "pref.sqlite"
    os.environ["FUTASATO_CLERK"], os.environ["FUTASATO_PASSWORD"] = "admin", ADMIN_PASSWORD
    try:
        assert cli.main(["--db", str(path), "prefecture", "init", "--municipality-code",
                         "040002", "--office", "宮城県", "--admin", "admin"]) == 0
        assert cli.main(["--db", str(path), "keys", "export", "--out",
                         str(folder / "pref.pem")]) == 0
    finally:
        del os.environ["FUTASATO_CLERK"], os.environ["FUTASATO_PASSWORD"]
    db = Database(path)
    try:
        session = sign_in(db, "admin", ADMIN_PASSWORD)
        (folder / "pref.key").write_bytes(
            exchange_keys.unlock_prefecture_decryption_key(session, ADMIN_PASSWORD))
        (folder / "pref.crt").write_bytes(exchange_keys.prefecture_certificate_pem(db))
    finally:
        db.close()
    return {"db": path, "pem": folder / "pref.pem", "crt": folder / "pref.crt",
            "key": folder / "pref.key"}


@pytest.fixture
def town(town_file, tmp_path) -> Path:
    path = tmp_path / "town.sqlite"
    shutil.copyfile(town_file, path)
    return path


@pytest.fixture
def stick(tmp_path) -> Path:
    folder = tmp_path / "stick"
    folder.mkdir()
    return folder


@pytest.fixture
def futasato(monkeypatch, capsys):
    """`futasato --db FILE …` in this process, in English; returns (exit code, out, err)."""

    def run(db, *args, clerk="admin", password=ADMIN_PASSWORD):
        monkeypatch.setenv("FUTASATO_CLERK", clerk)
        monkeypatch.setenv("FUTASATO_PASSWORD", password)
        code = cli.main(["--lang", "en", "--db", str(db), *map(str, args)])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def _openssl(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run(["openssl", *map(str, args)], capture_output=True, timeout=60)


def _members(zip_path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(zip_path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _locked(town: Path) -> bool:
    db = Database(town)
    try:
        version = current_version(db, Q1)
        return version is not None and version.signed_off
    finally:
        db.close()


def test_an_export_is_signed_for_openssl_and_verify_package_and_is_in_the_register(
        futasato, town, stick, tmp_path):
    code, out, err = futasato(town, "return", "export", "--quarter", Q1, "--out", stick)
    assert code == 0, err
    zip_path = stick / f"{NAME}.zip"
    assert out.strip() == str(zip_path)
    assert sorted(p.name for p in stick.iterdir()) == [f"{NAME}.zip", f"{NAME}.zip.sig"]
    town_pem = tmp_path / "town.pem"
    assert futasato(town, "keys", "export", "--for", "exchange", "--out", town_pem)[0] == 0
    checked = _openssl("pkeyutl", "-verify", "-pubin", "-inkey", town_pem, "-rawin",
                       "-in", zip_path, "-sigfile", f"{zip_path}.sig")
    assert checked.returncode == 0 and b"Signature Verified Successfully" in checked.stdout
    assert futasato(town, "verify-package", zip_path, "--trusted-key", town_pem)[0] == 0
    code, shown, err = futasato(town, "verify-package", zip_path)  # the town's own key
    assert code == 0 and "Genuine" in shown, err

    members = _members(zip_path)
    manifest = json.loads(members["manifest.json"])
    assert (manifest["kind"], manifest["municipality_code"], manifest["office"],
            manifest["period"], manifest["version"], manifest["supersedes"],
            manifest["signed_off_by"]) == ("quarterly-return", "042021", "石巻市役所 本庁",
                                           Q1, 1, None, "admin")
    shown_figures = json.loads(futasato(town, "return", "show", "--quarter", Q1, "--json")[1])
    assert json.loads(members["figures.json"]) == shown_figures
    assert shown_figures["registrants_end"] > 0
    table = members["registrants_by_kind.csv"]
    assert table.startswith(b"kind,tier,people\r\n") and not table.startswith(b"\xef\xbb\xbf")
    assert all(line.count(b",") == 2 for line in table.split(b"\r\n")[:-1])
    assert "rows.p7m" not in members
    rows = json.loads(futasato(town, "--json", "return", "register")[1])
    assert [(r["file_name"], r["version"], r["sha256"]) for r in rows] == [
        (f"{NAME}.zip", 1, hashlib.sha256(zip_path.read_bytes()).hexdigest())]


def test_a_second_export_is_refused_until_reopened_then_version_2_supersedes_1(
        futasato, town, stick):
    assert futasato(town, "return", "export", "--quarter", Q1, "--out", stick)[0] == 0
    code, _out, err = futasato(town, "return", "export", "--quarter", Q1, "--out", stick)
    assert code == 3 and "FY2025 Q1" in err and "re-open" in err
    assert futasato(town, "return", "reopen", "--quarter", Q1, "--reason", "訂正")[0] == 0
    code, out, err = futasato(town, "return", "export", "--quarter", Q1, "--out", stick)
    assert code == 0, err
    second = Path(out.strip())
    assert second.name == "042021_2025Q1_v2.zip"
    manifest = json.loads(_members(second)["manifest.json"])
    assert (manifest["version"], manifest["supersedes"]) == (2, 1)
    rows = json.loads(futasato(town, "--json", "return", "register")[1])
    assert [(r["file_name"], r["version"]) for r in rows] == [
        ("042021_2025Q1_v2.zip", 2), (f"{NAME}.zip", 1)]


def test_with_rows_no_personal_data_is_in_the_zip_and_openssl_decrypts_the_rows(
        futasato, town, stick, prefecture_files):
    code, _out, err = futasato(town, "return", "export", "--quarter", Q1, "--out", stick,
                               "--with-rows")
    assert code == 3 and "futasato keys import-prefecture FILE.pem" in err
    assert not _locked(town) and not list(stick.iterdir())
    assert futasato(town, "keys", "import-prefecture", prefecture_files["pem"])[0] == 0
    code, out, err = futasato(town, "return", "export", "--quarter", Q1, "--out", stick,
                              "--with-rows")
    assert code == 0, err
    zip_path = Path(out.strip())
    members = _members(zip_path)
    everything = b"".join(members.values())
    db = Database(town)
    try:
        people = [dict(r) for r in db.execute(
            "SELECT family_name, given_name, family_kana, given_kana, birth_date, phone,"
            " address, postal_code FROM registrants")]
        facilities = [r[0] for r in db.execute("SELECT name FROM facilities")]
    finally:
        db.close()
    assert len(people) == 40
    # A family name such as 石川 is also a prefecture's, which home_prefectures.csv names, and
    # さくら a trial house's (お試し住宅 さくら).
    public = [*PREFECTURES, *facilities, "石巻市役所 本庁"]
    for person in people:
        for field, value in person.items():
            if value and len(value) >= 2 and not any(value in text for text in public):
                assert value.encode() not in everything, (field, value)
        for whole in (person["family_name"] + person["given_name"],
                      person["family_name"] + " " + person["given_name"],
                      person["family_kana"] + person["given_kana"],
                      person["birth_date"].replace("-", ""), person["birth_date"]):
            assert whole.encode() not in everything, whole
    rows_path = stick / "rows.p7m"
    rows_path.write_bytes(members["rows.p7m"])
    opened = _openssl("cms", "-decrypt", "-binary", "-inform", "DER", "-in", rows_path,
                      "-recip", prefecture_files["crt"], "-inkey", prefecture_files["key"])
    assert opened.returncode == 0, opened.stderr
    lines = opened.stdout.decode().split("\r\n")
    assert lines[0].startswith("pseudonym,kind,tier,status,age_band,home_pref")
    manifest = json.loads(members["manifest.json"])
    declared = {m["name"]: m["rows"] for m in manifest["members"]}
    assert declared["rows.p7m"] == len([line for line in lines[1:] if line]) > 0
    assert declared["rows.p7m"] == json.loads(members["figures.json"])["registrants_end"]


@pytest.fixture
def read_only(tmp_path):
    """A folder nothing can be written to: its mode for a user; for root, who ignores modes,
    the file system's immutable flag (chattr +i)."""
    folder = tmp_path / "locked-stick"
    folder.mkdir()
    as_root = os.geteuid() == 0
    if as_root:
        subprocess.run(["chattr", "+i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
    yield folder
    if as_root:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o755)


def test_a_write_that_fails_leaves_the_quarter_open_the_trail_showing_it_and_no_zip(
        futasato, town, read_only):
    code, _out, err = futasato(town, "return", "export", "--quarter", Q1, "--out", read_only)
    assert code == 3 and "could not be written" in err and "not locked" in err
    assert not list(read_only.iterdir())
    assert not _locked(town)
    db = Database(town)
    try:
        actions = [r["action"] for r in db.audit.recent(3)]
        register = db.execute("SELECT count(*) FROM export_register").fetchone()[0]
    finally:
        db.close()
    assert actions[:2] == ["return.reopen", "return.sign_off"] and register == 0


def test_audit_verify_against_holds_on_an_honest_file_and_fails_after_a_rewrite(
        futasato, town, stick):
    code, out, _err = futasato(town, "return", "export", "--quarter", Q1, "--out", stick)
    zip_path = Path(out.strip())
    db = Database(town)
    try:
        _more_rows(sign_in(db, "admin", ADMIN_PASSWORD), 3)
    finally:
        db.close()
    code, shown, err = futasato(town, "audit", "verify", "--against", zip_path)
    assert code == 0 and "witness" in shown, err
    db = Database(town)
    try:
        witnessed = json.loads(_members(zip_path)["manifest.json"])["audit_head"]["row"]
        _rewrite_from(db, witnessed - 1)
    finally:
        db.close()
    assert futasato(town, "audit", "verify")[0] == 0  # the rewrite passes the chain's check
    code, _out, err = futasato(town, "audit", "verify", "--against", zip_path)
    assert code == 4 and f"row {witnessed}" in err


def test_a_counter_clerk_may_not_export_or_print_the_summary(futasato, town, stick, tmp_path):
    args = ("return", "export", "--quarter", Q1, "--out", stick)
    assert futasato(town, *args, clerk="clerk1", password=CLERK_PASSWORD)[0] == 5
    assert futasato(town, "return", "summary", "--quarter", Q1, "--out", tmp_path / "s.pdf",
                    clerk="clerk1", password=CLERK_PASSWORD)[0] == 5
    assert not list(stick.iterdir())


def test_the_summary_pdf_shows_this_and_the_previous_quarter_and_is_audited(
        futasato, town, tmp_path):
    out = tmp_path / "summary.pdf"
    code, _shown, err = futasato(town, "return", "summary", "--quarter", Q1, "--out", out)
    assert code == 0, err
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "四半期報告 概要" in text and "令和7年度 第1四半期" in text  # the office shows 和暦
    assert "前期 令和6年度 第4四半期" in text
    db = Database(town)
    try:
        last = db.audit.recent(1)[0]
    finally:
        db.close()
    assert (last["action"], last["entity_id"]) == ("return_summary.print", Q1)


def test_a_quarter_not_yet_over_is_not_exported(futasato, town, stick):
    running = FiscalQuarter.of(date.today())
    code, _out, err = futasato(town, "return", "export", "--quarter", running, "--out", stick)
    assert code == 3 and "once its quarter is over" in err


def test_verify_package_without_a_key_uses_the_prefectures_trust_list(
        futasato, town, stick, prefecture_files, tmp_path):
    zip_path = Path(futasato(town, "return", "export", "--quarter", Q1, "--out", stick)[1]
                    .strip())
    pref = tmp_path / "pref.sqlite"
    shutil.copyfile(prefecture_files["db"], pref)
    code, _out, err = futasato(pref, "verify-package", zip_path)
    assert code == 4 and "042021" in err and "keys trust" in err
    town_pem = tmp_path / "town.pem"
    assert futasato(town, "keys", "export", "--for", "exchange", "--out", town_pem)[0] == 0
    assert futasato(pref, "keys", "trust", town_pem, "--municipality-code", "042021")[0] == 0
    code, shown, err = futasato(pref, "verify-package", zip_path)
    assert code == 0 and "Genuine" in shown, err
    renamed = stick / "042022_2025Q1_v1.zip"  # another town's name: no key, or not its key
    shutil.copyfile(zip_path, renamed)
    shutil.copyfile(f"{zip_path}.sig", f"{renamed}.sig")
    assert futasato(pref, "verify-package", renamed)[0] == 4
    assert futasato(town, "verify-package", renamed)[0] == 4


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text(futasato, town, stick):
    db = Database(town)
    try:
        add_facility(sign_in(db, "admin", ADMIN_PASSWORD), FacilityInput(
            name="=HYPERLINK(\"http://x\",\"A\")", capacity=2, nightly_fee_yen=0,
            max_nights=7))
    finally:
        db.close()
    zip_path = Path(futasato(town, "return", "export", "--quarter", Q1, "--out", stick)[1]
                    .strip())
    stays = _members(zip_path)["trial_stays.csv"].decode()
    assert '"\'=HYPERLINK(""http://x"",""A"")"' in stays
    assert ",=" not in stays and "\n=" not in stays


def test_progress_runs_to_the_end_and_a_cancel_after_sign_off_reopens_the_quarter(
        town, stick):
    db = Database(town)
    try:
        session = sign_in(db, "admin", ADMIN_PASSWORD)
        seen: list[float] = []
        exported = export_return(session, FiscalQuarter.parse(Q1), stick,
                                 password=ADMIN_PASSWORD,
                                 progress=lambda fraction, *_: seen.append(fraction))
        assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)
        assert exported.version == 1 and exported.zip_path.is_file()
        cancel = CancelFlag()

        def cancel_once_signing_off(fraction, *_):
            if fraction >= 0.7:
                cancel.set()

        with pytest.raises(Cancelled):
            export_return(session, FiscalQuarter.parse("2024Q4"), stick,
                          password=ADMIN_PASSWORD, progress=cancel_once_signing_off,
                          cancel=cancel)
        version = current_version(db, "2024Q4")
        assert version.version == 1 and not version.signed_off
        assert sorted(p.name for p in stick.iterdir()) == [f"{NAME}.zip", f"{NAME}.zip.sig"]
    finally:
        db.close()
