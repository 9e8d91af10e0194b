"""Windows past the middle of the list are read backwards; they must be the same rows in order."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.services.demo import fill_demo
from desktop_app.store import registrants as store
from desktop_app.store.registrants import ListQuery


@pytest.mark.parametrize("query", [ListQuery(), ListQuery(descending=True),
                                   ListQuery(sort="birth"), ListQuery(sort="status"),
                                   ListQuery(status="registered", descending=True)])
def test_windows_read_backwards_match_the_forward_list(admin, monkeypatch, query):
    fill_demo(admin, registrants=150, seed=5, today=date(2026, 11, 22))
    repository = admin.db.registrants
    total = repository.count(query)
    monkeypatch.setattr(store, "REVERSE_FROM", 10**9)
    forward = repository.window(query, 0, total + 10)
    assert len(forward) == total
    monkeypatch.setattr(store, "REVERSE_FROM", 0)
    for offset in (0, total // 2, total // 2 + 1, total - 40, total - 7, total - 1, total):
        assert repository.window(query, offset, 20) == forward[offset:offset + 20]
