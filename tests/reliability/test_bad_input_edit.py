"""Bad input, property-based: `registrants edit` with any value in any text field.

Rule: a value is refused with a message naming the field (exit 3 from the command line) and the
file is unchanged, or it is saved and reads back as the counter stores it (stripped; kana,
dates and postal codes in their one stored form). Through the service with many values, and
through the real `futasato registrants edit` in a subprocess with a few.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop_app.domain.application import Application, postal_code
from desktop_app.domain.dates import parse_date
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.normalize import normalize_kana
from desktop_app.services.registration import application_from_record, register, update_details
from tests.reliability.conftest import FULL, file_contents, run_cli

TODAY = date(2026, 12, 3)
# (CLI option, field, the form it is stored in, the label a refusal names)
FIELDS = {
    "family_name": ("--family-name", str.strip, "Family name"),
    "given_name": ("--given-name", str.strip, "Given name"),
    "family_kana": ("--family-kana", normalize_kana, "Family kana"),
    "given_kana": ("--given-kana", normalize_kana, "Given kana"),
    "birth_date": ("--birth-date", lambda text: parse_date(text).isoformat(), "Birth date"),
    "postal_code": ("--postal-code", postal_code, "Postal code"),
    "prefecture": ("--prefecture", str.strip, "Prefecture"),
    "city": ("--city", str.strip, "City"),
    "address": ("--address", str.strip, "Address"),
    "phone": ("--phone", str.strip, "Phone"),
    "email": ("--email", str.strip, "E-mail"),
    "local_address": ("--local-address", str.strip, "Local address"),
    "identity_checked_on": ("--identity-checked-on",
                            lambda text: parse_date(text).isoformat(), "Identity checked on"),
    "emergency_name": ("--emergency-name", str.strip, "Emergency contact"),
    "emergency_relation": ("--emergency-relation", str.strip, "Relation"),
    "emergency_phone": ("--emergency-phone", str.strip, "Emergency contact phone"),
}
# What a field meets: its own kind of value, near misses, and any text (NUL cannot be in argv).
_NEAR = st.sampled_from([
    "", " ", "\u3000", "サトウ", "さとう", "ｻﾄｳ", "佐藤", "𠮷田", "R7.4.1", "令和元年5月1日",
    "H31.4.31", "1500-01-01", "2027-01-01", "980-0811", "９８０－０８１１", "980-08", "abc",
    "090-1234-5678", "０９０１２３４５６７８", "12345", "hanako@example.jp", "a@b", "=1+1",
    "-x", "--help", "宮城県", "仙台市青葉区", "\t x \n",
])
field_values = st.one_of(_NEAR, st.text(st.characters(codec="utf-8", exclude_characters="\x00"),
                                        max_size=20))


# A プレミアム registrant whose photo ID was seen (so every field of the form applies).
PERSON = Application(
    family_name="佐藤", given_name="花子", family_kana="サトウ", given_kana="ハナコ",
    birth_date="1980-04-01", kind="furusato", tier="premium", postal_code="980-0811",
    prefecture="宮城県", city="仙台市青葉区", address="一番町2-3-4", phone="090-1234-5678",
    identity_document="driving_licence", identity_checked_by="admin",
    identity_checked_on="2025-04-01")
FROM_POSTAL_CODE = {"prefecture": "宮城県", "city": "仙台市青葉区"}  # what 980-0811 fills in


@pytest.fixture
def premium(office):
    return office, register(office, PERSON, today=TODAY)


def _as_registered(session, registrant: int) -> None:
    """Each example starts from the person as first registered."""
    update_details(session, registrant, PERSON, today=TODAY)


def _without_audit(contents: dict[str, list[str]]) -> dict[str, list[str]]:
    """The file's rows but the audit trail and its stored head: signing in to the command
    writes there even when the edit is refused."""
    kept = {name: rows for name, rows in contents.items() if name != "audit"}
    kept["settings"] = [row for row in kept["settings"] if "'audit.head'" not in row]
    return kept


def _expected(field: str, value: str) -> str | None:
    """The stored form of `value`, or None when the counter's rules refuse it."""
    if field in FROM_POSTAL_CODE and not value.strip():
        return FROM_POSTAL_CODE[field]  # left empty: filled from the postal code
    try:
        return FIELDS[field][1](value)
    except RuleRefused:
        return None


@given(st.sampled_from(sorted(FIELDS)), field_values)
@example("identity_checked_on", "R7.4.1")  # the form's own 和暦 spelling
@example("identity_checked_on", "not a day")
@example("postal_code", "abc")
def test_an_edited_field_is_refused_naming_it_or_read_back_as_stored(premium, field, value):
    session, registrant = premium
    _as_registered(session, registrant)
    before = file_contents(session.db)
    application = application_from_record(session.db.registrants.get(registrant))
    try:
        update_details(session, registrant, dataclasses.replace(application, **{field: value}),
                       today=TODAY)
    except RuleRefused as refused:
        assert refused.field, refused.message
        assert file_contents(session.db) == before
        return
    stored = session.db.registrants.get(registrant)[field]
    assert stored == _expected(field, value), (field, value, stored)


@settings(max_examples=50 if FULL else 6)
@given(st.sampled_from(sorted(FIELDS)), field_values)
@example("identity_checked_on", "R7.4.1")
@example("family_kana", "abc")
def test_registrants_edit_refuses_naming_the_field_or_saves_what_it_shows(premium, field,
                                                                          value):
    session, registrant = premium
    option, _stored_form, label = FIELDS[field]
    _as_registered(session, registrant)
    db = session.db
    before = file_contents(db)
    done = run_cli(db.path, "registrants", "edit", str(registrant), f"{option}={value}",
                   "--json")
    assert "Traceback" not in done.stderr and "unexpected" not in done.stderr, done.stderr
    if done.returncode == 3:
        assert label in done.stderr, done.stderr
        assert _without_audit(file_contents(db)) == _without_audit(before)
        return
    assert done.returncode == 0, done.stdout + done.stderr
    shown = json.loads(done.stdout)
    assert shown[field] == db.registrants.get(registrant)[field] == _expected(field, value)
