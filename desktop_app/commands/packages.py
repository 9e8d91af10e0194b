"""`futasato verify-package FILE --trusted-key PEM`: check a package on any machine, no database."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from desktop_app.commands.common import EXIT_OK, UsageError, emit
from desktop_app.i18n import _


def register(commands) -> None:
    verify = commands.add_parser("verify-package", help=_(
        "check a package's signature and contents (exit 0 genuine, 4 refused with the reason)"))
    verify.add_argument("file", type=Path, help=_("the package, NAME.zip (NAME.zip.sig beside it)"))
    verify.add_argument("--trusted-key", type=Path, help=_(
        "the public key (PEM) of the office that signed it, as it was registered"))
    verify.set_defaults(run=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    if args.trusted_key is None:
        # Later the prefecture's database will know its towns' keys; for now the key is given.
        raise UsageError(_("Give the signing office's public key with --trusted-key PEM: a "
                           "package is genuine only against a key you trust."))
    from desktop_app.exchange.package import read_package  # loads cryptography: only here

    opened = read_package(args.file, args.trusted_key.read_bytes())
    manifest = opened.manifest
    data = {"file": str(args.file), "genuine": True, "sha256": opened.zip_sha256,
            "size": opened.zip_size, "manifest": json.loads(manifest.to_bytes())}
    lines = [_("Genuine: {file}").format(file=args.file.name),
             _("{office} ({code}), {kind} {period}, version {version}").format(
                 office=manifest.office, code=manifest.municipality_code, kind=manifest.kind,
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

