"""A prefecture imports its towns' quarterly returns: verify, check, then store, one package at
a time.

Each file is checked against the trust list by the 団体コード its name starts with before the zip
is opened; exchange/package.py's `read_package` checks the signature over every byte and then
reads only what the signed manifest names, with caps. A package is refused, with the reason and
an audit row of the refusal (a security event) but no data, when it is not genuine, is another
town's, another kind, or older than (or different from) a version already imported. The same
package again changes nothing. The encrypted rows are decrypted only after the signature and the
manifest's hashes have held, and only with the signed-in clerk's password; without it the
figures are imported and the outcome says the rows were not read.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.progress import NEVER_CANCELLED, CancelFlag, Progress, no_progress
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_, render
from desktop_app.exchange.errors import PackageRefused
from desktop_app.exchange.manifest import KIND_QUARTERLY_RETURN
from desktop_app.services import exchange_keys
from desktop_app.services.package_check import open_package
from desktop_app.services.session import Session
from desktop_app.services.trust import trusted_town_key
from desktop_app.store.records import now_iso

IMPORTED, ALREADY_IMPORTED, REFUSED = "imported", "already_imported", "refused"
FIGURES_MEMBER, ROWS_MEMBER = "figures.json", "rows.p7m"
_CODE_PREFIX = re.compile(r"([0-9]{6})_")
_FIGURE_KEY = re.compile(r"[a-z0-9_]{1,100}")
_PSEUDONYM = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class ImportOutcome:
    path: Path
    status: str  # IMPORTED, ALREADY_IMPORTED or REFUSED
    municipality_code: str | None
    quarter: str | None  # '2025Q1'
    version: int | None
    reason: str | None  # a rendered message: why refused, or what was not read
    rows_read: bool = False


@dataclass(frozen=True)
class _Rows:
    header: str
    records: list[tuple[str, str]]  # (pseudonym, the rest of the CSV line)


def import_packages(session: Session, paths: list[Path], *, password: str | None,
                    progress: Progress = no_progress,
                    cancel: CancelFlag = NEVER_CANCELLED) -> list[ImportOutcome]:
    """Import each package in its own transaction; one outcome per file, in order.

    Cancelling stops before the next package (Cancelled): those already imported stay, each
    whole, and the one being read is not stored.
    """
    session.require(Permission.SIGN_OFF)
    if not exchange_keys.is_prefecture(session.db):
        raise RuleRefused(N_("Only a prefecture's file imports towns' returns."))
    decryption = _decryption(session, password)
    outcomes = []
    for index, path in enumerate(paths):
        progress(index / max(len(paths), 1), N_("Checking {file}…"), {"file": Path(path).name})
        cancel.check()
        outcomes.append(_import_one(session, Path(path), decryption))
    progress(1.0, "")
    return outcomes


def _decryption(session: Session, password: str | None) -> Callable[[bytes], bytes] | None:
    """`decrypt(der)` with the prefecture's key, unlocked once here (a wrong password is
    refused before any package is read); None without a password."""
    if password is None:
        return None
    from desktop_app.exchange.envelope import decryptor  # cryptography: loaded when needed

    private_pem = exchange_keys.unlock_prefecture_decryption_key(session, password)
    return decryptor(exchange_keys.prefecture_certificate_pem(session.db), private_pem)


def _import_one(session: Session, path: Path, decryption) -> ImportOutcome:
    from desktop_app.exchange.certificate import ed25519_public_raw, fingerprint

    db = session.db
    manifest = None
    try:
        # The key trusted for the code the name starts with, before the zip is opened; the
        # signed manifest must then name that same town and quarter and version.
        opened = open_package(db, path)
        manifest = opened.manifest
        if manifest.kind != KIND_QUARTERLY_RETURN:
            raise PackageRefused(N_("{file} is a {kind}, not a quarterly return."),
                                 {"file": path.name, "kind": manifest.kind})
        earlier = db.prefecture_returns.by_sha256(opened.zip_sha256)
        if earlier is not None:
            if earlier["rows_read"] or ROWS_MEMBER not in opened.names or decryption is None:
                return _outcome(path, ALREADY_IMPORTED, manifest, render(N_(
                    "This package was imported before; nothing was changed.")))
            return _rows_later(session, path, opened, earlier, decryption)
        _refuse_replay(db, path, manifest)
        figures = _figures(opened.member(FIGURES_MEMBER) if FIGURES_MEMBER in opened.names
                           else None)
        rows, note = None, None
        if ROWS_MEMBER in opened.names:
            if decryption is None:
                note = render(N_("The encrypted rows were not read: no password was given."))
            else:  # the signature and rows.p7m's hash in the signed manifest have held
                rows = _rows(decryption(opened.member(ROWS_MEMBER)), _declared_rows(manifest))
    except PackageRefused as refusal:
        _audit_refusal(session, path, refusal)
        return _outcome(path, REFUSED, manifest, refusal.message,
                        code=manifest.municipality_code if manifest else _code_of(path))
    public_key = trusted_town_key(db, manifest.municipality_code)
    record = {
        "municipality_code": manifest.municipality_code, "office": manifest.office,
        "quarter": manifest.period, "version": manifest.version,
        "supersedes": manifest.supersedes, "package_name": path.stem,
        "zip_sha256": opened.zip_sha256, "zip_size": opened.zip_size,
        "manifest": manifest.to_bytes().decode("utf-8"),
        "audit_head_row": manifest.audit_head.row, "audit_head_hash": manifest.audit_head.hash,
        "signed_off_by": manifest.signed_off_by, "created": manifest.created,
        "key_fingerprint": fingerprint(ed25519_public_raw(public_key)),
        "rows_read": int(rows is not None), "rows_header": rows.header if rows else None,
        "imported_at": now_iso(), "imported_by": session.clerk}
    try:
        with session.write("prefecture.import", "prefecture_return") as change:
            # Again inside the write: another terminal may have imported it meanwhile.
            if db.prefecture_returns.by_sha256(opened.zip_sha256) is not None:
                raise PackageRefused(N_("This package was imported meanwhile at another "
                                        "terminal; nothing was changed."))
            _refuse_replay(db, path, manifest)
            db.prefecture_returns.add(record, figures, rows.records if rows else ())
            change.entity_id = path.stem
            change.after = {"municipality_code": manifest.municipality_code,
                            "quarter": manifest.period, "version": manifest.version,
                            "zip_sha256": opened.zip_sha256, "figures": len(figures),
                            "rows": len(rows.records) if rows else None,
                            "audit_head": {"row": manifest.audit_head.row,
                                           "hash": manifest.audit_head.hash}}
    except PackageRefused as refusal:  # rolled back: nothing of it was kept
        _audit_refusal(session, path, refusal)
        return _outcome(path, REFUSED, manifest, refusal.message)
    return _outcome(path, IMPORTED, manifest, note, rows_read=rows is not None)


def _rows_later(session: Session, path: Path, opened, earlier: dict,
                decryption) -> ImportOutcome:
    """The rows of a package first imported without a password, read now that one is given."""
    manifest = opened.manifest
    rows = _rows(decryption(opened.member(ROWS_MEMBER)), _declared_rows(manifest))
    with session.write("prefecture.import_rows", "prefecture_return") as change:
        added = session.db.prefecture_returns.add_rows(earlier["id"], rows.header, rows.records)
        change.entity_id = path.stem
        change.after = {"zip_sha256": opened.zip_sha256,
                        "rows": len(rows.records) if added else 0}
    if not added:  # read meanwhile at another terminal (the write rolled back nothing)
        return _outcome(path, ALREADY_IMPORTED, manifest, render(N_(
            "This package was imported before; nothing was changed.")), rows_read=True)
    return _outcome(path, IMPORTED, manifest, render(N_(
        "The package was imported before without its rows; its {rows:,} encrypted rows were "
        "read now."), {"rows": len(rows.records)}), rows_read=True)


def _declared_rows(manifest) -> int:
    return next(m.rows for m in manifest.members if m.name == ROWS_MEMBER)


def _code_of(path: Path) -> str | None:
    match = _CODE_PREFIX.match(path.name)
    return match.group(1) if match else None


def _refuse_replay(db, path: Path, manifest) -> None:
    versions = db.prefecture_returns.versions(manifest.municipality_code, manifest.period)
    same = next((row for row in versions if row["version"] == manifest.version), None)
    if same is not None:
        raise PackageRefused(N_("{file} is not the version {version} of {code} {quarter} "
                                "imported on {at}: a different package claims that version."),
                             {"file": path.name, "version": manifest.version,
                              "code": manifest.municipality_code, "quarter": manifest.period,
                              "at": same["imported_at"][:10]})
    newest = max((row["version"] for row in versions), default=0)
    if manifest.version < newest:
        raise PackageRefused(N_("{file} is version {version}, older than version {newest} "
                                "already imported for {code} {quarter}."),
                             {"file": path.name, "version": manifest.version, "newest": newest,
                              "code": manifest.municipality_code, "quarter": manifest.period})


def _figures(data: bytes | None) -> dict[str, int]:
    """figures.json: a flat object of figure keys and integers, or refused."""
    try:
        figures = json.loads(data.decode("utf-8")) if data is not None else None
    except (UnicodeDecodeError, ValueError):
        figures = None
    if not isinstance(figures, dict) or not all(
            isinstance(key, str) and _FIGURE_KEY.fullmatch(key) and type(value) is int
            for key, value in figures.items()):
        raise PackageRefused(N_("figures.json is missing or is not one flat JSON object of "
                                "figure keys and whole numbers."))
    return figures


def _rows(data: bytes, declared: int) -> _Rows:
    """The decrypted CSV: a `pseudonym` column first, as many records as the manifest says."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    header, _, body = text.partition("\r\n")
    columns = header.split(",")
    if columns[0] != "pseudonym" or len(columns) < 2:
        raise PackageRefused(N_("The decrypted rows are not a CSV whose first column is "
                                "pseudonym."))
    records = _records(body, len(columns))
    if records is None or len(records) != declared:
        raise PackageRefused(N_("The decrypted rows do not match the {rows:,} records the "
                                "signed manifest declares."), {"rows": declared})
    return _Rows(header, records)


def _records(body: str, width: int) -> list[tuple[str, str]] | None:
    """(pseudonym, rest of the line) per record; None when a record is malformed."""
    if '"' in body:  # quoted fields: the csv module, each record written back as one line
        lines = []
        for fields in csv.reader(io.StringIO(body, newline="")):
            out = io.StringIO()
            csv.writer(out, lineterminator="").writerow(fields[1:])
            lines.append((fields[0] if fields else "", out.getvalue(), len(fields)))
        parsed = [(p, rest) for p, rest, n in lines if n == width]
        if len(parsed) != len(lines):
            return None
    else:
        lines = body.split("\r\n")
        if lines and lines[-1] == "":
            lines.pop()
        commas = width - 1
        if any(line.count(",") != commas for line in lines):
            return None
        parsed = [tuple(line.split(",", 1)) for line in lines]
    if not all(_PSEUDONYM.fullmatch(pseudonym) for pseudonym, _rest in parsed):
        return None
    return parsed


def _audit_refusal(session: Session, path: Path, refusal: PackageRefused) -> None:
    with session.write("prefecture.import_refused", "prefecture_return") as change:
        change.entity_id = path.name
        change.after = {"file": str(path), "reason": refusal.message}


def _outcome(path: Path, status: str, manifest, reason: str | None, *, code: str | None = None,
             rows_read: bool = False) -> ImportOutcome:
    return ImportOutcome(
        path=path, status=status,
        municipality_code=manifest.municipality_code if manifest else code,
        quarter=manifest.period if manifest else None,
        version=manifest.version if manifest else None, reason=reason, rows_read=rows_read)
