"""Every row of a ledger through the counter's checks, side by side on the machine's cores.

A row is checked on its own: the rules need nothing but the row, the office record and the day.
So a large file is split between worker processes and this one, and the outcomes are put back
in file order. A small file (or a machine of one core) is checked here alone. A worker that
cannot start, fails or dies only means its part is checked here instead: slower, never lost.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from dataclasses import dataclass
from datetime import date
from functools import cache
from multiprocessing.connection import Connection

from desktop_app.domain.application import Application
from desktop_app.domain.ledger_columns import Mapping
from desktop_app.domain.ledger_rows import AddressSplitter, ImportedPerson, RowProblem, RowReader
from desktop_app.domain.progress import Progress
from desktop_app.services.municipalities import all_municipalities
from desktop_app.services.registration import checked_values

# Below this many rows, starting a worker (about a quarter of a second) costs more than it saves.
PARALLEL_FROM = 20_000
MAX_WORKERS = 3
# This process also sends the rows out and takes the outcomes back, so it checks a smaller part.
OWN_SHARE = 0.8
PROGRESS_EVERY = 2000
WAIT_SECONDS = 0.1  # how often a wait for the workers lets `progress` cancel

Outcome = ImportedPerson | list[RowProblem]
Rows = list[tuple[int, list]]


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


def check_rows(job: RowCheck, rows: Rows, *, progress: Progress | None = None,
               share: float = 1.0) -> list[Outcome]:
    """The outcome of each row (a person, or every problem), in the order of `rows`.

    `progress` hears fractions from 0 to `share`; it may raise to cancel the work.
    """
    workers = min(MAX_WORKERS, (os.cpu_count() or 1) - 1)  # this process takes a core too
    if len(rows) < PARALLEL_FROM or workers < 1:
        return _here(job, rows, progress, share)
    parts = _split(rows, workers)
    helpers = [_Worker.start(job, part) for part in parts[:-1]]
    try:
        # Every part goes at about the same pace: this one's progress stands for them all.
        own = _here(job, parts[-1], progress, share * 0.95)
        outcomes = []
        for helper, part in zip(helpers, parts, strict=False):
            done = helper.outcomes(progress, share * 0.95)
            outcomes += done if done is not None else _here(job, part, None, 0)
        return outcomes + own
    finally:
        for helper in helpers:
            helper.stop()


def _split(rows: Rows, workers: int) -> list[Rows]:
    """The workers' parts from the front of the file, then this process's smaller part."""
    theirs = len(rows) - int(len(rows) * OWN_SHARE / (workers + OWN_SHARE))
    each = -(-theirs // workers)  # rounded up
    parts = [rows[start:min(start + each, theirs)] for start in range(0, theirs, each)]
    return [*parts, rows[theirs:]]


def _here(job: RowCheck, rows: Rows, progress: Progress | None,
          share: float) -> list[Outcome]:
    reader = job.reader()
    outcomes = []
    total = len(rows) or 1
    for done, (row, values) in enumerate(rows):
        if progress and done % PROGRESS_EVERY == 0:
            progress(share * done / total, "")
        outcomes.append(reader.read(row, values))
    return outcomes


class _Worker:
    """One worker process with its part of the rows, reached through a pipe."""

    def __init__(self, process, connection: Connection | None, sender: threading.Thread | None):
        self.process, self.connection, self.sender = process, connection, sender
        self.answered = False

    @classmethod
    def start(cls, job: RowCheck, part: Rows) -> _Worker:
        # "spawn" everywhere: the only way on Windows, and forking a process that runs Qt is
        # unsafe. In the bundled app, freeze_support() in __main__ runs the child's part.
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        process = context.Process(target=_work, args=(theirs,), daemon=True,
                                  name="futasato-ledger-check")
        try:
            process.start()
        except OSError:
            return cls(None, None, None)
        theirs.close()
        # The rows go out from a thread: the pipe holds little, and this process has rows to
        # check meanwhile.
        sender = threading.Thread(target=_send, args=(ours, (job, part)), daemon=True)
        sender.start()
        return cls(process, ours, sender)

    def outcomes(self, progress: Progress | None, at: float) -> list[Outcome] | None:
        """The worker's outcomes, or None when it failed or died (its part is then redone)."""
        if self.connection is None:
            return None
        if progress:
            progress(at, "")  # a chance to cancel, however soon the worker answers
        try:
            while not self.connection.poll(WAIT_SECONDS):
                if not self.process.is_alive() and not self.connection.poll():
                    return None
                if progress:
                    progress(at, "")
            answer = self.connection.recv()
        except (EOFError, OSError):
            return None
        self.answered = isinstance(answer, list)
        return answer if self.answered else None

    def stop(self) -> None:
        """Let a worker that has answered end by itself; end any other (cancelled, stuck)."""
        if self.process is None:
            return
        if self.answered:
            self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.sender.join()  # with the worker gone, a send still under way fails at once
        self.connection.close()


def _send(connection: Connection, message: tuple) -> None:
    with contextlib.suppress(OSError, ValueError):  # the worker is gone: its part is redone here
        connection.send(message)


def _work(connection: Connection) -> None:
    """A worker's life: take its rows, check them in order, send the outcomes back."""
    try:
        job, rows = connection.recv()
        reader = job.reader()
        connection.send([reader.read(row, values) for row, values in rows])
    except Exception as error:  # any failure: the parent checks the part itself
        connection.send(repr(error))
    finally:
        connection.close()
