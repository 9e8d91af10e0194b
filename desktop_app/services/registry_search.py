"""The one search box: names, kana, registrant numbers, card codes, phones, e-mails, addresses."""

from __future__ import annotations

from desktop_app.domain.registry_search import search_keys
from desktop_app.store.database import Database
from desktop_app.store.registrants import search_alternatives

RESULT_COLUMNS = ("id", "registrant_no", "card_code", "family_name", "given_name", "family_kana",
                  "given_kana", "kana_key", "birth_date", "kind", "tier", "status", "prefecture",
                  "city", "address", "phone", "email", "valid_until")


def search(db: Database, text: str, *, limit: int = 50) -> list[dict]:
    """Up to `limit` registrants matching what was typed, best kind of match first.

    Each kind of key is one indexed range, tried in turn: numbers and card codes, then phones
    and e-mails, then kana and names, then addresses. Each hit says what matched (`matched`).
    """
    keys = search_keys(text)
    if keys.is_empty:
        return []
    ranked: dict[int, tuple[int, str]] = {}
    for rank, (what, condition, params) in enumerate(search_alternatives(keys)):
        if len(ranked) >= limit:
            break
        for registrant_id in db.registrants.search_ids(condition, params, limit - len(ranked)):
            ranked.setdefault(registrant_id, (rank, what))
    rows = db.registrants.rows_for(list(ranked), RESULT_COLUMNS)
    for row in rows:
        row["matched"] = ranked[row["id"]][1]
    rows.sort(key=lambda r: (ranked[r["id"]][0], r["kana_key"], r["id"]))
    return rows
