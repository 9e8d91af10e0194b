"""A large ledger is checked in worker processes too: the same outcome, row for row."""

from __future__ import annotations

from datetime import date, timedelta

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
SAMPLE_FAULT_ROWS = [19, 44, 90, 122]


def _plan(db, path):
    table = read_ledger(path)
    mapping, _source = initial_mapping(db, table)
    return table, mapping, plan_import(db, table, mapping, today=TODAY)


def _outcome(plan) -> tuple[list, list]:
    return ([problem.as_dict() for problem in plan.problems],
            [(person.row, person.values, person.status, person.registrant_no)
             for person in plan.people])


@pytest.fixture
def workers(monkeypatch) -> list:
    """Every file counts as large, on a machine of three cores; the workers started are listed."""
    monkeypatch.setattr(ledger_checks, "PARALLEL_FROM", 1)
    monkeypatch.setattr(ledger_checks.os, "cpu_count", lambda: 3)
    started = []
    real_start = ledger_checks._Worker.start

    def start(job, part):
        worker = real_start(job, part)
        started.append(worker)
        return worker

    monkeypatch.setattr(ledger_checks._Worker, "start", staticmethod(start))
    return started


def test_workers_find_the_same_faults_and_people_as_one_process(db, monkeypatch, workers):
    monkeypatch.setattr(ledger_checks, "PARALLEL_FROM", 10**9)
    _table, _mapping, alone = _plan(db, SAMPLE_CSV)
    assert workers == []
    monkeypatch.setattr(ledger_checks, "PARALLEL_FROM", 1)
    _table, _mapping, shared = _plan(db, SAMPLE_CSV)
    assert len(workers) == 2 and all(w.answered and w.process.exitcode == 0
                                     for w in workers)
    assert [p["row"] for p in _outcome(shared)[0]] == SAMPLE_FAULT_ROWS
    assert _outcome(shared) == _outcome(alone)


def test_a_killed_worker_only_means_its_rows_are_checked_here(db, monkeypatch, workers):
    real_start = ledger_checks._Worker.start

    def start_and_kill(job, part):
        worker = real_start(job, part)
        worker.process.kill()
        return worker

    monkeypatch.setattr(ledger_checks._Worker, "start", staticmethod(start_and_kill))
    _table, _mapping, plan = _plan(db, SAMPLE_CSV)
    assert [p.row for p in plan.problems] == SAMPLE_FAULT_ROWS
    monkeypatch.setattr(ledger_checks, "PARALLEL_FROM", 10**9)
    _table, _mapping, alone = _plan(db, SAMPLE_CSV)
    assert _outcome(plan) == _outcome(alone)


def test_cancelling_during_the_check_stops_the_workers_and_saves_nothing(
        admin, workers, tmp_path):
    born = [date(1950, 1, 1) + timedelta(days=n) for n in range(4000)]
    rows = [template_row(生年月日=day.isoformat(), メールアドレス=f"p{n}@example.jp")
            for n, day in enumerate(born)]  # 4,000 different people: all could come in
    table = read_ledger(write_template_csv(tmp_path / "in.csv", rows))
    mapping, _source = initial_mapping(admin.db, table)

    class Cancelled(Exception):
        pass

    def cancel_part_way(fraction: float, _message: str) -> None:
        if fraction >= 0.2:
            raise Cancelled

    with pytest.raises(Cancelled):
        commit_import(admin, table, mapping, today=TODAY, progress=cancel_part_way)
    assert registrant_count(admin.db) == 0
    assert commit_import(admin, table, mapping, today=TODAY).imported == 4000  # not cancelled
    assert workers and not any(w.process.is_alive() for w in workers)


def test_rows_stored_without_per_row_checks_still_satisfy_them(admin, workers, tmp_path):
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
