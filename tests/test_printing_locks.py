"""No print holds the write lock while it draws, and a drawing that fails leaves the file sound.

A town runs two or three counters on one file; drawing a sheet takes seconds, so a print that drew
inside its transaction would make every other counter wait (or fail) meanwhile.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from desktop_app.printing.layout import PdfWriter
from desktop_app.services import certificate_list, printing, stays
from desktop_app.services.stay_house_printing import (
    print_booking_confirmation,
    print_house_listing,
)
from desktop_app.services.vouchers import BatchInput, issue_batch
from tests import stays_helpers
from tests.printing_helpers import (
    TODAY,
    other_counter,  # noqa: F401 (fixture)
    register_people,
    supervisor_of,
)

facility = stays_helpers.facility


@pytest.fixture
def people(admin, clerk) -> list[int]:
    return register_people(clerk, supervisor_of(admin), count=3)


def test_another_counter_writes_while_any_document_is_drawn(admin, clerk, db, people, facility,
                                                            other_counter):  # noqa: F811
    batch, _serials = issue_batch(clerk, BatchInput(count=2, value=1,
                                                    expires_on=date(2026, 3, 31)), today=TODAY)
    chosen = [db.registrants.get(i) for i in people]
    house = stays_helpers.published_house(admin, "北上", price_yen=3_000_000)
    booking = stays.book(admin, facility_id=facility, registrant=people[0],
                         check_in=date(2026, 8, 1), check_out=date(2026, 8, 3))
    real_prints = {
        "card": lambda: printing.print_card(clerk, people[0]),
        "cards": lambda: printing.print_cards(clerk),
        "cards of the chosen": lambda: printing.print_cards_for(clerk, people[:2]),
        "certificate": lambda: printing.issue_certificate(clerk, people[0], today=TODAY),
        "vouchers": lambda: printing.print_vouchers(clerk, batch),
        "labels": lambda: printing.print_labels(clerk, chosen),
        "letters": lambda: printing.print_letters(clerk, chosen, today=TODAY),
        "application form": lambda: printing.print_application_form(clerk, people[1]),
        "public key": lambda: printing.print_public_key(clerk),
        "house listing": lambda: print_house_listing(admin, house, today=TODAY),
        "booking confirmation": lambda: print_booking_confirmation(admin, booking),
    }
    for document, real_print in real_prints.items():
        before = other_counter.commits
        real_print()
        assert other_counter.commits == before + 1, document
        assert not db.connection.in_transaction, document


def certificate_rows(db, registrant: int) -> dict[str, dict]:
    return {row["certificate_no"]: row for row in certificate_list.of_registrant(db, registrant)}


def test_a_failed_drawing_keeps_its_number_used_audited_and_the_file_sound(clerk, db, people,
                                                                          monkeypatch):
    first, _pdf = printing.issue_certificate(clerk, people[0], today=TODAY)

    def broken(writer: PdfWriter) -> bytes:
        raise OSError("No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(PdfWriter, "finish", broken)
        with pytest.raises(OSError):
            printing.issue_certificate(clerk, people[0], today=TODAY, reason="汚損")
    assert not db.connection.in_transaction
    assert db.integrity_problems() == []
    taken = "S-R7-00002"
    rows = certificate_rows(db, people[0])
    assert rows[taken]["status"] == "issued"
    assert (rows[first]["status"], rows[first]["void_reason"]) == ("void", "汚損")
    [issued, _first] = [json.loads(row["after_json"]) for row in db.audit.recent(50)
                        if row["action"] == "certificate.issue"]
    assert issued["certificate_no"] == taken
    again, pdf = printing.issue_certificate(clerk, people[0], today=TODAY)
    assert again == "S-R7-00003" and pdf.startswith(b"%PDF")
    rows = certificate_rows(db, people[0])
    assert rows[taken]["status"] == "void" and rows[again]["status"] == "issued"
