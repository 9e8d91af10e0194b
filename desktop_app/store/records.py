"""The bookkeeping columns every shared record carries."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime


def now_iso() -> str:
    """The current moment, UTC, to the second: what the store writes in every timestamp."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def new_record(clerk: str, terminal: str) -> dict:
    """Columns of a record being created."""
    moment = now_iso()
    return {
        "uuid": str(uuid.uuid4()),
        "version": 1,
        "terminal": terminal,
        "created_at": moment,
        "created_by": clerk,
        "updated_at": moment,
        "updated_by": clerk,
    }


def changed_record(clerk: str, terminal: str) -> dict:
    """Columns to set on a record being changed (the version is bumped in SQL)."""
    return {"terminal": terminal, "updated_at": now_iso(), "updated_by": clerk}
