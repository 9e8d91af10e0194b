"""Signing off locks a quarter, re-opening takes a supervisor and a reason, every package written
is in the export register, and the audit head a package carries witnesses the chain."""

from __future__ import annotations

import codecs
import csv
import hashlib
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop_app.domain.application import Application
from desktop_app.domain.errors import PermissionDenied, RuleRefused
from desktop_app.domain.roles import Role
from desktop_app.services.anonymise import anonymise_erased
from desktop_app.services.audit_trail import record_event, verify_audit
from desktop_app.services.quarter_returns import (
    REOPENED,
    SIGNED_OFF,
    audit_head,
    current_version,
    export_register,
    export_register_csv,
    record_export,
    reopen,
    sign_off,
    witness_holds,
)
from desktop_app.services.registration import register
from desktop_app.services.registry_status import erase
from desktop_app.services.session import Session
from desktop_app.services.sign_in import sign_in
from desktop_app.store.audit import HEAD_KEY, AuditQuery, _digest, chained_fields, details_hash
from desktop_app.store.database import Database
from desktop_app.store.migrations import LATEST_VERSION

FIXTURES = Path(__file__).parent / "fixtures"
FIGURES = hashlib.sha256(b'{"registrants_end":3}').hexdigest()
LOCKED = ("2025年度第1四半期は締め済みです（第1版）。"
          "先に監督者が理由を付けて締めを解除してください。")


@pytest.fixture
def supervisor(admin) -> Session:
    return Session(admin.db, clerk="super1", role=Role.SUPERVISOR, terminal=admin.terminal)


def _audit_actions(db: Database) -> list[str]:
    return [row["action"] for row in db.audit.recent(100)]


def test_signing_off_locks_the_quarter_and_a_second_sign_off_is_refused(supervisor):
    db = supervisor.db
    head_before = audit_head(db)
    first = sign_off(supervisor, "2025Q1", figures_sha256=FIGURES)
    assert (first.quarter, first.version, first.supersedes, first.state) == (
        "2025Q1", 1, None, SIGNED_OFF)
    assert first.signed_off_by == "super1" and first.figures_sha256 == FIGURES
    assert first.audit_head == {"row": head_before[0], "hash": head_before[1]}
    assert current_version(db, "2025Q1") == first
    assert db.audit.recent(1)[0]["action"] == "return.sign_off"

    rows = db.audit.count()
    with pytest.raises(RuleRefused) as refused:
        sign_off(supervisor, "2025Q1", figures_sha256=FIGURES)
    assert refused.value.exit_code == 3
    assert refused.value.message == LOCKED
    assert db.audit.count() == rows  # nothing written, not even an audit row
    assert len(db.quarter_returns.versions("2025Q1")) == 1
    # Another quarter is not locked by it.
    assert sign_off(supervisor, "2025Q2", figures_sha256=FIGURES).version == 1


def test_the_file_itself_allows_one_signed_off_version_of_a_quarter(supervisor):
    sign_off(supervisor, "2025Q1", figures_sha256=FIGURES)
    with pytest.raises(sqlite3.IntegrityError):
        supervisor.db.execute(
            "INSERT INTO quarter_returns (quarter, version, supersedes, state, signed_off_by,"
            " signed_off_at, terminal, audit_head_row, audit_head_hash, figures_sha256)"
            " VALUES ('2025Q1', 2, 1, 'signed_off', 'x', 'now', 't', 1, ?, ?)",
            ("0" * 64, FIGURES))


def test_reopening_needs_a_reason_then_the_next_sign_off_is_version_2_superseding_1(
        supervisor):
    db = supervisor.db
    sign_off(supervisor, "2025Q1", figures_sha256=FIGURES)
    for blank in ("", "   "):
        with pytest.raises(RuleRefused) as refused:
            reopen(supervisor, "2025Q1", blank)
        assert refused.value.message == "理由: 締めを解除する理由を入力してください。"
    assert current_version(db, "2025Q1").signed_off

    reopened = reopen(supervisor, "2025Q1", "  転入者の計上漏れ  ")
    assert (reopened.version, reopened.state, reopened.reopen_reason) == (
        1, REOPENED, "転入者の計上漏れ")
    assert current_version(db, "2025Q1") == reopened
    row = db.audit.recent(1)[0]
    assert (row["action"], row["entity_id"]) == ("return.reopen", "2025Q1")
    assert "転入者の計上漏れ" in row["after_json"]

    second = sign_off(supervisor, "2025Q1", figures_sha256=hashlib.sha256(b"v2").hexdigest())
    assert (second.version, second.supersedes, second.state) == (2, 1, SIGNED_OFF)
    assert [v["state"] for v in db.quarter_returns.versions("2025Q1")] == [REOPENED, SIGNED_OFF]
    with pytest.raises(RuleRefused, match="第2版"):
        sign_off(supervisor, "2025Q1", figures_sha256=FIGURES)


def test_only_a_signed_off_quarter_can_be_reopened(supervisor):
    with pytest.raises(RuleRefused, match="2025年度第3四半期は締められていない"):
        reopen(supervisor, "2025Q3", "理由")
    sign_off(supervisor, "2025Q3", figures_sha256=FIGURES)
    reopen(supervisor, "2025Q3", "理由")
    with pytest.raises(RuleRefused, match="締められていない"):
        reopen(supervisor, "2025Q3", "もう一度")


def test_a_counter_clerk_may_not_sign_off_reopen_or_read_the_register(supervisor, clerk):
    sign_off(supervisor, "2025Q1", figures_sha256=FIGURES)
    for attempt in (lambda: sign_off(clerk, "2025Q2", figures_sha256=FIGURES),
                    lambda: reopen(clerk, "2025Q1", "理由"),
                    lambda: export_register(clerk),
                    lambda: record_export(clerk, quarter="2025Q1", version=1, file_name="a.zip",
                                          sha256=FIGURES, size=1, destination="E:\\")):
        with pytest.raises(PermissionDenied):
            attempt()
    assert current_version(clerk.db, "2025Q1").signed_off


@pytest.mark.parametrize("quarter", ["2025Q5", "2025-Q1", "25Q1", "2025q1", ""])
def test_a_quarter_not_written_like_2025Q1_is_refused(supervisor, quarter):
    with pytest.raises(RuleRefused, match="2025Q1 のように"):
        sign_off(supervisor, quarter, figures_sha256=FIGURES)


def test_every_package_written_is_a_register_row_newest_first_and_audited(supervisor):
    sign_off(supervisor, "2025Q1", figures_sha256=FIGURES)
    with pytest.raises(RuleRefused, match="第2版"):  # no version 2 was signed off
        record_export(supervisor, quarter="2025Q1", version=2, file_name="042021_2025Q1_v2.zip",
                      sha256=FIGURES, size=10, destination="E:\\")
    first = record_export(supervisor, quarter="2025Q1", version=1,
                          file_name="042021_2025Q1_v1.zip", sha256=FIGURES, size=2048,
                          destination="E:\\ (USB 管理番号 3)")
    audit = supervisor.db.audit.recent(1)[0]
    assert (audit["action"], audit["entity_id"]) == ("return.export", str(first["id"]))
    reopen(supervisor, "2025Q1", "訂正")
    with pytest.raises(RuleRefused):  # re-opened: version 1 is no longer the one to write
        record_export(supervisor, quarter="2025Q1", version=1, file_name="again.zip",
                      sha256=FIGURES, size=1, destination="E:\\")
    sign_off(supervisor, "2025Q1", figures_sha256=FIGURES)
    record_export(supervisor, quarter="2025Q1", version=2, file_name="042021_2025Q1_v2.zip",
                  sha256="ab" * 32, size=4096, destination="F:\\")

    rows = export_register(supervisor)
    assert [(r["version"], r["file_name"], r["size"], r["destination"]) for r in rows] == [
        (2, "042021_2025Q1_v2.zip", 4096, "F:\\"),
        (1, "042021_2025Q1_v1.zip", 2048, "E:\\ (USB 管理番号 3)")]
    assert {(r["written_by"], r["kind"], r["quarter"]) for r in rows} == {
        ("super1", "quarterly-return", "2025Q1")}


def test_the_register_csv_opens_in_excel_as_text_never_as_formulas(supervisor, tmp_path):
    sign_off(supervisor, "2025Q1", figures_sha256=FIGURES)
    for destination in ("=HYPERLINK(\"http://x\")", "+81", "-E:", "@SUM(A1)", "E:\\"):
        record_export(supervisor, quarter="2025Q1", version=1, file_name="042021_2025Q1_v1.zip",
                      sha256=FIGURES, size=1, destination=destination)
    out = tmp_path / "register.csv"
    assert export_register_csv(supervisor, out) == 5
    data = out.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.DictReader(data.decode("utf-8-sig").splitlines()))
    assert [r["destination"] for r in rows] == [
        "E:\\", "'@SUM(A1)", "'-E:", "'+81", "'=HYPERLINK(\"http://x\")"]
    assert rows[0]["sha256"] == FIGURES and rows[0]["size"] == "1"
    assert list(rows[0]) == ["id", "written_at", "written_by", "terminal", "kind", "quarter",
                             "version", "file_name", "sha256", "size", "destination"]
    assert supervisor.db.audit.recent(1)[0]["action"] == "export_register.export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["futasato.sqlite",
                                                          "futasato.sqlite-shm",
                                                          "futasato.sqlite-wal", "register.csv"]


def _more_rows(session: Session, n: int) -> None:
    for number in range(n):
        record_event(session, "certificate.print", "certificate", number, {"copies": number})


def _rewrite_from(db: Database, first_id: int) -> None:
    """What an attacker with the file does: change row `first_id`, then re-hash it and every
    row after it, and store the new head, so that `audit verify` finds nothing."""
    previous = db.execute("SELECT hash FROM audit WHERE id < ? ORDER BY id DESC LIMIT 1",
                          (first_id,)).fetchone()[0]
    rows = [dict(r) for r in db.execute("SELECT * FROM audit WHERE id >= ? ORDER BY id",
                                        (first_id,))]
    rows[0]["after_json"] = '{"copies": 99}'
    for row in rows:
        row["details_hash"] = details_hash(row["before_json"], row["after_json"])
        row["prev_hash"], row["hash"] = previous, _digest(previous, chained_fields(row))
        db.execute("UPDATE audit SET after_json = ?, details_hash = ?, prev_hash = ?, hash = ?"
                   " WHERE id = ?", (row["after_json"], row["details_hash"], row["prev_hash"],
                                     row["hash"], row["id"]))
        previous = row["hash"]
    db.settings.put(HEAD_KEY, {"id": rows[-1]["id"], "hash": previous})


def test_the_witness_holds_on_an_honest_chain_as_it_grows(supervisor):
    _more_rows(supervisor, 3)
    signed = sign_off(supervisor, "2025Q1", figures_sha256=FIGURES)
    _more_rows(supervisor, 3)
    assert witness_holds(supervisor.db, signed.audit_head_row, signed.audit_head_hash)
    assert not witness_holds(supervisor.db, signed.audit_head_row, "f" * 64)


@pytest.mark.parametrize("back", [0, 2])  # the head row itself, or a row before it
def test_a_chain_rewritten_from_a_change_onward_passes_verify_but_not_the_witness(
        supervisor, back):
    db = supervisor.db
    _more_rows(supervisor, 3)
    signed = sign_off(supervisor, "2025Q1", figures_sha256=FIGURES)
    _more_rows(supervisor, 3)
    _rewrite_from(db, signed.audit_head_row - back)
    assert verify_audit(supervisor) == db.audit.count()  # the rewrite goes unseen by verify
    assert not witness_holds(db, signed.audit_head_row, signed.audit_head_hash)


def test_a_rewrite_after_the_witnessed_row_is_outside_what_it_witnesses(supervisor):
    _more_rows(supervisor, 3)
    signed = sign_off(supervisor, "2025Q1", figures_sha256=FIGURES)
    _more_rows(supervisor, 3)
    _rewrite_from(supervisor.db, signed.audit_head_row + 2)
    assert witness_holds(supervisor.db, signed.audit_head_row, signed.audit_head_hash)


def test_the_witness_fails_when_its_row_is_gone_or_the_chain_is_broken(supervisor):
    db = supervisor.db
    _more_rows(supervisor, 3)
    signed = sign_off(supervisor, "2025Q1", figures_sha256=FIGURES)
    row, digest = signed.audit_head_row, signed.audit_head_hash
    # A chain that is broken, with the witnessed row as it was: not held either.
    db.execute("UPDATE audit SET clerk = 'someone' WHERE id = ?", (row + 1,))
    assert db.audit.hash_at(row) == digest
    assert not witness_holds(db, row, digest)
    # Cut back to before the witnessed row, head re-stored: the chain verifies, the row is gone.
    db.execute("DELETE FROM audit WHERE id >= ?", (row,))
    new_row, new_hash = audit_head(db)
    db.settings.put(HEAD_KEY, {"id": new_row, "hash": new_hash})
    assert db.audit.verify() is None and new_row == row - 1
    assert not witness_holds(db, row, digest)


def test_anonymising_a_person_after_sign_off_keeps_the_witness(admin, supervisor):
    """Blanking the details of audit rows about an erased person is the town's own duty, not
    tampering: the rows' hashes cover a hash of the details, so the witness still holds."""
    person = register(admin, Application(
        family_name="𠮷田", family_kana="ヨシダ", given_name="花子", given_kana="ハナコ",
        birth_date="1987-11-07", kind="furusato", tier="basic", phone="090-1234-5678",
        prefecture="東京都", city="千代田区", address="千代田1-1"))
    erase(admin, person, "本人の申出")
    signed = sign_off(supervisor, "2025Q1", figures_sha256=FIGURES)
    later = datetime.now(UTC) + timedelta(minutes=1)
    assert anonymise_erased(supervisor, 0, now=later) == [person]
    redacted = [r["id"] for r in admin.db.audit.each(AuditQuery(registrant_id=person))
                if r["redacted"]]
    assert redacted and max(redacted) <= signed.audit_head_row
    assert witness_holds(admin.db, signed.audit_head_row, signed.audit_head_hash)


def test_a_schema_8_file_upgrades_to_empty_returns_and_register_and_signs_off(tmp_path):
    path = tmp_path / "schema-8.sqlite"
    shutil.copyfile(FIXTURES / path.name, path)
    db = Database(path)
    try:
        assert db.schema_version == LATEST_VERSION
        assert db.execute("SELECT count(*) FROM quarter_returns").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM export_register").fetchone()[0] == 0
        admin = sign_in(db, "admin", "counter-pass-1")
        signed = sign_off(admin, "2025Q4", figures_sha256=FIGURES)
        record_export(admin, quarter="2025Q4", version=1, file_name="a.zip", sha256=FIGURES,
                      size=3, destination="E:\\")
        assert [r["file_name"] for r in export_register(admin)] == ["a.zip"]
        # The old release's audit rows and today's are one chain, and the witness holds on it.
        assert witness_holds(db, signed.audit_head_row, signed.audit_head_hash)
    finally:
        db.close()
