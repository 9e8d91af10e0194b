"""Exporting a quarter's return to a folder (the USB stick), and its PDF summary.

The order of an export, and why: the figures (and, with rows, the encrypted rows) are built in
memory first; then the quarter is signed off, which locks it and fixes its version and the audit
head the manifest carries; then the package is written (its own `.part` files and renames leave
nothing complete-looking if the stick is pulled); then it is entered in the export register. A
write that fails (stick full, folder read-only, cancelled) re-opens the quarter at once with the
reason, so the trail shows the sign-off and its undoing and nothing stays locked.

Why not the lock and the register row in one transaction after the files: that transaction would
have to hold the office file's write lock while the package goes to a slow stick (80 MB of rows
at 1,000,000 registrants), longer than the 10 s other terminals wait for it. Signing off first,
in its own short transaction, also settles the version before a file is named, so two terminals
exporting the same quarter cannot both write version 1. What is left is a crash during the write:
a locked quarter without a register row, which the register shows and a re-opening clears. A
kill in the few milliseconds between the last rename and the register row leaves a complete,
signed package that the register does not list; its quarter is locked at the version it names,
so it cannot be confused with a later export, and a re-export writes the next version.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.file_problems import reason
from desktop_app.domain.ledger_values import excel_text
from desktop_app.domain.progress import NEVER_CANCELLED, CancelFlag, Progress, no_progress
from desktop_app.domain.quarters import FiscalQuarter
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_, render
from desktop_app.services import exchange_keys
from desktop_app.services.quarter_returns import record_export, reopen, sign_off
from desktop_app.services.return_figures import (
    ROW_COLUMNS,
    QuarterFigures,
    compute_figures,
    quarter_figures,
    return_rows,
)
from desktop_app.services.session import Session

FIGURES_NAME = "figures.json"
ROWS_NAME = "rows.p7m"


@dataclass(frozen=True)
class ExportedReturn:
    zip_path: Path
    version: int
    sha256: str  # of NAME.zip, as the export register keeps it
    size: int


def figures_json(flat: dict[str, int]) -> bytes:
    """`figures.json`: one flat object, figure key → integer, in the keys' own order."""
    return (json.dumps(flat, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def csv_bytes(columns: Iterable[str], rows: Iterable[Iterable], *,
              free_text: bool = True) -> tuple[bytes, int]:
    """RFC 4180 UTF-8 without a BOM, CRLF, header first; (bytes, data rows).

    With `free_text`, a text cell a spreadsheet would run as a formula (a facility named "=…")
    gets a leading apostrophe, as the register's CSV does, so that opening the file runs
    nothing. Rows whose cells are all codes, hex digests and integers skip that (a million rows
    are written in one go).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    count = 0

    def counted():
        nonlocal count
        for row in rows:
            count += 1
            yield ([excel_text(value) if isinstance(value, str) else value for value in row]
                   if free_text else row)

    writer.writerows(counted())
    return buffer.getvalue().encode("utf-8"), count


def figure_members(figures: QuarterFigures) -> list:
    """figures.json and one CSV per table of figures, as package members."""
    from desktop_app.exchange.package import Member

    flat = figures_json(figures.flat)
    members = [Member(FIGURES_NAME, flat, len(figures.flat))]
    for table in figures.tables:
        data, rows = csv_bytes(table.columns, table.rows)
        members.append(Member(f"{table.name}.csv", data, rows))
    return members


def _prefecture_keys(session: Session) -> tuple[bytes, bytes]:
    """The prefecture's certificate and pseudonym key, or refused before any work is done."""
    certificate = exchange_keys.prefecture_certificate_pem(session.db)
    key = exchange_keys.pseudonym_key(session.db)
    if certificate is None or key is None:
        raise RuleRefused(N_("No prefecture certificate has been imported, so the rows cannot "
                             "be encrypted to the prefecture: futasato keys import-prefecture "
                             "FILE.pem first."))
    return certificate, key


def _rows_member(session: Session, quarter: FiscalQuarter, keys: tuple[bytes, bytes],
                 progress: Progress, cancel: CancelFlag):
    from desktop_app.exchange.envelope import encrypt_for
    from desktop_app.exchange.package import Member

    certificate, key = keys
    progress(0.3, N_("Making the pseudonymous rows…"))
    # Every cell is a code (kind, status, band, prefecture), a hex pseudonym or an integer.
    data, count = csv_bytes(ROW_COLUMNS, (tuple(row.values()) for row in
                                          return_rows(session.db, quarter, key)),
                            free_text=False)
    cancel.check()
    progress(0.6, N_("Encrypting the rows to the prefecture…"))
    return Member(ROWS_NAME, encrypt_for(certificate, data), count)


def export_return(session: Session, quarter: FiscalQuarter, out_dir: Path, *, password: str,
                  with_rows: bool = False, progress: Progress = no_progress,
                  cancel: CancelFlag = NEVER_CANCELLED) -> ExportedReturn:
    """Sign the quarter off and write its package NAME.zip + NAME.zip.sig into `out_dir`."""
    from desktop_app.exchange.manifest import KIND_QUARTERLY_RETURN, AuditHead, Manifest
    from desktop_app.exchange.package import package_name, write_package

    session.require(Permission.SIGN_OFF)
    out_dir = Path(out_dir)
    if quarter.end >= date.today():
        raise RuleRefused(N_("{quarter} runs until {end}: a return is exported once its quarter "
                             "is over."), {"quarter": str(quarter), "end": quarter.end.isoformat()})
    if not out_dir.is_dir():
        raise RuleRefused(N_("There is no folder {folder} to write the package to."),
                          {"folder": str(out_dir)})
    prefecture = _prefecture_keys(session) if with_rows else None
    key = exchange_keys.unlock_exchange_key(session, password)  # a wrong password: nothing done
    office = session.db.office.get()
    progress(0.0, N_("Computing the figures…"))
    figures = compute_figures(session.db, quarter)
    members = figure_members(figures)
    cancel.check()
    if prefecture is not None:
        members.append(_rows_member(session, quarter, prefecture, progress, cancel))
    cancel.check()
    progress(0.7, N_("Signing off the quarter…"))
    signed = sign_off(session, str(quarter),
                      figures_sha256=hashlib.sha256(members[0].data).hexdigest())
    manifest = Manifest(
        kind=KIND_QUARTERLY_RETURN, municipality_code=office["municipality_code"],
        office=office["office_name"], terminal=session.terminal, period=str(quarter),
        version=signed.version, supersedes=signed.supersedes,
        created=datetime.now().astimezone().isoformat(timespec="seconds"),
        signed_off_by=signed.signed_off_by,
        audit_head=AuditHead(row=signed.audit_head_row, hash=signed.audit_head_hash))
    name = package_name(manifest.municipality_code, manifest.period, manifest.version)
    zip_path = out_dir / f"{name}.zip"
    written = False
    try:
        cancel.check()
        progress(0.8, N_("Writing the package {file}…"), {"file": zip_path.name})
        write_package(out_dir, name, manifest, members, key.sign)
        written = True
        data = zip_path.read_bytes()
        sha256, size = hashlib.sha256(data).hexdigest(), len(data)
        progress(0.95, N_("Entering it in the export register…"))
        record_export(session, quarter=str(quarter), version=signed.version,
                      file_name=zip_path.name, sha256=sha256, size=size,
                      destination=str(out_dir.resolve()))
    except BaseException as error:
        _undo(session, quarter, zip_path if written else None, error)
        if isinstance(error, OSError):
            raise RuleRefused(N_("The package could not be written to {folder} ({error}). "
                                 "{quarter} was re-opened, so it is not locked; export it "
                                 "again to a writable folder."),
                              {"folder": str(out_dir), "error": reason(error),
                               "quarter": str(quarter)}) from error
        raise
    progress(1.0, N_("Written: {file}"), {"file": zip_path.name})
    return ExportedReturn(zip_path, signed.version, sha256, size)


def _undo(session: Session, quarter: FiscalQuarter, written: Path | None,
          error: BaseException) -> None:
    """After a failed write: no package without a register row, no lock without a package.
    (write_package itself removes what it wrote when it fails.)"""
    from desktop_app.exchange.package import signature_path

    if written is not None:  # written, but its register row was not: it was not delivered
        written.unlink(missing_ok=True)
        signature_path(written).unlink(missing_ok=True)
    reason = render(N_("The package was not written: {error}"),
                    {"error": str(error) or type(error).__name__})
    reopen(session, str(quarter), reason)


def write_summary(session: Session, quarter: FiscalQuarter, out_path: Path) -> Path:
    """The quarter's PDF summary beside the previous quarter's figures (audited)."""
    from desktop_app.printing.return_summary import render_return_summary
    from desktop_app.services.preferences import date_style

    figures = quarter_figures(session, quarter)  # refused without the right to export
    previous = compute_figures(session.db, quarter.previous())
    office = session.db.office.get()
    out_path = Path(out_path)
    with session.write("return_summary.print", "quarter_return") as change:
        render_return_summary(figures, previous, out_path, office["office_name"],
                              date_style=date_style(session.db))
        change.entity_id = str(quarter)
        change.after = {"file": out_path.name}
    return out_path
