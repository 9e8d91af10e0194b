"""Printing as use cases: gather the data, refuse what cannot print, sign, draw, audit.

Each use case returns PDF bytes. A preview draws the same document with the 見本 watermark and
writes nothing; a real print (or a PDF saved for printing) writes one audit row saying who printed
what, for whom, and how many copies, in a short transaction of its own: no PDF is drawn while the
file's write lock is held. Long batches take a `Progress` and a `CancelFlag`
(`domain/progress.py`), so the GUI can run them on its worker.

One module per family of documents, all sharing `shared` (names, the font check, the audit
row), as the house and stay prints do (`services/stay_house_printing.py`). Callers import the use
cases from this package, not from its modules.
"""

from desktop_app.services.printing.cards import card_data, print_card, print_cards, print_cards_for
from desktop_app.services.printing.certificates import issue_certificate, void_certificate
from desktop_app.services.printing.forms import (
    print_application_form,
    print_exchange_key,
    print_public_key,
)
from desktop_app.services.printing.letters import print_labels, print_letters, select_people
from desktop_app.services.printing.phone_card import phone_card_format, print_phone_card
from desktop_app.services.printing.shared import STATUS_WORDS, find_registrant, statuses_from_word
from desktop_app.services.printing.vouchers import print_vouchers

__all__ = [
    "STATUS_WORDS", "card_data", "find_registrant", "issue_certificate", "phone_card_format",
    "print_application_form", "print_card", "print_cards", "print_cards_for", "print_exchange_key",
    "print_labels", "print_letters", "print_phone_card", "print_public_key", "print_vouchers",
    "select_people", "statuses_from_word", "void_certificate",
]
