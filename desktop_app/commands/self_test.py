"""`futasato --self-test`: one line per check, then exit 0, or 1 naming what is missing."""

from __future__ import annotations

import sys

from desktop_app.i18n import _
from desktop_app.services.self_test import run_self_test


def run() -> int:
    results = run_self_test()
    for result in results:
        mark = "OK" if result.passed else "NG"
        line = f"[{mark}] {_(result.name)}"
        print(line if result.passed else f"{line}: {result.problem}")
    failed = [_(result.name) for result in results if not result.passed]
    if failed:
        print(_("Self-test failed: {checks}").format(checks=", ".join(failed)), file=sys.stderr)
        return 1
    print(_("Self-test passed: this copy of Futasato has everything it needs."))
    return 0
