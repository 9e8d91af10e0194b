"""What every print shares: who is printed and how they are named, the font check, the audit row.

A real print (or a PDF saved for printing) writes one `print.<document>` row through
`record_print`, a preview of a document with people on it one `print.preview` row; after the PDF
is drawn and never around the drawing, so another counter on the same file is not kept waiting
while pages are drawn. Previews of documents without personal data (a house's public listing,
a voucher sheet) write nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.registrant import STATUS_LABELS, Status
from desktop_app.domain.text import N_
from desktop_app.printing import fonts
from desktop_app.services import registrant_lookup
from desktop_app.services.session import Session

LIVE = (Status.REGISTERED.value, Status.RENEWED.value)
KIND_NAMES = {"dual": "二地域居住者", "furusato": "ふるさと住民"}
TIER_NAMES = {"basic": "ベーシック", "premium": "プレミアム"}
# Status words of the CLI's --status, as a clerk says them, and the stored values.
STATUS_WORDS = {"登録": ("registered", "renewed"), "申請中": ("applied",), "更新": ("renewed",),
                "失効": ("expired",), "取消": ("revoked",)}
NAME_FIELDS = (("family_name", N_("Family name")), ("given_name", N_("Given name")),
               ("family_kana", N_("Family kana")), ("given_kana", N_("Given kana")))


def find_registrant(session: Session, number_or_id: str | int) -> dict:
    """A registrant by 登録番号 (R7-000123) or by internal id."""
    return registrant_lookup.find_registrant(session.db, number_or_id)


def category(person: dict) -> str:
    name = KIND_NAMES.get(person["kind"], person["kind"])
    tier = TIER_NAMES.get(person.get("tier") or "")
    return f"{name}（{tier}）" if tier else name


def full_name(person: dict) -> str:
    return f"{person['family_name']}　{person['given_name']}".strip("　")


def kana_name(person: dict) -> str:
    return f"{person['family_kana']}　{person['given_kana']}".strip("　")


def home_address(person: dict) -> str:
    """The 住民票 address as printed: prefecture, city and the rest, run together."""
    return "".join(person.get(part) or "" for part in ("prefecture", "city", "address"))


def postal_code(person: dict) -> str:
    """1500001 → 150-0001; anything else as it was typed."""
    postal = person.get("postal_code") or ""
    return f"{postal[:3]}-{postal[3:]}" if len(postal) == 7 and postal.isdigit() else postal


def refuse_unless_live(person: dict, message: str, *, dated: bool = False) -> None:
    """Refuse a document for someone not registered now (or, `dated`, without a valid-until)."""
    if person["status"] not in LIVE or (dated and not person.get("valid_until")):
        raise RuleRefused(message, {"number": person.get("registrant_no") or person["id"],
                                    "status": STATUS_LABELS[Status(person["status"])]},
                          field=N_("Status"))


def check_names(person: dict, family_name: str = fonts.GOTHIC, extra: Sequence[str] = ()) -> None:
    """Refuse before printing when the fonts lack a character of the person's name or address."""
    fields = [(label, person.get(key) or "") for key, label in NAME_FIELDS]
    if "address" in extra:
        fields.append((N_("Address"), home_address(person)))
    fonts.check_printable(fields, family_name, who=person.get("registrant_no") or "")


def statuses_from_word(word: str) -> tuple[str, ...]:
    """登録 → registered and renewed; also accepts the stored English values."""
    if word in STATUS_WORDS:
        return STATUS_WORDS[word]
    if word in {s.value for s in Status}:
        return (word,)
    raise RuleRefused(N_("{status} is not a status ({choices})."),
                      {"status": word, "choices": ", ".join(STATUS_WORDS)}, field=N_("Status"))


def record_print(session: Session, document: str, people: Sequence[dict] = (), *,
                 copies: int = 1, entity_id: int | str | None = None, preview: bool = False,
                 **details) -> None:
    """The one audit row of a print: who printed which document, for whom, how many.

    A 見本 preview of a document with people on it shows them on screen (or in a PDF file)
    as much as a print does: it is noted as `print.preview`, naming the document and the
    people, so that a preview is not a way round the trail. Call it once the PDF is drawn: its
    short transaction is the only write of the print.
    """
    with session.write("print.preview" if preview else "print." + document, "print") as change:
        change.entity_id = entity_id if entity_id is not None else (
            people[0]["id"] if len(people) == 1 else None)
        who = {"registrants": [p.get("registrant_no") or p["id"] for p in people]} if people else {}
        change.after = {"document": document, "copies": copies, **who, **details}
