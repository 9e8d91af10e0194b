"""A prefecture importing 50 towns' returns of 20,000 registrants each, beside the floor.

    python -m bench.prefecture_import [--towns 50] [--registrants 20000] [--record]

The packages are made first (not timed) as a town's export makes them: figures.json with every
figure key, one CSV per table of that size, and rows.p7m with one pseudonymous row per
registrant (ROW_COLUMNS, 2 % of the people in two towns), encrypted to the prefecture's
certificate; each town signs with its own Ed25519 key, which the prefecture trusts. Then, in
the same run: the floor, reading every byte of the packages and their signatures and hashing
them (SHA-256), which no import can beat; `import_packages` with the password (signature,
manifest, members, decryption, figures and rows stored, one transaction per package); and the
consolidated report over what was imported.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import tempfile
import time
from pathlib import Path

from bench import machine, results
from desktop_app.domain.figure_keys import AGE_BANDS, FIGURE_KEYS
from desktop_app.domain.quarters import FiscalQuarter
from desktop_app.exchange.envelope import encrypt_for
from desktop_app.exchange.manifest import KIND_QUARTERLY_RETURN, AuditHead, Manifest
from desktop_app.exchange.package import Member, package_name, write_package
from desktop_app.services import exchange_keys
from desktop_app.services.municipalities import all_municipalities
from desktop_app.services.office_setup import set_up_office
from desktop_app.services.prefecture_import import import_packages
from desktop_app.services.prefecture_report import consolidated
from desktop_app.services.return_export import csv_bytes
from desktop_app.services.return_figures import ROW_COLUMNS
from desktop_app.services.trust import trust_town
from desktop_app.store.database import Database

TARGET_S = 30.0  # 50 towns of 20,000 registrants (issue 11)
PASSWORD = "bench-password-1"
QUARTER = FiscalQuarter(2025, 1)


def _town_package(out: Path, code: str, number: int, registrants: int, certificate: bytes,
                  shared: int):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    chance = random.Random(number)
    key = Ed25519PrivateKey.generate()
    figures = {key_: chance.randrange(0, registrants // 10) for key_ in FIGURE_KEYS}
    figures["registrants_end"] = registrants
    rows = []
    for person in range(registrants):
        # The first `shared` people of each town are the last of the previous town.
        who = (f"{number - 1}:{registrants - 1 - person}" if person < shared and number > 1
               else f"{number}:{person}")
        rows.append((hashlib.sha256(who.encode()).hexdigest(), "furusato", "basic",
                     "registered", chance.choice(AGE_BANDS), f"{chance.randrange(1, 48):02d}",
                     chance.randrange(0, 9), chance.randrange(0, 3) * 5000,
                     chance.randrange(0, 4), chance.randrange(0, 3), chance.randrange(0, 2)))
    data, count = csv_bytes(ROW_COLUMNS, rows)
    table, table_rows = csv_bytes(("figure", "count"), sorted(figures.items()))
    members = [Member("figures.json", json.dumps(figures, indent=2).encode(), len(figures)),
               Member("figures.csv", table, table_rows),
               Member("rows.p7m", encrypt_for(certificate, data), count)]
    manifest = Manifest(kind=KIND_QUARTERLY_RETURN, municipality_code=code, office=f"bench {code}",
                        terminal="T1", period=str(QUARTER), version=1, supersedes=None,
                        created="2025-07-03T10:15:00+09:00", signed_off_by="supervisor",
                        audit_head=AuditHead(row=number, hash="ab" * 32))
    path = write_package(out, package_name(code, QUARTER, 1), manifest, members, key.sign)
    return path, key


def measure(towns: int, registrants: int) -> dict:
    from cryptography.hazmat.primitives import serialization

    folder = Path(tempfile.mkdtemp(prefix="futasato-prefecture-"))
    db = Database(folder / "pref.sqlite")
    session = set_up_office(db, municipality_code="040002", office_name="宮城県",
                            admin_login="admin", admin_password=PASSWORD, prefecture=True)
    certificate = exchange_keys.prefecture_certificate_pem(db)
    codes = sorted(code for code in all_municipalities() if code[:2] in ("04", "06"))[:towns]
    usb = folder / "usb"
    usb.mkdir()
    made_s = time.perf_counter()
    packages = []
    for number, code in enumerate(codes, start=1):
        path, key = _town_package(usb, code, number, registrants, certificate,
                                  shared=registrants // 50)
        trust_town(session, key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo), code)
        packages.append(path)
    made_s = time.perf_counter() - made_s
    files = [*packages, *(p.with_name(p.name + ".sig") for p in packages)]
    floor_s, size = results.timed(lambda: sum(len(hashlib.sha256(f.read_bytes()).digest()) and
                                       f.stat().st_size for f in files))
    import_s, outcomes = results.timed(lambda: import_packages(session, packages,
                                                                password=PASSWORD))
    assert all(o.status == "imported" and o.rows_read for o in outcomes), outcomes
    report_s, report = results.timed(lambda: consolidated(session, QUARTER))
    stored = db.execute("SELECT count(*) FROM prefecture_return_rows").fetchone()[0]
    db.close()
    return {"towns": towns, "registrants": registrants, "bytes": size, "made_s": made_s,
            "floor_s": floor_s, "import_s": import_s, "report_s": report_s, "rows": stored,
            "several": report.people_in_several_towns, "file": folder / "pref.sqlite"}


def report(result: dict, about: dict) -> str:
    ok = "✓" if result["import_s"] <= TARGET_S else "✗"
    return "\n".join([
        *results.heading("the prefecture's import (bench.prefecture_import)", about,
                         f"{result['towns']} towns' packages of {result['registrants']:,} "
                         "registrants each, with rows.p7m."),
        "| measure | time |", "|---|---:|",
        f"| packages made, signed and encrypted (not part of the import) | "
        f"{result['made_s']:.2f} s |",
        f"| floor: read and SHA-256 every byte of the packages and signatures "
        f"({result['bytes'] / 1e6:,.1f} MB) | {result['floor_s']:.3f} s |",
        f"| import_packages, with the password (target {TARGET_S:.0f} s) | "
        f"{result['import_s']:.2f} s {ok} |",
        f"| consolidated report ({result['rows']:,} pseudonymous rows; "
        f"{result['several']:,} people in several towns) | {result['report_s']:.2f} s |",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.prefecture_import",
                                     description=__doc__)
    parser.add_argument("--towns", type=int, default=50)
    parser.add_argument("--registrants", type=int, default=20_000)
    parser.add_argument("--record", action="store_true", help="append to bench/RESULTS.md")
    args = parser.parse_args(argv)
    about = machine.describe()
    results.publish(report(measure(args.towns, args.registrants), about), args.record)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
