"""`futasato verify-package FILE [--trusted-key PEM]`: check a package, on any machine with the
signing office's key, or against the keys of this office's file (a prefecture's trust list, a
town's own key)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from desktop_app.commands.common import EXIT_OK, UsageError, database_path, emit
from desktop_app.domain.code_labels import code_label
from desktop_app.i18n import _


def register(commands) -> None:
    verify = commands.add_parser("verify-package", help=_(
        "check a package's signature and contents (exit 0 genuine, 4 refused with the reason)"))
    verify.add_argument("file", type=Path, help=_("the package, NAME.zip (NAME.zip.sig beside it)"))
    verify.add_argument("--trusted-key", type=Path, help=_(
        "the public key (PEM) of the office that signed it, as it was registered (without it: "
        "the key this office's file trusts for the package's town)"))
    verify.set_defaults(run=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    from desktop_app.exchange.package import read_package  # loads cryptography: only here

    if args.trusted_key is not None:
        opened = read_package(args.file, args.trusted_key.read_bytes())
    else:
        opened = _against_the_file(args)
    manifest = opened.manifest
    data = {"file": str(args.file), "genuine": True, "sha256": opened.zip_sha256,
            "size": opened.zip_size, "manifest": json.loads(manifest.to_bytes())}
    lines = [_("Genuine: {file}").format(file=args.file.name),
             _("{office} ({code}), {kind} {period}, version {version}").format(
                 office=manifest.office, code=manifest.municipality_code,
                 kind=code_label("package", "kind", manifest.kind),
                 period=manifest.period, version=manifest.version)]
    if manifest.supersedes is not None:
        lines.append(_("supersedes version {version}").format(version=manifest.supersedes))
    lines.append(_("signed off by {clerk} on {created}; audit chain at row {row}").format(
        clerk=manifest.signed_off_by, created=manifest.created, row=manifest.audit_head.row))
    lines.append(_("files (bytes, rows, SHA-256):"))
    lines += [f"  {m.name}  {m.size:,}  {m.rows:,}  {m.sha256}" for m in manifest.members]
    lines.append(f"SHA-256 {opened.zip_sha256}")
    emit(args, data, "\n".join(lines))
    return EXIT_OK



def _against_the_file(args: argparse.Namespace):
    """No key given: the database's (read only, nobody need sign in: it holds public keys)."""
    from desktop_app.services.package_check import open_package
    from desktop_app.store.database import Database

    path = database_path(args)
    if not path.exists():
        raise UsageError(_("Give the signing office's public key with --trusted-key PEM, or the "
                           "office's file with --db: a package is genuine only against a key "
                           "you trust."))
    db = Database(path)
    try:
        return open_package(db, args.file)
    finally:
        db.close()
