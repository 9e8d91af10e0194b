"""A bench office with synthetic registrant rows, for the benches that time writing rows
(change_log, row_writes, sync_apply): no demo extras, the same people every time."""

from __future__ import annotations

from datetime import date

from desktop_app.domain.sample_data import (
    BOOKKEEPING_COLUMNS,
    REGISTRANT_COLUMNS,
    PostalArea,
    SampleRegister,
)
from desktop_app.services.office_setup import set_up_office
from desktop_app.services.session import Session
from desktop_app.store.database import Database
from desktop_app.store.postal_sample import sample_postal_rows

# The columns of each synthetic row, in order.
COLUMNS = REGISTRANT_COLUMNS + BOOKKEEPING_COLUMNS


def bench_office(db: Database) -> Session:
    """The administrator's session on a freshly set-up office."""
    return set_up_office(db, municipality_code="042021", office_name="bench",
                         admin_login="admin", admin_password="bench-pass-1",
                         admin_name="管理 太郎")


def synthetic_people(admin: Session, rows: int) -> list[tuple]:
    """`rows` registrants as tuples of COLUMNS, stamped as the administrator's records."""
    record = admin.new_record()
    addresses = [PostalArea.from_row(row) for row in sample_postal_rows(1, 4000)]
    sample = SampleRegister(seed=1, today=date(2026, 12, 1), addresses=addresses,
                            town_areas=[], clerk="admin")
    return [row for batch, _ in sample.registrant_batches(
        rows, 1, 20_000, tuple(record[c] for c in BOOKKEEPING_COLUMNS[1:])) for row in batch]
