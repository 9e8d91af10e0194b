"""The exchange keys in key slots: a stolen file alone signs nothing, each signing-off clerk opens
the key with their own password, slots follow the accounts, and an older file gets its key at the
first sign-in of a clerk who may sign off."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from desktop_app.domain.errors import PermissionDenied, RuleRefused
from desktop_app.domain.roles import Role
from desktop_app.services import accounts, exchange_keys, key_slots
from desktop_app.services.audit_trail import verify_audit
from desktop_app.services.office_setup import set_up_office
from desktop_app.services.sign_in import sign_in
from desktop_app.store.database import Database
from tests.accounts_helpers import add_account
from tests.conftest import ADMIN_PASSWORD

SUPER_PASSWORD = "supervisor-pass-1"
FIXTURES = Path(__file__).parent / "fixtures"
RAW = serialization.Encoding.Raw


def _raw(private) -> bytes:
    return private.private_bytes(RAW, serialization.PrivateFormat.Raw,
                                 serialization.NoEncryption())


def _public(private) -> bytes:
    return private.public_key().public_bytes(RAW, serialization.PublicFormat.Raw)


def _file_bytes(db: Database) -> bytes:
    """The whole file as a thief would copy it, journal included."""
    db.execute("PRAGMA wal_checkpoint(FULL)")
    path = db.path
    extra = Path(f"{path}-wal")
    return path.read_bytes() + (extra.read_bytes() if extra.exists() else b"")


def _actions(db: Database) -> list[str]:
    return [row[0] for row in db.execute("SELECT action FROM audit ORDER BY id")]


def test_a_stolen_file_holds_no_private_key_and_no_slot_opens_without_a_password(admin, db):
    signing = exchange_keys.unlock_exchange_key(admin, ADMIN_PASSWORD)
    assert exchange_keys.exchange_public_key_pem(db) == signing.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    stolen = _file_bytes(db)
    assert _raw(signing) not in stolen
    assert _public(signing) in stolen or b"PUBLIC KEY" in stolen  # the public half is there
    account = db.exchange_keys.account_key("admin")
    for guess in ("", "counter-pass-2", ADMIN_PASSWORD.upper()):
        with pytest.raises(key_slots.WrongPassword):
            key_slots.open_with_password(account["sealed_private_key"], guess,
                                         b"futasato account key|admin")
    with pytest.raises(PermissionDenied):
        exchange_keys.unlock_exchange_key(admin, "counter-pass-2")


def test_a_prefectures_file_holds_neither_of_its_private_keys(tmp_path):
    db = Database(tmp_path / "pref.sqlite")
    session = set_up_office(db, municipality_code="040002", office_name="宮城県",
                            admin_login="admin", admin_password=ADMIN_PASSWORD, prefecture=True)
    assert exchange_keys.is_prefecture(db)
    pem = exchange_keys.unlock_prefecture_decryption_key(session, ADMIN_PASSWORD)
    rsa = serialization.load_pem_private_key(pem, None)
    der = rsa.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    signing = exchange_keys.unlock_exchange_key(session, ADMIN_PASSWORD)
    certificate = exchange_keys.prefecture_certificate_pem(db)
    from cryptography import x509

    assert x509.load_pem_x509_certificate(certificate).public_key().public_numbers() == (
        rsa.public_key().public_numbers())
    assert len(exchange_keys.pseudonym_key(db)) == 32
    stolen = _file_bytes(db)
    assert _raw(signing) not in stolen and der[-200:] not in stolen
    assert b"PRIVATE KEY" not in stolen
    assert _actions(db) == ["office.set_up", "exchange_key.create", "exchange_key.create",
                            "pseudonym_key.create"]
    db.close()


def test_set_up_refuses_a_prefectures_code_for_a_town_and_a_towns_for_a_prefecture(empty_db):
    with pytest.raises(RuleRefused):
        set_up_office(empty_db, municipality_code="040002", office_name="宮城県",
                      admin_login="admin", admin_password=ADMIN_PASSWORD)
    with pytest.raises(RuleRefused):
        set_up_office(empty_db, municipality_code="042021", office_name="石巻市",
                      admin_login="admin", admin_password=ADMIN_PASSWORD, prefecture=True)
    assert empty_db.office.get() is None


def test_a_supervisor_gets_a_slot_at_the_next_sign_in_of_a_holder(admin, db):
    add_account(admin, "sup1", Role.SUPERVISOR, SUPER_PASSWORD)
    supervisor = sign_in(db, "sup1", SUPER_PASSWORD)
    with pytest.raises(PermissionDenied) as refused:
        exchange_keys.unlock_exchange_key(supervisor, SUPER_PASSWORD)
    assert "sup1" in refused.value.message and "サインイン" in refused.value.message

    sign_in(db, "admin", ADMIN_PASSWORD)
    assert _actions(db)[-1] == "key_slot.grant"
    opened = exchange_keys.unlock_exchange_key(supervisor, SUPER_PASSWORD)
    assert _raw(opened) == _raw(exchange_keys.unlock_exchange_key(admin, ADMIN_PASSWORD))
    with pytest.raises(PermissionDenied):
        exchange_keys.unlock_exchange_key(supervisor, ADMIN_PASSWORD)
    sign_in(db, "admin", ADMIN_PASSWORD)  # nothing left to grant: no row beyond the sign-in
    assert _actions(db)[-1] == "sign_in.ok"
    assert verify_audit(admin) == len(_actions(db))


def test_a_counter_clerk_has_no_account_key_and_may_not_open_the_key(admin, db):
    add_account(admin, "clerk9", Role.CLERK, "clerk-pass-99")
    sign_in(db, "admin", ADMIN_PASSWORD)
    assert db.exchange_keys.account_key("clerk9") is None
    with pytest.raises(PermissionDenied):
        exchange_keys.unlock_exchange_key(sign_in(db, "clerk9", "clerk-pass-99"),
                                          "clerk-pass-99")


def test_demoted_and_deactivated_clerks_lose_their_slots(admin, db):
    add_account(admin, "sup1", Role.SUPERVISOR, SUPER_PASSWORD)
    add_account(admin, "sup2", Role.SUPERVISOR, SUPER_PASSWORD)
    sign_in(db, "admin", ADMIN_PASSWORD)
    key_id = db.exchange_keys.active("signing")["id"]
    assert db.exchange_keys.slot_holders(key_id) == ["admin", "sup1", "sup2"]

    accounts.change_role(admin, "sup1", Role.CLERK)
    accounts.deactivate(admin, "sup2")
    assert db.exchange_keys.slot_holders(key_id) == ["admin"]
    assert db.exchange_keys.account_key("sup1") is None

    accounts.change_role(admin, "sup1", Role.SUPERVISOR)  # promoted again: a key at sign-in,
    again = sign_in(db, "sup1", SUPER_PASSWORD)          # a slot at a holder's next sign-in
    assert db.exchange_keys.account_key("sup1") is not None
    with pytest.raises(PermissionDenied):
        exchange_keys.unlock_exchange_key(again, SUPER_PASSWORD)
    sign_in(db, "admin", ADMIN_PASSWORD)
    exchange_keys.unlock_exchange_key(again, SUPER_PASSWORD)


def test_a_reset_makes_a_new_account_key_and_the_slot_comes_back(admin, db):
    add_account(admin, "sup1", Role.SUPERVISOR, SUPER_PASSWORD)
    sign_in(db, "admin", ADMIN_PASSWORD)
    before = db.exchange_keys.account_key("sup1")["public_key"]
    accounts.reset_password(admin, "sup1", "reset-by-admin-1")
    assert db.exchange_keys.account_key("sup1")["public_key"] != before
    first = sign_in(db, "sup1", "reset-by-admin-1")
    accounts.change_own_password(first, "reset-by-admin-1", "chosen-again-1")
    supervisor = sign_in(db, "sup1", "chosen-again-1")
    with pytest.raises(PermissionDenied):
        exchange_keys.unlock_exchange_key(supervisor, "chosen-again-1")
    sign_in(db, "admin", ADMIN_PASSWORD)
    exchange_keys.unlock_exchange_key(supervisor, "chosen-again-1")


def test_changing_ones_own_password_keeps_the_slot(admin, db):
    add_account(admin, "sup1", Role.SUPERVISOR, SUPER_PASSWORD)
    sign_in(db, "admin", ADMIN_PASSWORD)
    supervisor = sign_in(db, "sup1", SUPER_PASSWORD)
    accounts.change_own_password(supervisor, SUPER_PASSWORD, "another-pass-2")
    exchange_keys.unlock_exchange_key(supervisor, "another-pass-2")
    with pytest.raises(PermissionDenied):
        exchange_keys.unlock_exchange_key(supervisor, SUPER_PASSWORD)


def test_rotating_seals_the_new_key_for_every_signing_off_clerk(admin, db, clerk):
    add_account(admin, "sup1", Role.SUPERVISOR, SUPER_PASSWORD)
    old = exchange_keys.exchange_key(db)
    with pytest.raises(PermissionDenied):
        exchange_keys.rotate_exchange_key(sign_in(db, "sup1", SUPER_PASSWORD))
    new = exchange_keys.rotate_exchange_key(admin)
    assert new["fingerprint"] != old["fingerprint"]
    assert exchange_keys.exchange_key(db)["fingerprint"] == new["fingerprint"]
    assert db.exchange_keys.slot_holders(new["id"]) == ["admin", "sup1"]
    exchange_keys.unlock_exchange_key(sign_in(db, "sup1", SUPER_PASSWORD), SUPER_PASSWORD)
    assert _actions(db).count("exchange_key.rotate") == 1


def test_a_slot_copied_to_another_clerk_does_not_open(admin, db):
    add_account(admin, "sup1", Role.SUPERVISOR, SUPER_PASSWORD)
    key = db.exchange_keys.active("signing")
    stolen = db.exchange_keys.slot(key["id"], "admin")
    with db.transaction():
        db.exchange_keys.add_slot({**stolen, "login": "sup1"})
    with pytest.raises(PermissionDenied):
        exchange_keys.unlock_exchange_key(sign_in(db, "sup1", SUPER_PASSWORD), SUPER_PASSWORD)


def test_a_schema_8_file_gets_the_tables_then_its_key_at_the_first_sign_off_sign_in(tmp_path):
    path = tmp_path / "schema-8.sqlite"
    shutil.copyfile(FIXTURES / path.name, path)
    db = Database(path)
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        assert {"account_keys", "exchange_keys", "key_slots", "prefecture_keys",
                "trusted_towns"} <= tables
        assert db.exchange_keys.all() == [] and db.office.get()["mode"] == "town"
        admin = sign_in(db, "admin", ADMIN_PASSWORD)  # the file's one signing-off account
        assert _actions(db)[-3:] == ["sign_in.ok", "account_key.create", "exchange_key.create"]
        assert db.exchange_keys.slot_holders(exchange_keys.exchange_key(db)["id"]) == ["admin"]
        exchange_keys.unlock_exchange_key(admin, ADMIN_PASSWORD)
        add_account(admin, "sup1", Role.SUPERVISOR, SUPER_PASSWORD)
        sign_in(db, "admin", ADMIN_PASSWORD)
        exchange_keys.unlock_exchange_key(sign_in(db, "sup1", SUPER_PASSWORD), SUPER_PASSWORD)
        assert verify_audit(admin) == len(_actions(db))
    finally:
        db.close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] >= 9
    connection.close()
