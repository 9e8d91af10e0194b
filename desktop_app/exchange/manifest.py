"""`manifest.json`: what a package claims about itself, parsed strictly.

The manifest is inside the signed zip, so once the signature holds, every claim here is the
signer's. Parsing still refuses anything this format does not define (an unknown version, a
missing or extra field, a wrong type), so a newer or hand-made file is never half understood.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime

from desktop_app.domain.municipality import check_digit
from desktop_app.domain.text import N_
from desktop_app.exchange.errors import PackageRefused

FORMAT_VERSION = 1
KIND_QUARTERLY_RETURN = "quarterly-return"
KINDS = (KIND_QUARTERLY_RETURN,)
MANIFEST_NAME = "manifest.json"

# Flat packages: a member name is a plain file name, never a path.
_MEMBER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_PERIOD = re.compile(r"[0-9]{4}Q[1-4]")
_SHA256 = re.compile(r"[0-9a-f]{64}")
# JSON numbers have no bound, SQLite's INTEGER has: a larger one would stop the import with
# OverflowError where it is stored, instead of refusing the package.
_INTEGER_RANGE = range(-2 ** 63, 2 ** 63)


def fits_integer(value: int) -> bool:
    """True when `value` can be stored as an SQLite INTEGER."""
    return value in _INTEGER_RANGE


def is_member_name(name: str) -> bool:
    """A plain file name: no folder, no `..`, no backslash, no drive, not hidden."""
    return bool(_MEMBER_NAME.fullmatch(name)) and ".." not in name


@dataclass(frozen=True, kw_only=True)
class AuditHead:
    """The audit chain's last row and its hash when the return was signed off."""

    row: int
    hash: str


@dataclass(frozen=True, kw_only=True)
class ManifestMember:
    name: str
    size: int
    rows: int
    sha256: str


@dataclass(frozen=True, kw_only=True)
class Manifest:
    format_version: int = FORMAT_VERSION
    kind: str
    municipality_code: str
    office: str
    terminal: str
    period: str
    version: int
    supersedes: int | None = None
    created: str
    signed_off_by: str
    audit_head: AuditHead
    members: tuple[ManifestMember, ...] = field(default=())

    def __post_init__(self) -> None:
        _check(self)

    def to_bytes(self) -> bytes:
        data = asdict(self)
        data["members"] = [asdict(m) for m in self.members]
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    @classmethod
    def parse(cls, data: bytes) -> Manifest:
        """The manifest in `data`, or PackageRefused naming what is wrong."""
        try:
            document = json.loads(data.decode("utf-8"), object_pairs_hook=_no_duplicate_keys)
        except (UnicodeDecodeError, ValueError) as error:
            raise _refused(N_("manifest.json is not UTF-8 JSON ({error})."),
                           error=str(error)) from None
        fields = _object(document, "manifest")
        if fields.get("format_version") != FORMAT_VERSION or isinstance(
                fields.get("format_version"), bool):
            raise _refused(N_("manifest.json has format version {found}; this program reads "
                              "version {known} only."),
                           found=json.dumps(fields.get("format_version")),
                           known=FORMAT_VERSION)
        _exact_keys(fields, _field_names(cls), "manifest")
        head = _object(fields["audit_head"], "audit_head")
        _exact_keys(head, _field_names(AuditHead), "audit_head")
        members = fields["members"]
        if not isinstance(members, list):
            raise _wrong_type("members", "list")
        parsed_members = []
        for index, member in enumerate(members):
            where = f"members[{index}]"
            member = _object(member, where)
            _exact_keys(member, _field_names(ManifestMember), where)
            parsed_members.append(ManifestMember(**member))
        return cls(**{**fields, "audit_head": AuditHead(**head),
                      "members": tuple(parsed_members)})


def _check(manifest: Manifest) -> None:
    _typed(manifest, "format_version", int)
    if manifest.format_version != FORMAT_VERSION:
        raise _refused(N_("manifest.json has format version {found}; this program reads "
                          "version {known} only."),
                       found=manifest.format_version, known=FORMAT_VERSION)
    for name in ("kind", "municipality_code", "office", "terminal", "period", "created",
                 "signed_off_by"):
        _typed(manifest, name, str)
        if not getattr(manifest, name).strip():
            raise _refused(N_("manifest.json: {field} is empty."), field=name)
    if manifest.kind not in KINDS:
        raise _invalid("kind", manifest.kind)
    code = manifest.municipality_code
    if not (len(code) == 6 and code.isascii() and code.isdigit()
            and check_digit(code[:5]) == int(code[5])):
        raise _invalid("municipality_code", code)
    if not _PERIOD.fullmatch(manifest.period):
        raise _invalid("period", manifest.period)
    try:
        created = datetime.fromisoformat(manifest.created)
    except ValueError:
        created = None
    if created is None or created.tzinfo is None:
        raise _invalid("created", manifest.created)
    _typed(manifest, "version", int)
    if manifest.version < 1:
        raise _invalid("version", manifest.version)
    if manifest.supersedes is not None:
        _typed(manifest, "supersedes", int)
    if (manifest.version == 1) != (manifest.supersedes is None) or (
            manifest.supersedes is not None and not 1 <= manifest.supersedes < manifest.version):
        raise _invalid("supersedes", manifest.supersedes)
    if not isinstance(manifest.audit_head, AuditHead):
        raise _wrong_type("audit_head", "object")
    _typed(manifest.audit_head, "row", int, "audit_head.")
    _typed(manifest.audit_head, "hash", str, "audit_head.")
    if manifest.audit_head.row < 0:
        raise _invalid("audit_head.row", manifest.audit_head.row)
    if not _SHA256.fullmatch(manifest.audit_head.hash):
        raise _invalid("audit_head.hash", manifest.audit_head.hash)
    if not isinstance(manifest.members, tuple):
        raise _wrong_type("members", "list")
    names = set()
    for member in manifest.members:
        if not isinstance(member, ManifestMember):
            raise _wrong_type("members", "list")
        _typed(member, "name", str, "members.")
        if not is_member_name(member.name) or member.name == MANIFEST_NAME:
            raise _invalid("members.name", member.name)
        if member.name in names:
            raise _refused(N_("manifest.json names the member {name} twice."), name=member.name)
        names.add(member.name)
        for name in ("size", "rows"):
            _typed(member, name, int, "members.")
            if getattr(member, name) < 0:
                raise _invalid(f"members.{name}", getattr(member, name))
        _typed(member, "sha256", str, "members.")
        if not _SHA256.fullmatch(member.sha256):
            raise _invalid("members.sha256", member.sha256)


def _field_names(cls) -> set[str]:
    return set(cls.__dataclass_fields__)


def _typed(owner, name: str, kind: type, prefix: str = "") -> None:
    value = getattr(owner, name)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise _wrong_type(prefix + name, {int: "integer", str: "string"}[kind])
    if kind is int and not fits_integer(value):
        raise _invalid(prefix + name, value)


def _object(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise _wrong_type(where, "object")
    return value


def _exact_keys(fields: dict, expected: set[str], where: str) -> None:
    missing, extra = sorted(expected - set(fields)), sorted(set(fields) - expected)
    if missing:
        raise _refused(N_("manifest.json: {where} lacks {fields}."), where=where,
                       fields=", ".join(missing))
    if extra:
        raise _refused(N_("manifest.json: {where} has fields this format does not define: "
                          "{fields}."), where=where, fields=", ".join(extra))


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    result = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _wrong_type(name: str, kind: str) -> PackageRefused:
    return _refused(N_("manifest.json: {field} should be of type {kind}."), field=name, kind=kind)


def _invalid(name: str, value: object) -> PackageRefused:
    return _refused(N_("manifest.json: {field} has a value this format does not allow: "
                       "{value}."), field=name, value=json.dumps(value, ensure_ascii=False))


def _refused(msgid: str, **params: object) -> PackageRefused:
    return PackageRefused(msgid, params)
