"""Which counter of the town a file is, and how its numbers say so.

Each counter (the main office, a branch 支所, the trial-stay house) keeps its own file and issues
registrant numbers and voucher serials while apart from the others: the counter's number is part
of every number it issues, so two counters can never issue the same one. The main office is
counter 0 and keeps the form numbers had before counters existed (R7-000123, 2025-000123-4), so
numbers already on printed cards and vouchers stay valid; counters 1 to 9 add their digit
(R7-1-000123, 2025-1-000123-7). The number is given at set-up, or when a counter joins.
"""

from __future__ import annotations

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.text import N_

MAIN_OFFICE = 0
LAST_COUNTER = 9


def check_counter(counter: int) -> int:
    if not MAIN_OFFICE <= counter <= LAST_COUNTER:
        raise RuleRefused(N_("A counter's number is 0 (the main office) to {last}."),
                          {"last": LAST_COUNTER}, field=N_("Counter"))
    return counter


def counter_mark(counter: int) -> str:
    """What a counter adds to its numbers: nothing for the main office, else `-N`."""
    return "" if check_counter(counter) == MAIN_OFFICE else f"-{counter}"
