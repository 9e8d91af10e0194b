"""A prefecture imports towns' returns: what it keeps, and every package it refuses without
keeping anything of it (only the refusal's audit row)."""

from __future__ import annotations

import shutil

import pytest

from desktop_app.services.prefecture_import import import_packages
from desktop_app.services.trust import revoke_town
from tests.conftest import ADMIN_PASSWORD
from tests.exchange_helpers import make_prefecture_key
from tests.prefecture_helpers import (
    audit_actions,
    certificate,
    contents,
    person,
    town_key,
    town_package,
    trust,
)

ISHINOMAKI, SENDAI = "042021", "041009"


@pytest.fixture
def towns(prefecture):
    """石巻市 and 仙台市 trusted, each with its own key."""
    trust(prefecture, town_key(1), ISHINOMAKI)
    trust(prefecture, town_key(2), SENDAI)
    return prefecture


def _import(session, *paths, password=ADMIN_PASSWORD):
    return import_packages(session, list(paths), password=password)


def test_a_package_is_imported_with_its_figures_rows_and_the_towns_audit_head(towns, tmp_path):
    package = town_package(tmp_path / "usb", town_key(1), code=ISHINOMAKI,
                           figures={"registrants_end": 3, "bookings": 2},
                           people=["a", "b", "c"], certificate_pem=certificate(towns))
    [outcome] = _import(towns, package)
    assert (outcome.status, outcome.municipality_code, outcome.quarter, outcome.version,
            outcome.reason, outcome.rows_read) == ("imported", ISHINOMAKI, "2025Q1", 1, None,
                                                   True)
    db = towns.db
    [stored] = db.prefecture_returns.versions(ISHINOMAKI, "2025Q1")
    assert stored["package_name"] == "042021_2025Q1_v1"
    assert (stored["audit_head_row"], stored["audit_head_hash"]) == (42, "ab" * 32)
    assert db.prefecture_returns.figures(stored["id"]) == {"registrants_end": 3, "bookings": 2}
    assert sorted(row[0] for row in db.execute("SELECT pseudonym FROM prefecture_return_rows")
                  ) == sorted(person(p) for p in "abc")
    assert stored["rows_header"] == "pseudonym,kind,age_band"
    assert audit_actions(db)[-1] == "prefecture.import"


def test_without_a_password_the_figures_are_imported_and_the_rows_not_read(
        towns, tmp_path, english_messages):
    package = town_package(tmp_path, town_key(1), code=ISHINOMAKI, people=["a"],
                           certificate_pem=certificate(towns))
    [outcome] = _import(towns, package, password=None)
    assert outcome.status == "imported" and not outcome.rows_read
    assert "rows were not read" in outcome.reason
    assert towns.db.execute("SELECT count(*) FROM prefecture_return_rows").fetchone()[0] == 0
    assert towns.db.execute("SELECT count(*) FROM prefecture_return_figures").fetchone()[0] == 2


def test_rows_not_read_for_want_of_a_password_are_read_when_the_package_comes_again(
        towns, tmp_path, english_messages):
    package = town_package(tmp_path, town_key(1), code=ISHINOMAKI, people=["a", "b"],
                           certificate_pem=certificate(towns))
    assert not _import(towns, package, password=None)[0].rows_read
    [again] = _import(towns, package)
    assert (again.status, again.rows_read) == ("imported", True)
    assert "its 2 encrypted rows were read now" in again.reason
    assert towns.db.execute("SELECT count(*) FROM prefecture_return_rows").fetchone()[0] == 2
    assert len(towns.db.prefecture_returns.versions(ISHINOMAKI, "2025Q1")) == 1
    assert audit_actions(towns.db)[-1] == "prefecture.import_rows"
    assert _import(towns, package)[0].status == "already_imported"


def test_the_same_package_again_changes_nothing_and_says_so(towns, tmp_path):
    package = town_package(tmp_path, town_key(1), code=ISHINOMAKI)
    assert _import(towns, package)[0].status == "imported"
    before = (contents(towns.db.path), towns.db.table_counts())
    [again] = _import(towns, package)
    assert again.status == "already_imported" and again.reason
    assert (contents(towns.db.path), towns.db.table_counts()) == before


def _flipped(path, offset):
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def _truncated(path, length):
    path.write_bytes(path.read_bytes()[:length])


def _renamed(package, code):
    """The package and its signature copied under another town's name."""
    target = package.with_name(package.name.replace(ISHINOMAKI, code, 1))
    shutil.copyfile(package, target)
    shutil.copyfile(f"{package}.sig", f"{target}.sig")
    return target


REFUSALS = {
    # name: (how the package is spoilt, words the reason holds)
    "a byte of the zip flipped": (lambda s, p, t: _flipped(p, len(p.read_bytes()) // 2) or p,
                                  "does not match"),
    "a byte of the signature flipped": (lambda s, p, t: _flipped(p.with_name(p.name + ".sig"),
                                                                  10) or p, "does not match"),
    "truncated": (lambda s, p, t: _truncated(p, 200) or p, "does not match"),
    "the .sig missing": (lambda s, p, t: p.with_name(p.name + ".sig").unlink() or p,
                         "no signature file"),
    "renamed to another town's name": (lambda s, p, t: _renamed(p, SENDAI), "does not match"),
    "revoked key": (lambda s, p, t: revoke_town(s, ISHINOMAKI, "lost") and p,
                    "or its key was revoked"),
    "signed by a key nobody trusts": (lambda s, p, t: town_package(
        t / "other", town_key(9), code="042030"), "no key is trusted for it"),
    "another town's manifest signed by a trusted town's key": (lambda s, p, t: town_package(
        t / "forged", town_key(1), code=SENDAI), "does not match"),
    "named for its signer but holding another town's manifest": (
        lambda s, p, t: _named_for_signer(t), "named for another package"),
    "rows encrypted to another prefecture": (lambda s, p, t: town_package(
        t / "elsewhere", town_key(1), code=ISHINOMAKI, people=["a"],
        certificate_pem=make_prefecture_key().certificate_pem), "cannot be opened"),
}


def _named_for_signer(tmp_path):
    """Sendai's manifest signed with Ishinomaki's key, renamed to Ishinomaki's name."""
    forged = town_package(tmp_path / "named", town_key(1), code=SENDAI)
    target = forged.with_name(forged.name.replace(SENDAI, ISHINOMAKI))
    forged.rename(target)
    forged.with_name(forged.name + ".sig").rename(f"{target}.sig")
    return target


@pytest.mark.parametrize("case", REFUSALS)
def test_a_refused_package_leaves_every_table_but_one_audit_row_as_it_was(
        towns, tmp_path, english_messages, case):
    spoil, words = REFUSALS[case]
    package = spoil(towns, town_package(tmp_path / "usb", town_key(1), code=ISHINOMAKI),
                    tmp_path)
    before, actions = contents(towns.db.path), audit_actions(towns.db)
    [outcome] = _import(towns, package)
    assert outcome.status == "refused"
    assert words in outcome.reason
    assert contents(towns.db.path) == before
    assert audit_actions(towns.db) == [*actions, "prefecture.import_refused"]


def test_an_older_version_after_a_newer_one_is_refused_as_a_replay(
        towns, tmp_path, english_messages):
    first = town_package(tmp_path / "v1", town_key(1), code=ISHINOMAKI)
    second = town_package(tmp_path / "v2", town_key(1), code=ISHINOMAKI, version=2)
    assert _import(towns, second)[0].status == "imported"
    before = contents(towns.db.path)
    [outcome] = _import(towns, first)
    assert outcome.status == "refused" and "older than version 2" in outcome.reason
    assert contents(towns.db.path) == before


def test_a_different_package_claiming_an_imported_version_is_refused(
        towns, tmp_path, english_messages):
    first = town_package(tmp_path / "a", town_key(1), code=ISHINOMAKI)
    other = town_package(tmp_path / "b", town_key(1), code=ISHINOMAKI,
                         figures={"registrants_end": 4})
    assert _import(towns, first)[0].status == "imported"
    [outcome] = _import(towns, other)
    assert outcome.status == "refused" and "a different package claims" in outcome.reason
    [kept] = towns.db.prefecture_returns.versions(ISHINOMAKI, "2025Q1")
    assert towns.db.prefecture_returns.figures(kept["id"]) == {"registrants_end": 3,
                                                               "bookings": 1}


def test_a_town_file_and_a_counter_clerk_may_not_import(admin, towns, tmp_path):
    from desktop_app.domain.errors import PermissionDenied, RuleRefused
    from desktop_app.domain.roles import Role
    from desktop_app.services.session import Session

    package = town_package(tmp_path, town_key(1), code=ISHINOMAKI)
    with pytest.raises(RuleRefused):
        import_packages(admin, [package], password=None)
    clerk = Session(towns.db, clerk="clerk1", role=Role.CLERK)
    with pytest.raises(PermissionDenied):
        import_packages(clerk, [package], password=None)


def test_progress_names_each_file_and_a_cancel_stops_before_the_next_package(towns, tmp_path):
    from desktop_app.domain.progress import CancelFlag, Cancelled

    first = town_package(tmp_path / "a", town_key(1), code=ISHINOMAKI)
    second = town_package(tmp_path / "b", town_key(2), code=SENDAI)
    cancel, seen = CancelFlag(), []

    def watching(fraction, message="", params=None):
        seen.append((fraction, params and params["file"]))
        if len(towns.db.prefecture_returns.of_quarter("2025Q1")) == 1:
            cancel.set()  # the first package is in: cancel before the second

    with pytest.raises(Cancelled):
        import_packages(towns, [first, second, first], password=None, progress=watching,
                        cancel=cancel)
    assert seen == [(0.0, first.name), (pytest.approx(1 / 3), second.name)]
    assert [row["municipality_code"] for row in towns.db.prefecture_returns.of_quarter(
        "2025Q1")] == [ISHINOMAKI]
