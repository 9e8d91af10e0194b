"""One row of a ledger file turned into an application, checked by the same rules as the counter.

Every problem of a row is reported (not just the first), each with the row number as the clerk
sees it in Excel, the file's column and the field of the register.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from desktop_app.domain.application import Application
from desktop_app.domain.dates import parse_date
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.ledger_columns import (
    FIELD_LABELS,
    LedgerField,
    Mapping,
    read_identity_document,
    read_kind,
    read_sex,
    read_status,
    read_tier,
)
from desktop_app.domain.registrant import Kind, Status
from desktop_app.domain.text import N_, Msg, render

F = LedgerField
_FIRST_SPACE = re.compile(r"[ \u3000\t]+")


class NumberText(str):
    """Text of a number cell in a workbook: Excel drops leading zeros of postal codes and phones."""


def _restore_zeros(target: LedgerField, value: str) -> str:
    if isinstance(value, NumberText) and value.isdigit():
        if target is LedgerField.POSTAL_CODE and len(value) < 7:
            return value.zfill(7)
        if target is LedgerField.PHONE and 9 <= len(value) <= 10:
            return "0" + value
    return value


@dataclass(frozen=True)
class RowProblem:
    """Something wrong with one row of the file: where, and why."""

    row: int
    column: str
    field: LedgerField | None
    msgid: str
    params: dict = field(default_factory=dict)
    duplicate: bool = False

    @property
    def field_label(self) -> str:
        return render(FIELD_LABELS[self.field]) if self.field else ""

    @property
    def message(self) -> str:
        return render(self.msgid, self.params)

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column,
                "field": self.field.value if self.field else None,
                "field_label": self.field_label, "message": self.message,
                "duplicate": self.duplicate}


# The counter's check of an application: the columns it would store (with their comparison
# keys `kana_key` and `name_key`), or RuleRefused naming the field.
Check = Callable[[Application], dict]


@dataclass(frozen=True)
class ImportedPerson:
    """A row that passed every check, ready to be stored."""

    row: int
    values: dict
    status: Status
    registrant_no: str

    def match_keys(self) -> tuple[tuple[str, str], tuple[str, str]]:
        """What makes two rows the same person: kana and birth date, or name and birth date."""
        born = self.values["birth_date"]
        return (self.values["kana_key"], born), (self.values["name_key"], born)

    @property
    def full_name(self) -> str:
        return f"{self.values['family_name']} {self.values['given_name']}".strip()


# Numbers in the app's own form (`R7-000123`, see registry_rules.registrant_number): importing
# one moves its series (registry_rules.number_series) up, so approval never hands it out again.
# A counter's carry its digit (R7-3-000123): their series is the counter's own.
_APP_NUMBER = re.compile(r"^([MTSHR]\d{1,2}(?:-[1-9])?)-(\d{6})$")


def numbering_floors(numbers: Iterable[str]) -> dict[str, int]:
    floors: dict[str, int] = {}
    for number in numbers:
        match = _APP_NUMBER.match(number or "")
        if match:
            series = f"registrant:{match[1]}"
            floors[series] = max(floors.get(series, 0), int(match[2]))
    return floors


def split_name(text: str) -> tuple[str, str]:
    """氏名 in one cell → (family, given), split at the first full- or half-width space."""
    parts = _FIRST_SPACE.split((text or "").strip(), maxsplit=1)
    return (parts[0], parts[1].strip()) if len(parts) == 2 else (parts[0], "")


class AddressSplitter:
    """Splits 宮城県仙台市青葉区一番町2-3-4 into prefecture, municipality and the rest."""

    def __init__(self, municipalities: Iterable[tuple[str, str]]):
        # Per prefecture, the names of each length, longest first: the longest name that starts
        # the rest wins (仙台市青葉区 before 仙台市), found by a set look-up per length.
        cities: dict[str, dict[int, set[str]]] = {}
        for prefecture, name in municipalities:
            by_length = cities.setdefault(prefecture, {})
            if name:
                by_length.setdefault(len(name), set()).add(name)
                if "郡" in name:  # addresses often leave out the 郡
                    short = name.split("郡", 1)[1]
                    by_length.setdefault(len(short), set()).add(short)
        self._cities = {prefecture: sorted(by_length.items(), reverse=True)
                        for prefecture, by_length in cities.items()}

    def split(self, text: str) -> tuple[str, str, str]:
        text = (text or "").strip()
        for length in (3, 4):  # 東京都 … 神奈川県
            prefecture = text[:length]
            names = self._cities.get(prefecture)
            if names is not None:
                rest = text[length:]
                for size, same_length in names:
                    if rest[:size] in same_length:
                        return prefecture, rest[:size], rest[size:].strip()
                return prefecture, "", rest.strip()
        return "", "", text


def _clean(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip() if value else ""


# Labels the counter's checks put on a refusal, and the field of the file they concern.
# (RuleRefused.field carries the msgid of the label.)
FIELD_OF_LABEL = {
    N_("Family name"): F.FAMILY_NAME, N_("Given name"): F.GIVEN_NAME,
    N_("Family kana"): F.FAMILY_KANA, N_("Given kana"): F.GIVEN_KANA,
    N_("Birth date"): F.BIRTH_DATE, N_("Kind"): F.KIND, N_("Tier"): F.TIER,
    N_("Postal code"): F.POSTAL_CODE, N_("Address"): F.ADDRESS, N_("Phone"): F.PHONE,
    N_("E-mail"): F.EMAIL,
    N_("Identity document"): F.IDENTITY_DOCUMENT, N_("Identity checked by"):
    F.IDENTITY_CHECKED_BY, N_("Identity checked on"): F.IDENTITY_CHECKED_ON,
}
# A value that passes, put in place of a refused one so that the next problem shows too.
_PASSING = {
    F.FAMILY_NAME: ("family_name", "-"), F.FAMILY_KANA: ("family_kana", "ア"),
    F.GIVEN_KANA: ("given_kana", ""), F.BIRTH_DATE: ("birth_date", "2000-01-01"),
    F.KIND: ("kind", Kind.FURUSATO.value), F.TIER: ("tier", None),
    F.POSTAL_CODE: ("postal_code", ""), F.PHONE: ("phone", ""), F.EMAIL: ("email", ""),
}


class RowReader:
    """Reads rows of one file under one mapping."""

    def __init__(self, mapping: Mapping, addresses: AddressSplitter, check: Check,
                 headers: list[str] | None = None):
        """`headers`: the file's header row, in the order of each row's values (by default the
        mapping's own order)."""
        self.check = check
        self.addresses = addresses
        self.columns: dict[LedgerField, list[str]] = {}
        for header, target in mapping.items():
            if target is not None:
                self.columns.setdefault(target, []).append(header)
        position = {header: index for index, header in
                    enumerate(headers if headers is not None else list(mapping))}
        # Positions in a row, worked out once: a row is read by index, not through a dict.
        self._single = [(target, position.get(headers_[0])) for target, headers_
                        in self.columns.items() if target is not F.ADDRESS]
        self._address = [position.get(header) for header in self.columns.get(F.ADDRESS, ())]

    def column(self, target: LedgerField) -> str:
        """The file's column(s) that fill a field, as named in a report."""
        if target in self.columns:
            return "・".join(self.columns[target])
        whole = {F.FAMILY_NAME: F.FULL_NAME, F.GIVEN_NAME: F.FULL_NAME,
                 F.FAMILY_KANA: F.FULL_KANA, F.GIVEN_KANA: F.FULL_KANA}.get(target)
        return "・".join(self.columns.get(whole, [])) if whole else ""

    def fields(self, row_values: list[str]) -> dict[LedgerField, str]:
        """The row's text for each field (address columns joined in file order)."""
        width = len(row_values)
        values: dict[LedgerField, str] = {}
        for target, index in self._single:
            value = (row_values[index] if index is not None and index < width else "") or ""
            if isinstance(value, NumberText):
                value = _restore_zeros(target, value)
            values[target] = value.strip()
        if self._address:
            values[F.ADDRESS] = "".join(
                (row_values[index] or "").strip() for index in self._address
                if index is not None and index < width)
        if F.FULL_NAME in values:
            values[F.FAMILY_NAME], values[F.GIVEN_NAME] = split_name(values.pop(F.FULL_NAME))
        if F.FULL_KANA in values:
            values[F.FAMILY_KANA], values[F.GIVEN_KANA] = split_name(values.pop(F.FULL_KANA))
        return values

    def read(self, row: int, row_values: list[str]) -> ImportedPerson | list[RowProblem]:
        """The checked person of a row (its values in header order), or every problem in it."""
        values = self.fields(row_values)
        problems: list[RowProblem] = []

        def refuse(target: LedgerField | None, msgid: str, params: dict | None = None) -> None:
            problems.append(RowProblem(row, self.column(target) if target else "", target, msgid,
                                       params or {}))

        kind_text = values.get(F.KIND, "")
        kind = read_kind(kind_text)
        if kind is None:
            if kind_text:
                refuse(F.KIND, N_("'{value}' is not a kind; write ふるさと住民 or 二地域居住者."),
                       {"value": kind_text})
            else:
                refuse(F.KIND, N_("The kind (ふるさと住民 or 二地域居住者) is required."))
        tier_text = values.get(F.TIER, "")
        tier = read_tier(tier_text) if tier_text else None
        if tier_text and tier is None:
            refuse(F.TIER, N_("'{value}' is not a tier; write ベーシック or プレミアム."),
                   {"value": tier_text})
        sex_text = values.get(F.SEX, "")
        sex = read_sex(sex_text) if sex_text else None
        if sex_text and sex is None:
            refuse(F.SEX, N_("'{value}' is not a sex; write 女, 男 or その他, or leave it empty."),
                   {"value": sex_text})
        number = _clean(values.get(F.REGISTRANT_NO, "")).upper()
        status = self._status(values.get(F.STATUS, ""), number, refuse)
        if not values.get(F.GIVEN_NAME) and values.get(F.GIVEN_KANA):
            refuse(F.GIVEN_NAME, N_("The given name is missing, though the kana has one."))
        document_text = values.get(F.IDENTITY_DOCUMENT, "")
        document = read_identity_document(document_text) if document_text else None
        if document_text and document is None:
            refuse(F.IDENTITY_DOCUMENT,
                   N_("'{value}' is not a kind of photo ID (マイナンバーカード, 運転免許証, "
                      "旅券, 在留カード, その他)."), {"value": document_text})
        checked_on = values.get(F.IDENTITY_CHECKED_ON, "")
        if checked_on:
            try:
                checked_on = parse_date(checked_on).isoformat()
            except RuleRefused as error:
                refuse(F.IDENTITY_CHECKED_ON, error.msgid, error.params)
                checked_on = ""
        prefecture, city, address = self.addresses.split(values.get(F.ADDRESS, ""))
        application = Application(
            family_name=values.get(F.FAMILY_NAME, ""), given_name=values.get(F.GIVEN_NAME, ""),
            family_kana=values.get(F.FAMILY_KANA, ""), given_kana=values.get(F.GIVEN_KANA, ""),
            birth_date=values.get(F.BIRTH_DATE, ""), kind=kind.value if kind else "",
            tier=tier.value if tier else None, sex=sex, postal_code=values.get(F.POSTAL_CODE, ""),
            prefecture=prefecture, city=city, address=address,
            phone=values.get(F.PHONE, ""), email=values.get(F.EMAIL, ""),
            identity_document=document.value if document else "",
            identity_checked_by=values.get(F.IDENTITY_CHECKED_BY, ""),
            identity_checked_on=checked_on,
        )
        stored = self._check(application, problems, refuse)
        if problems or stored is None:
            return problems
        return ImportedPerson(row, stored, status, number)

    def _status(self, text: str, number: str, refuse) -> Status:
        if not text:
            return Status.REGISTERED if number else Status.APPLIED
        status = read_status(text)
        if status is None:
            refuse(F.STATUS, N_("'{value}' is not a status of the register."), {"value": text})
            return Status.APPLIED
        if status is Status.APPLIED and number:
            refuse(F.REGISTRANT_NO, N_("A person still applying has no registrant number yet."))
        elif status is not Status.APPLIED and not number:
            refuse(F.REGISTRANT_NO, N_("A person with the status {status} needs a registrant "
                                       "number."), {"status": Msg(text)})
        return status

    def _check(self, application: Application, problems: list[RowProblem],
               refuse) -> dict | None:
        """The counter's own checks, run until every refused field has been reported.

        A refused value is replaced by one that passes (on a copy), so the next problem shows.
        """
        trial = application
        refused: set[LedgerField] = {p.field for p in problems if p.field} if problems else set()
        if F.KIND in refused:
            trial = replace(trial, kind=Kind.FURUSATO.value)
        for _attempt in range(len(_PASSING) + 1):
            try:
                stored = self.check(trial)
            except RuleRefused as error:
                target = FIELD_OF_LABEL.get(error.field or "")
                if target is None and _is_bad_date(trial.birth_date):
                    target = F.BIRTH_DATE  # parse_date names no field
                refuse(target, error.msgid, error.params)
                if target not in _PASSING or target in refused:
                    return None
                refused.add(target)
                attribute, passing = _PASSING[target]
                trial = replace(trial, **{attribute: passing})
                continue
            return stored if trial is application else None
        return None


def _is_bad_date(text: str) -> bool:
    try:
        parse_date(text)
    except RuleRefused:
        return True
    return False
