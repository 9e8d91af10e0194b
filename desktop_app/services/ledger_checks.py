"""Every row of a ledger through the counter's checks, side by side on the machine's cores.

A row is checked on its own: the rules need nothing but the row, the office record and the day.
So a large file is cut into slices that worker processes check at once, and the outcomes come
back in file order. A small file (or a machine of one core) is checked here, in this process.
If the workers cannot start or one dies, the rows are checked here instead: slower, not lost.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from functools import cache

from desktop_app.domain.application import Application
from desktop_app.domain.ledger_columns import Mapping
from desktop_app.domain.ledger_rows import AddressSplitter, ImportedPerson, RowProblem, RowReader
from desktop_app.services.municipalities import all_municipalities
from desktop_app.services.registration import checked_values

# Below this many rows, starting workers (about a quarter of a second) costs more than it saves.
PARALLEL_FROM = 20_000
SLICE_ROWS = 5_000
MAX_WORKERS = 4

Outcome = ImportedPerson | list[RowProblem]
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class RowCheck:
    """What checking a row needs besides the row: picklable, so a worker process can have it."""

    mapping: Mapping
    headers: list[str]
    office: dict
    today: date

    def reader(self) -> RowReader:
        def check(application: Application) -> dict:
            return checked_values(application, self.today, self.office)

        return RowReader(self.mapping, addresses(), check, self.headers)


@cache
def addresses() -> AddressSplitter:
    return AddressSplitter((m.prefecture, m.name) for m in all_municipalities().values())


def check_rows(job: RowCheck, rows: list[tuple[int, list]], *,
               progress: Progress | None = None, share: float = 1.0) -> list[Outcome]:
    """The outcome of each row (a person, or every problem), in the order of `rows`.

    `progress` hears fractions from 0 to `share`; it may raise to cancel the work.
    """
    workers = min(MAX_WORKERS, os.cpu_count() or 1)
    if len(rows) >= PARALLEL_FROM and workers > 1:
        try:
            return _in_workers(job, rows, workers, progress, share)
        except (OSError, BrokenProcessPool):
            pass  # checked below, in this process
    return _here(job, rows, progress, share)


def _here(job: RowCheck, rows: list[tuple[int, list]], progress: Progress | None,
          share: float) -> list[Outcome]:
    reader = job.reader()
    outcomes = []
    total = len(rows) or 1
    for done, (row, values) in enumerate(rows):
        if progress and done % 2000 == 0:
            progress(share * done / total, "")
        outcomes.append(reader.read(row, values))
    return outcomes


def _in_workers(job: RowCheck, rows: list[tuple[int, list]], workers: int,
                progress: Progress | None, share: float) -> list[Outcome]:
    slices = [rows[start:start + SLICE_ROWS] for start in range(0, len(rows), SLICE_ROWS)]
    # "spawn" everywhere: the only way on Windows, and forking a process that runs Qt is unsafe.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        pending = [pool.submit(_check_slice, job, part) for part in slices]
        outcomes: list[Outcome] = []
        for done, future in enumerate(pending):
            if progress:
                progress(share * done / len(pending), "")
            outcomes.extend(future.result())
        return outcomes
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _check_slice(job: RowCheck, rows: list[tuple[int, list]]) -> list[Outcome]:
    """A worker's part: one slice of rows, checked in order."""
    reader = job.reader()
    return [reader.read(row, values) for row, values in rows]
