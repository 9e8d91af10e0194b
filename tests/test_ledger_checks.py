"""A large ledger is checked in worker processes: the same outcome, row for row, as in one."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.services import ledger_checks
from desktop_app.services.ledger_import import (
    commit_import,
    initial_mapping,
    plan_import,
    read_ledger,
)
from tests.ledger_helpers import SAMPLE_CSV, registrant_count, template_row, write_template_csv

TODAY = date(2026, 4, 1)


def _plan(db, path):
    table = read_ledger(path)
    mapping, _source = initial_mapping(db, table)
    return table, mapping, plan_import(db, table, mapping, today=TODAY)


def _outcome(plan) -> tuple[list, list]:
    return ([problem.as_dict() for problem in plan.problems],
            [(person.row, person.values, person.status, person.registrant_no)
             for person in plan.people])


@pytest.fixture
def in_workers(monkeypatch):
    """Every file counts as large, cut into slices of seven rows."""
    monkeypatch.setattr(ledger_checks, "PARALLEL_FROM", 1)
    monkeypatch.setattr(ledger_checks, "SLICE_ROWS", 7)
    monkeypatch.setattr(ledger_checks.os, "cpu_count", lambda: 2)


def test_workers_find_the_same_faults_and_people_as_one_process(db, monkeypatch):
    _table, _mapping, alone = _plan(db, SAMPLE_CSV)
    monkeypatch.setattr(ledger_checks, "PARALLEL_FROM", 1)
    monkeypatch.setattr(ledger_checks, "SLICE_ROWS", 7)
    monkeypatch.setattr(ledger_checks.os, "cpu_count", lambda: 2)
    started = []
    real_pool = ledger_checks.ProcessPoolExecutor

    def counting_pool(*args, **kwargs):
        started.append(args)
        return real_pool(*args, **kwargs)

    monkeypatch.setattr(ledger_checks, "ProcessPoolExecutor", counting_pool)
    _table, _mapping, shared = _plan(db, SAMPLE_CSV)
    assert started, "the rows were not given to worker processes"
    assert [p["row"] for p in _outcome(shared)[0]] == [19, 44, 90, 122]
    assert _outcome(shared) == _outcome(alone)


def test_rows_are_checked_here_when_no_worker_can_start(db, in_workers, monkeypatch):
    def no_processes(*_args, **_kwargs):
        raise OSError("no more processes")

    monkeypatch.setattr(ledger_checks, "ProcessPoolExecutor", no_processes)
    _table, _mapping, plan = _plan(db, SAMPLE_CSV)
    assert [p.row for p in plan.problems] == [19, 44, 90, 122]
    assert len(plan.people) > 100


def test_cancelling_during_the_check_stops_it_and_saves_nothing(admin, in_workers, tmp_path):
    rows = [template_row(氏=f"佐藤{n}", 生年月日=f"1980-04-{n % 28 + 1:02d}",
                         メールアドレス=f"p{n}@example.jp") for n in range(40)]
    table = read_ledger(write_template_csv(tmp_path / "in.csv", rows))
    mapping, _source = initial_mapping(admin.db, table)

    class Cancelled(Exception):
        pass

    def cancel_at_half(fraction: float, _message: str) -> None:
        if fraction >= 0.4:
            raise Cancelled

    with pytest.raises(Cancelled):
        commit_import(admin, table, mapping, today=TODAY, progress=cancel_at_half)
    assert registrant_count(admin.db) == 0


def test_rows_stored_without_per_row_checks_still_satisfy_them(admin, in_workers, tmp_path):
    rows = [template_row(), template_row(氏="田中", 氏カナ="タナカ", 性別="男"),
            template_row(氏="林", 氏カナ="ハヤシ", 区分="二地域居住者", 種別="")]
    table = read_ledger(write_template_csv(tmp_path / "in.csv", rows))
    mapping, _source = initial_mapping(admin.db, table)
    assert commit_import(admin, table, mapping, today=TODAY).imported == 3
    assert admin.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert admin.db.execute("PRAGMA ignore_check_constraints").fetchone()[0] == 0
    # The checks are back for whatever comes next.
    with pytest.raises(Exception, match="CHECK constraint failed"):
        admin.db.execute("UPDATE registrants SET kind = 'tourist' WHERE family_name = '林'")
