"""Bad input, property-based: the card/QR verifier against scanned junk and altered codes.

Rules: whatever is scanned or typed gets a verdict, never an exception; a code that differs from
a genuine one (other than in case and line ends, which scanners and clerks vary) is never valid.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from desktop_app.domain.card_payload import CardPayload, Document
from desktop_app.services.card_signing import signer
from desktop_app.services.verification import Outcome, Verdict, verify

TODAY = date(2026, 12, 3)


@pytest.fixture
def genuine(office) -> str:
    payload = CardPayload("042021", Document.CARD, "ABCDE-23456", date(2027, 3, 31), "FB")
    code = signer(office).sign(payload)
    assert verify(office.db, code, today=TODAY).outcome is Outcome.VALID
    return code


def _as_scanned(text: str) -> str | None:
    """What the verifier reads of a code: case and whitespace are forgiven (None: not ASCII,
    so different from any code whatever upper() would make of it)."""
    kept = "".join(text.split())
    return kept.upper() if kept.isascii() else None


def _verdict(db, text: str) -> Verdict:
    verdict = verify(db, text, today=TODAY)
    assert isinstance(verdict, Verdict) and verdict.reason
    return verdict


def _assert_not_genuine_if_changed(db, genuine: str, changed: str) -> None:
    verdict = _verdict(db, changed)
    if _as_scanned(changed) != _as_scanned(genuine):
        assert verdict.outcome is Outcome.FORGED, (changed, verdict)


@given(st.text(max_size=200))
@example("")
@example("FT1.....")
@example("FT1.042021.C.ABC.2027.-.AAAA")
@example("FT1.０４２０２１.C.ABC.0.-." + "A" * 103)  # full-width digits pass isdigit()
@example("FT1.042021.C.ÄBC.0.-." + "A" * 103)  # not ASCII: the signed bytes cannot be made
@example("FT1.042021.C.\x80BC.0.-." + "A" * 103)
def test_any_text_gets_a_verdict(office, text):
    verdict = _verdict(office.db, text)
    assert verdict.outcome is Outcome.FORGED


@given(st.binary(max_size=200))
def test_any_bytes_get_a_verdict(office, data):
    assert _verdict(office.db, data.decode("latin-1")).outcome is Outcome.FORGED


@given(st.data())
def test_a_flipped_bit_is_never_genuine(office, genuine, data):
    raw = bytearray(genuine.encode("ascii"))
    position = data.draw(st.integers(0, len(raw) - 1), label="byte")
    raw[position] ^= 1 << data.draw(st.integers(0, 7), label="bit")
    _assert_not_genuine_if_changed(office.db, genuine, raw.decode("latin-1"))


@given(st.data())
def test_a_replaced_inserted_or_dropped_character_is_never_genuine(office, genuine, data):
    position = data.draw(st.integers(0, len(genuine)), label="position")
    character = data.draw(st.characters(), label="character")
    how = data.draw(st.sampled_from(["replace", "insert", "drop"]), label="how")
    rest = genuine[position + (how != "insert"):]
    changed = genuine[:position] + ("" if how == "drop" else character) + rest
    _assert_not_genuine_if_changed(office.db, genuine, changed)


@given(st.data())
def test_a_truncated_or_extended_code_is_never_genuine(office, genuine, data):
    cut = data.draw(st.integers(0, len(genuine) - 1), label="kept")
    tail = data.draw(st.text(max_size=8), label="tail")
    _assert_not_genuine_if_changed(office.db, genuine, genuine[:cut] + tail)


@given(st.integers(0, 31))
def test_the_signature_has_one_spelling(office, genuine, bits):
    """The last base32 letter carries 2 bits of the signature and 3 unused ones: a code whose
    unused bits differ is a different code and is not accepted as the genuine one."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    changed = genuine[:-1] + alphabet[bits]
    _assert_not_genuine_if_changed(office.db, genuine, changed)
