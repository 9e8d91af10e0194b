"""Signing off a fiscal quarter's return, re-opening it, and the export register.

Signing off locks the quarter: a second sign-off (and so a second export) is refused until a
supervisor re-opens it with a reason, and the next sign-off is then version 2, superseding 1.
Each version keeps the audit chain's head at sign-off; the package carries it to the
prefecture, which can later ask whether the town's chain still holds that row with that hash
(`witness_holds`): rewriting every row from a change onward and the stored head passes
`audit verify`, but not the witness.

Every package written to a medium is one row of the export register (外部記録媒体の管理簿).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.ledger_values import excel_text
from desktop_app.domain.roles import GRANTS, Permission
from desktop_app.domain.text import N_, render
from desktop_app.services.ledger_files import replaced_atomically
from desktop_app.services.session import Session
from desktop_app.store.database import Database
from desktop_app.store.export_register import COLUMNS as REGISTER_COLUMNS
from desktop_app.store.records import now_iso

SIGNED_OFF, REOPENED = "signed_off", "reopened"
QUARTERLY_RETURN = "quarterly-return"  # the manifest's kind, and the register's
_QUARTER = re.compile(r"\d{4}Q[1-4]")
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class ReturnVersion:
    """One signed-off version of a quarter's return, as `quarter_returns` keeps it."""

    quarter: str
    version: int
    supersedes: int | None  # the version this one replaces; None for the first
    state: str  # SIGNED_OFF or REOPENED
    signed_off_by: str
    signed_off_at: str
    terminal: str
    audit_head_row: int
    audit_head_hash: str
    figures_sha256: str
    reopened_by: str | None = None
    reopened_at: str | None = None
    reopen_reason: str | None = None

    @classmethod
    def of(cls, row: dict) -> ReturnVersion:
        return cls(**{name: row[name] for name in cls.__dataclass_fields__})

    @property
    def signed_off(self) -> bool:
        return self.state == SIGNED_OFF

    @property
    def audit_head(self) -> dict:
        """The witness as the manifest carries it."""
        return {"row": self.audit_head_row, "hash": self.audit_head_hash}


def _quarter(quarter: object) -> str:
    """'2025Q1', or refused. (To be replaced by FiscalQuarter.parse.)"""
    text = str(quarter).strip()
    if not _QUARTER.fullmatch(text):
        raise RuleRefused(N_("{quarter} is not a fiscal quarter: write it like 2025Q1."),
                          {"quarter": text}, field=N_("Quarter"))
    return text


def _label(quarter: str) -> str:
    """The quarter as people read it: 2025年度第1四半期."""
    return render(N_("FY{year} Q{number}"), {"year": quarter[:4], "number": quarter[5]})


def _require_any(session: Session, *permissions: Permission) -> None:
    """Refused unless the role has one of `permissions` (the first is named when refused)."""
    granted = [p for p in permissions if p in GRANTS[session.role]]
    session.require(granted[0] if granted else permissions[0])


def current_version(db: Database, quarter: str) -> ReturnVersion | None:
    """The quarter's newest version, signed off or re-opened; None before its first sign-off."""
    row = db.quarter_returns.latest(_quarter(quarter))
    return ReturnVersion.of(row) if row else None


def sign_off(session: Session, quarter: str, *, figures_sha256: str) -> ReturnVersion:
    """Lock the quarter on the figures whose SHA-256 is given, as the next version.

    Refused while the newest version is signed off and not re-opened.
    """
    session.require(Permission.SIGN_OFF)
    quarter = _quarter(quarter)
    if not _SHA256.fullmatch(figures_sha256):
        raise ValueError(f"not a SHA-256 in hex: {figures_sha256!r}")
    with session.write("return.sign_off", "quarter_return") as change:
        latest = session.db.quarter_returns.latest(quarter)
        if latest is not None and latest["state"] == SIGNED_OFF:
            raise RuleRefused(N_("{quarter} is signed off (version {version}); a supervisor "
                                 "must re-open it with a reason first."),
                              {"quarter": _label(quarter), "version": latest["version"]})
        head_row, head_hash = session.db.audit.head()
        record = {
            "quarter": quarter, "version": 1 if latest is None else latest["version"] + 1,
            "supersedes": None if latest is None else latest["version"], "state": SIGNED_OFF,
            "signed_off_by": session.clerk, "signed_off_at": now_iso(),
            "terminal": session.terminal, "audit_head_row": head_row,
            "audit_head_hash": head_hash, "figures_sha256": figures_sha256,
        }
        session.db.quarter_returns.add(record)
        signed = ReturnVersion.of(session.db.quarter_returns.get(quarter, record["version"]))
        change.entity_id = quarter
        change.after = {"version": signed.version, "supersedes": signed.supersedes,
                        "figures_sha256": figures_sha256, "audit_head": signed.audit_head}
    return signed


def reopen(session: Session, quarter: str, reason: str) -> ReturnVersion:
    """Unlock a signed-off quarter, for a reason kept on the version and in the audit row."""
    session.require(Permission.SIGN_OFF)
    quarter = _quarter(quarter)
    reason = reason.strip()
    if not reason:
        raise RuleRefused(N_("Give the reason for re-opening the quarter."), field=N_("Reason"))
    with session.write("return.reopen", "quarter_return") as change:
        latest = session.db.quarter_returns.latest(quarter)
        if latest is None or latest["state"] != SIGNED_OFF:
            raise RuleRefused(N_("{quarter} is not signed off: there is nothing to re-open."),
                              {"quarter": _label(quarter)})
        session.db.quarter_returns.reopen(latest["id"], by=session.clerk, at=now_iso(),
                                          reason=reason)
        change.entity_id = quarter
        change.before = {"version": latest["version"], "state": SIGNED_OFF}
        change.after = {"version": latest["version"], "state": REOPENED, "reason": reason}
        reopened = ReturnVersion.of(session.db.quarter_returns.get(quarter, latest["version"]))
    return reopened


def record_export(session: Session, *, quarter: str, version: int, file_name: str,
                  sha256: str, size: int, destination: str,
                  kind: str = QUARTERLY_RETURN) -> dict:
    """One row of the export register for a package just written, with its audit row.

    Only the quarter's signed-off version may be written out.
    """
    session.require(Permission.SIGN_OFF)
    quarter = _quarter(quarter)
    with session.write("return.export", "export_register") as change:
        latest = session.db.quarter_returns.latest(quarter)
        if latest is None or latest["state"] != SIGNED_OFF or latest["version"] != version:
            raise RuleRefused(N_("Version {version} of {quarter} is not the signed-off one: "
                                 "only a signed-off return is written out."),
                              {"quarter": _label(quarter), "version": version})
        record = {"written_at": now_iso(), "written_by": session.clerk,
                  "terminal": session.terminal, "kind": kind, "quarter": quarter,
                  "version": version, "file_name": file_name, "sha256": sha256, "size": size,
                  "destination": destination}
        record = {"id": session.db.export_register.add(record), **record}
        change.entity_id = record["id"]
        change.after = {k: v for k, v in record.items() if k not in ("id", "written_by")}
    return record


def export_register(session: Session) -> list[dict]:
    """Every package written, newest first (supervisors: SIGN_OFF or VIEW_AUDIT)."""
    _require_any(session, Permission.SIGN_OFF, Permission.VIEW_AUDIT)
    return list(session.db.export_register.each())


def export_register_csv(session: Session, path: str | Path) -> int:
    """The register as CSV (UTF-8 with a BOM so that Excel reads it), newest first; audited.

    A text cell Excel would run as a formula is written with a leading apostrophe.
    """
    _require_any(session, Permission.SIGN_OFF, Permission.VIEW_AUDIT)
    path = Path(path)
    rows = 0
    with session.write("export_register.export", "export_register") as change:
        with replaced_atomically(path, "w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.writer(stream, lineterminator="\r\n")
            writer.writerow(REGISTER_COLUMNS)
            for row in session.db.export_register.each():
                rows += 1
                writer.writerow([excel_text(value) if isinstance(value, str) else value
                                 for value in (row[column] for column in REGISTER_COLUMNS)])
        change.after = {"file": path.name, "rows": rows}
    return rows


def audit_head(db: Database) -> tuple[int, str]:
    """The audit chain's newest row id and hash: the witness a package carries."""
    return db.audit.head()


def witness_holds(db: Database, row: int, hash: str) -> bool:
    """Whether the chain still verifies and its row `row` still has that `hash`.

    A chain rewritten from a change at or before `row` (stored head included) verifies, but
    no longer holds the witness.
    """
    return db.audit.verify() is None and db.audit.hash_at(row) == hash
