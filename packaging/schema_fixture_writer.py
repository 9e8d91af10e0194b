"""Writes one schema fixture with the code of an earlier release (see make_schema_fixtures.py).

Run as `python schema_fixture_writer.py OUT SCHEMA` with PYTHONPATH at that release's checkout:
every `desktop_app` import below is that release's own code. Only names every release has are
imported at the top; each area is written once the schema has its tables, through the release's
services where it had them, else through its own `Session.write` (one transaction, one audit row).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from desktop_app.domain.application import Application
from desktop_app.domain.roles import Role
from desktop_app.services.office_setup import set_up_office
from desktop_app.services.registration import register
from desktop_app.services.session import Session
from desktop_app.store.database import Database
from desktop_app.store.migrations import LATEST_VERSION, MIGRATIONS

DAY = date(2026, 4, 10)
# (family, given, family kana, given kana, birth, kind, tier, prefecture, city, address, phone)
PEOPLE = [
    ("𠮷田", "誠", "ヨシダ", "マコト", "1989-01-08", "furusato", "basic", "埼玉県", "川口市",
     "𠮷祥寺通り 1-2", "090-9999-0000"),
    ("髙橋", "美咲", "タカハシ", "ミサキ", "1999-01-15", "dual", None, "神奈川県", "横浜市港北区",
     "日吉 3-4-5", "070-7777-8888"),
    ("佐藤", "𠮷子", "サトウ", "ヨシコ", "1950-12-24", "furusato", "basic", "東京都", "世田谷区",
     "", "03-1234-5678"),
]


def open_at(path: Path, schema: int) -> Database:
    """A new file at `schema`: the release's own migration, or its own steps up to `schema`
    when the release already had later ones (its migrate_file loop, stopped early)."""
    if schema == LATEST_VERSION:
        return Database(path)
    db = Database(path, migrate=False)
    for number in range(1, schema + 1):
        db.connection.execute("BEGIN EXCLUSIVE")
        MIGRATIONS[number](db.connection)
        db.connection.execute(f"PRAGMA user_version = {number}")
        db.connection.execute("COMMIT")
    return db


def tables(db: Database) -> set[str]:
    return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def insert(session: Session, action: str, table: str, values: dict) -> int:
    """A row written as the release's own services write one: record columns and an audit row."""
    row = {**values, **session.new_record()}
    with session.write(action, table) as change:
        cursor = session.db.execute(
            f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
            tuple(row.values()))
        change.entity_id = cursor.lastrowid
        change.after = row
    return cursor.lastrowid


def people(admin: Session) -> list[int]:
    ids = []
    for family, given, fkana, gkana, birth, kind, tier, prefecture, city, address, phone in PEOPLE:
        ids.append(register(admin, Application(
            family_name=family, given_name=given, family_kana=fkana, given_kana=gkana,
            birth_date=birth, kind=kind, tier=tier, prefecture=prefecture, city=city,
            address=address, phone=phone), today=DAY))
    return ids


def by_sql(admin: Session, ids: list[int], have: set[str]) -> None:
    """Releases before schema 5 had services only for the office and registration."""
    insert(admin, "involvement.add", "involvement", {
        "registrant_id": ids[0], "kind": "donation", "occurred_on": "2026-04-01",
        "amount_yen": 30000, "reference": "寄附-𠮷-0001", "note": "ふるさと納税"})
    if "houses" in have:
        insert(admin, "house.add", "houses", {
            "listing_no": "2026-001", "address": "宮城県石巻市北上町 𠮷浜 1-2", "deal": "rent",
            "owner_name": "髙橋 一郎", "rent_yen": 45000, "floor_m2": 90.5, "layout": "4LDK",
            "status": "draft"})
        facility = insert(admin, "facility.add", "facilities", {
            "name": "お試し住宅 北上", "capacity": 4, "nightly_fee_yen": 2000, "max_nights": 14})
        booking = insert(admin, "booking.add", "bookings", {
            "facility_id": facility, "registrant_id": ids[0], "check_in": "2026-05-01",
            "check_out": "2026-05-04", "guests": 2, "status": "confirmed", "fee_yen": 6000})
    if "vouchers" in have:
        batch = insert(admin, "voucher.issue", "voucher_batches", {
            "issued_on": DAY.isoformat(), "donor": "𠮷田 誠", "receipt_no": "R-0001",
            "donation_yen": 30000, "count": 2})
        for number, status in ((1, "redeemed"), (2, "issued")):
            insert(admin, "voucher.issue", "vouchers", {
                "batch_id": batch, "serial": f"V26-{number:05d}", "verification_code": "ABCD",
                "unit": "nights", "value": 1, "expires_on": "2027-03-31", "status": status,
                "booking_id": booking if status == "redeemed" else None,
                "redeemed_at": "2026-05-01T10:00:00" if status == "redeemed" else None})
    if "certificates" in have:
        with admin.write("card_key.create", "card_signing_key") as change:
            change.entity_id = admin.db.execute(
                "INSERT INTO card_signing_keys (algorithm, private_key, public_key, fingerprint,"
                " created_at, created_by) VALUES ('ed25519', ?, ?, 'SHA256:fixture', ?, ?)",
                (bytes(range(32)), bytes(range(32, 64)), "2026-04-10T09:00:00", admin.clerk),
            ).lastrowid
        insert(admin, "certificate.issue", "certificates", {
            "certificate_no": "S-R8-00001", "registrant_id": ids[0], "kind": "registration",
            "issued_on": DAY.isoformat(), "status": "issued"})


def by_services(admin: Session, ids: list[int]) -> None:
    """Schema 5 on: every area had its services; imported here as older releases lack them."""
    from desktop_app.domain.houses import Deal, HouseInput, HouseStatus
    from desktop_app.services import houses, registry_status, stays, vouchers
    from desktop_app.services.accounts import create_clerk
    from desktop_app.services.consultations import record_consultation
    from desktop_app.services.involvement import log_involvement
    from desktop_app.services.printing import issue_certificate

    supervisor = Session(admin.db, clerk="super1", role=Role.SUPERVISOR, terminal=admin.terminal)
    for registrant in ids[:2]:
        registry_status.approve(supervisor, registrant, today=DAY)
    log_involvement(admin, ids[0], "donation", "2026-04-01", amount_yen=30000,
                    reference="寄附-𠮷-0001", note="ふるさと納税", today=DAY)
    record_consultation(admin, ids[1], "2026-04-05", "counter", ["housing"],
                        notes="𠮷浜の空き家について", today=DAY)
    house = houses.add_house(admin, HouseInput(
        address="宮城県石巻市北上町 𠮷浜 1-2", district="北上", deal=Deal.RENT, rent_yen=45000,
        floor_m2=90.5, layout="4LDK", owner_name="髙橋 一郎", owner_contact="0225-00-0000"),
        today=DAY)
    houses.record_consent(admin, house, DAY, "同意書")
    houses.change_status(admin, house, HouseStatus.PUBLISHED, today=DAY)
    facility = stays.add_facility(admin, stays.FacilityInput(
        name="お試し住宅 北上", capacity=4, nightly_fee_yen=2000, max_nights=14))
    booking = stays.book(admin, facility_id=facility, registrant=ids[0],
                         check_in=date(2026, 5, 1), check_out=date(2026, 5, 4), guests=2)
    _batch, serials = vouchers.issue_batch(admin, vouchers.BatchInput(
        count=2, value=1, expires_on=date(2027, 3, 31), donor="𠮷田 誠", receipt_no="R-0001",
        donation_yen=30000), today=DAY)
    code = admin.db.vouchers.by_serial(serials[0])["verification_code"]
    vouchers.redeem(admin, serials[0], booking, code=code, today=date(2026, 5, 1))
    issue_certificate(supervisor, ids[0], today=DAY)
    create_clerk(admin, login="clerk1", display_name="窓口 𠮷子", role=Role.CLERK,
                 password="counter-pass-2")


def quarterly_returns(admin: Session) -> None:
    """Since the quarterly return: a quarter signed off, written out, re-opened with a reason and
    signed off again (found by its table, as the step's number changed when it was merged)."""
    from desktop_app.services import quarter_returns

    supervisor = Session(admin.db, clerk="super1", role=Role.SUPERVISOR, terminal=admin.terminal)
    quarter_returns.sign_off(supervisor, "2026Q1", figures_sha256="1" * 64)
    quarter_returns.record_export(supervisor, quarter="2026Q1", version=1,
                                  file_name="042021_2026Q1_v1.zip", sha256="2" * 64, size=4096,
                                  destination="E:\\ (USB 𠮷-01)")
    quarter_returns.reopen(supervisor, "2026Q1", "𠮷田さんの転入の計上漏れ")
    quarter_returns.sign_off(supervisor, "2026Q1", figures_sha256="3" * 64)


def main(out: Path, schema: int) -> None:
    db = open_at(out, schema)
    admin = set_up_office(db, municipality_code="042021", office_name="石巻市役所 本庁",
                          admin_login="admin", admin_password="counter-pass-1",
                          admin_name="管理 髙子")
    ids = people(admin)
    if schema >= 5:
        by_services(admin, ids)
    else:
        by_sql(admin, ids, tables(db))
    if "quarter_returns" in tables(db):
        quarterly_returns(admin)
    db.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
