"""Sample registrant rows for the demo fill, made in a second process for a large register.

For a million people, making the rows is about a third of the work and inserting them the rest;
on two cores the two overlap. The child runs the very same `SampleRegister`, in the same order,
and hands back the generator's state at the end, so the rows, and everything drawn after them
(houses, bookings), are exactly those the same seed gives in one process.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Iterator

from desktop_app.domain.errors import FutasatoError
from desktop_app.domain.sample_data import SampleRegister
from desktop_app.domain.text import N_

# Batches the child may run ahead of the inserts (about 9 MB each for 20,000 people).
AHEAD = 4
# How often the parent looks whether the child is still there while it waits for rows.
_POLL_SECONDS = 1.0

Batch = tuple[list[tuple], list[tuple]]


def batches_from_child(sample: SampleRegister, total: int, first_id: int, batch_size: int,
                       bookkeeping: tuple) -> Iterator[Batch]:
    """`sample.registrant_batches(...)`, made by a child process.

    When the last batch has been taken, `sample` is left as the in-process generator would
    leave it. Closing the iterator early (a cancel, an error) ends the child.
    """
    # "spawn" everywhere: it is the only way on Windows, and forking a process that runs Qt
    # threads is unsafe.
    context = multiprocessing.get_context("spawn")
    rows: multiprocessing.Queue = context.Queue(maxsize=AHEAD)
    child = context.Process(target=_make_rows, name="futasato-demo-rows", daemon=True,
                            args=(rows, sample, total, first_id, batch_size, bookkeeping))
    child.start()
    try:
        while True:
            kind, *payload = _next_message(rows, child)
            if kind == "rows":
                yield payload[0], payload[1]
            elif kind == "end":
                state, numbers, bookable = payload
                sample.rng.setstate(state)
                sample.numbers.clear()
                sample.numbers.update(numbers)
                sample.bookable[:] = bookable
                return
            else:
                raise FutasatoError(N_("Making the sample rows failed: {error}"),
                                    {"error": payload[0]})
    finally:
        if child.is_alive():
            child.terminate()
        child.join()
        rows.close()
        rows.cancel_join_thread()


def _next_message(rows: multiprocessing.Queue, child: multiprocessing.Process) -> tuple:
    while True:
        try:
            return rows.get(timeout=_POLL_SECONDS)
        except queue.Empty:
            if not child.is_alive():
                raise FutasatoError(
                    N_("The process making the sample rows stopped unexpectedly (exit code "
                       "{code})."), {"code": child.exitcode}) from None


def _make_rows(rows: multiprocessing.Queue, sample: SampleRegister, total: int, first_id: int,
               batch_size: int, bookkeeping: tuple) -> None:
    try:
        for people, involvement in sample.registrant_batches(total, first_id, batch_size,
                                                             bookkeeping):
            rows.put(("rows", people, involvement))
    except Exception as error:  # reported to the parent, which raises it in its own words
        rows.put(("failed", repr(error)))
        return
    rows.put(("end", sample.rng.getstate(), sample.numbers, sample.bookable))
