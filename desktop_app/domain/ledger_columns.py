"""Columns of a ledger file: the app's template, the names towns give their columns, the mapping.

A mapping says which field of the register each column of a file fills. It is suggested from the
header row (towns write 氏名, ﾌﾘｶﾞﾅ, 〒, TEL, 住所1/住所2 …), corrected by the clerk, and remembered
per file layout, keyed by a hash of the header row.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from enum import StrEnum
from functools import lru_cache

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.registrant import Kind, Status, Tier
from desktop_app.domain.registry_rules import IdentityDocument
from desktop_app.domain.text import N_, Msg


class LedgerField(StrEnum):
    FAMILY_NAME = "family_name"
    GIVEN_NAME = "given_name"
    FULL_NAME = "full_name"  # 氏名 in one cell, split at the first space
    FAMILY_KANA = "family_kana"
    GIVEN_KANA = "given_kana"
    FULL_KANA = "full_kana"  # フリガナ in one cell, split likewise
    BIRTH_DATE = "birth_date"
    SEX = "sex"
    POSTAL_CODE = "postal_code"
    ADDRESS = "address"  # several columns (住所1, 住所2) are joined in file order
    PHONE = "phone"
    EMAIL = "email"
    KIND = "kind"
    TIER = "tier"
    REGISTRANT_NO = "registrant_no"
    STATUS = "status"
    # The photo-ID check of a プレミアム registrant (never the document's number).
    IDENTITY_DOCUMENT = "identity_document"
    IDENTITY_CHECKED_BY = "identity_checked_by"
    IDENTITY_CHECKED_ON = "identity_checked_on"


FIELD_LABELS: dict[LedgerField, Msg] = {
    LedgerField.FAMILY_NAME: Msg(N_("Family name")),
    LedgerField.GIVEN_NAME: Msg(N_("Given name")),
    LedgerField.FULL_NAME: Msg(N_("Full name (family and given)")),
    LedgerField.FAMILY_KANA: Msg(N_("Family kana")),
    LedgerField.GIVEN_KANA: Msg(N_("Given kana")),
    LedgerField.FULL_KANA: Msg(N_("Full name in kana")),
    LedgerField.BIRTH_DATE: Msg(N_("Birth date")),
    LedgerField.SEX: Msg(N_("Sex")),
    LedgerField.POSTAL_CODE: Msg(N_("Postal code")),
    LedgerField.ADDRESS: Msg(N_("Address")),
    LedgerField.PHONE: Msg(N_("Phone")),
    LedgerField.EMAIL: Msg(N_("E-mail")),
    LedgerField.KIND: Msg(N_("Kind")),
    LedgerField.TIER: Msg(N_("Tier")),
    LedgerField.REGISTRANT_NO: Msg(N_("Registrant number")),
    LedgerField.STATUS: Msg(N_("Status")),
    LedgerField.IDENTITY_DOCUMENT: Msg(N_("Identity document")),
    LedgerField.IDENTITY_CHECKED_BY: Msg(N_("Identity checked by")),
    LedgerField.IDENTITY_CHECKED_ON: Msg(N_("Identity checked on")),
}

# The app's own template, in this order; export writes the same headers.
TEMPLATE_COLUMNS: tuple[tuple[str, LedgerField], ...] = (
    ("氏", LedgerField.FAMILY_NAME),
    ("名", LedgerField.GIVEN_NAME),
    ("氏カナ", LedgerField.FAMILY_KANA),
    ("名カナ", LedgerField.GIVEN_KANA),
    ("生年月日", LedgerField.BIRTH_DATE),
    ("性別", LedgerField.SEX),
    ("郵便番号", LedgerField.POSTAL_CODE),
    ("住所", LedgerField.ADDRESS),
    ("電話番号", LedgerField.PHONE),
    ("メールアドレス", LedgerField.EMAIL),
    ("区分", LedgerField.KIND),
    ("種別", LedgerField.TIER),
    ("登録番号", LedgerField.REGISTRANT_NO),
    ("状態", LedgerField.STATUS),
    ("本人確認書類", LedgerField.IDENTITY_DOCUMENT),
    ("本人確認者", LedgerField.IDENTITY_CHECKED_BY),
    ("本人確認日", LedgerField.IDENTITY_CHECKED_ON),
)
TEMPLATE_HEADERS: tuple[str, ...] = tuple(header for header, _ in TEMPLATE_COLUMNS)

_ALIASES: dict[LedgerField, tuple[str, ...]] = {
    LedgerField.FAMILY_NAME: ("氏", "姓", "苗字", "名字", "氏(漢字)", "姓(漢字)"),
    LedgerField.GIVEN_NAME: ("名", "名(漢字)", "名前(名)"),
    LedgerField.FULL_NAME: ("氏名", "名前", "お名前", "氏名(漢字)", "漢字氏名", "フルネーム"),
    LedgerField.FAMILY_KANA: ("氏カナ", "姓カナ", "セイ", "氏フリガナ", "姓フリガナ", "氏(カナ)",
                              "姓(カナ)", "氏ふりがな"),
    LedgerField.GIVEN_KANA: ("名カナ", "メイ", "名フリガナ", "名(カナ)", "名ふりがな"),
    LedgerField.FULL_KANA: ("フリガナ", "ふりがな", "カナ", "カナ氏名", "氏名カナ", "氏名(カナ)",
                            "氏名フリガナ", "よみがな", "ヨミガナ", "読み"),
    LedgerField.BIRTH_DATE: ("生年月日", "誕生日", "生年月日(和暦)", "生年月日(西暦)"),
    LedgerField.SEX: ("性別", "性"),
    LedgerField.POSTAL_CODE: ("郵便番号", "〒", "郵便", "〒番号", "郵便番号(住所)"),
    LedgerField.ADDRESS: ("住所", "住所1", "住所2", "住所3", "住所(番地)", "番地", "方書",
                          "建物名", "住民票住所", "住所地"),
    LedgerField.PHONE: ("電話番号", "電話", "TEL", "tel.", "携帯", "携帯電話", "携帯番号", "連絡先",
                        "連絡先電話", "電話(携帯)"),
    LedgerField.EMAIL: ("メールアドレス", "メール", "E-mail", "email", "mail", "Eメール",
                        "電子メール"),
    LedgerField.KIND: ("区分", "登録区分", "種類", "住民区分"),
    LedgerField.TIER: ("種別", "ランク", "登録種別"),
    LedgerField.REGISTRANT_NO: ("登録番号", "登録No", "登録No.", "登録NO", "登録№", "登録ナンバー",
                                "登録#"),
    LedgerField.STATUS: ("状態", "ステータス", "登録状態"),
    LedgerField.IDENTITY_DOCUMENT: ("本人確認書類", "確認書類", "本人確認"),
    LedgerField.IDENTITY_CHECKED_BY: ("本人確認者", "確認者"),
    LedgerField.IDENTITY_CHECKED_ON: ("本人確認日", "確認日"),
}

_PUNCTUATION = re.compile(r"[\s_\-・:：.．()（）\[\]【】]")


def header_key(header: str) -> str:
    """A header as compared with the aliases: NFKC, case-folded, no spaces or punctuation."""
    return _PUNCTUATION.sub("", unicodedata.normalize("NFKC", header or "")).casefold()


_BY_ALIAS: dict[str, LedgerField] = {
    header_key(alias): field for field, aliases in _ALIASES.items() for alias in aliases
}
_BY_ALIAS |= {header_key(header): field for header, field in TEMPLATE_COLUMNS}

# Only these may be filled from more than one column.
_MULTI = {LedgerField.ADDRESS}
# One of each group must be mapped for a row to make a person.
_REQUIRED_GROUPS: tuple[tuple[LedgerField, ...], ...] = (
    (LedgerField.FAMILY_NAME, LedgerField.FULL_NAME),
    (LedgerField.FAMILY_KANA, LedgerField.FULL_KANA),
    (LedgerField.BIRTH_DATE,),
    (LedgerField.KIND,),
)
_EXCLUSIVE = (
    (LedgerField.FULL_NAME, (LedgerField.FAMILY_NAME, LedgerField.GIVEN_NAME)),
    (LedgerField.FULL_KANA, (LedgerField.FAMILY_KANA, LedgerField.GIVEN_KANA)),
)

Mapping = dict[str, LedgerField | None]


def field_for_header(header: str) -> LedgerField | None:
    return _BY_ALIAS.get(header_key(header))


def recognised_count(headers: list[str]) -> int:
    """How many cells of a row name a known column: used to find the header row."""
    return sum(1 for header in headers if header and field_for_header(header) is not None)


def suggest_mapping(headers: list[str]) -> Mapping:
    """A field for every header whose name is known; None (not imported) for the rest.

    A field that only one column may fill goes to the first column that names it.
    """
    mapping: Mapping = {}
    taken: set[LedgerField] = set()
    for header in headers:
        field = field_for_header(header)
        if field is not None and field in taken and field not in _MULTI:
            field = None
        mapping[header] = field
        if field is not None:
            taken.add(field)
    return mapping


def is_template(headers: list[str]) -> bool:
    """The app's own template: imported with no mapping step."""
    return [h.strip() for h in headers if h.strip()] == list(TEMPLATE_HEADERS)


def layout_key(headers: list[str]) -> str:
    """The hash under which a file layout's mapping is remembered."""
    joined = "\x1f".join(header.strip() for header in headers)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def parse_mapping(raw: dict, headers: list[str]) -> Mapping:
    """A mapping from its JSON form ({header: field name or null}); headers not named are skipped.

    Field names may be given as the internal name (`family_name`) or as a template header (`氏`).
    """
    template = dict(TEMPLATE_COLUMNS)
    mapping: Mapping = dict.fromkeys(headers)
    for header, value in raw.items():
        if header not in mapping:
            raise RuleRefused(N_("The mapping names a column '{column}' that the file does not "
                                 "have."), {"column": header}, field=N_("Mapping"))
        if value in (None, ""):
            continue
        try:
            mapping[header] = template.get(value) or LedgerField(value)
        except ValueError:
            raise RuleRefused(N_("The mapping sends column '{column}' to '{value}', which is not "
                                 "a field of the register."), {"column": header, "value": value},
                              field=N_("Mapping")) from None
    return mapping


def mapping_to_json(mapping: Mapping) -> dict[str, str | None]:
    return {header: field.value if field else None for header, field in mapping.items()}


def check_mapping(mapping: Mapping) -> None:
    """Refuse a mapping that cannot make a person, naming what is missing or doubled."""
    columns: dict[LedgerField, list[str]] = {}
    for header, field in mapping.items():
        if field is not None:
            columns.setdefault(field, []).append(header)
    for field, headers in columns.items():
        if len(headers) > 1 and field not in _MULTI:
            raise RuleRefused(N_("Columns {columns} all go to {field}; choose one."),
                              {"columns": "、".join(headers), "field": FIELD_LABELS[field]},
                              field=N_("Mapping"))
    for whole, parts in _EXCLUSIVE:
        if whole in columns and any(part in columns for part in parts):
            raise RuleRefused(N_("{whole} and {part} cannot both be chosen; use one or the "
                                 "other."), {"whole": FIELD_LABELS[whole],
                                             "part": FIELD_LABELS[parts[0]]},
                              field=N_("Mapping"))
    for group in _REQUIRED_GROUPS:
        if not any(field in columns for field in group):
            raise RuleRefused(N_("No column is chosen for {field}."),
                              {"field": FIELD_LABELS[group[0]]}, field=N_("Mapping"))


def _folded(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).casefold()


# Values as towns write them; the app's own labels come first and are what export writes.
KIND_WORDS: dict[Kind, tuple[str, ...]] = {
    Kind.FURUSATO: ("ふるさと住民", "ふるさと", "ふるさと住民登録", "フルサト住民", "furusato"),
    Kind.DUAL: ("二地域居住者", "二地域居住", "二地域", "特定居住", "特定居住者", "2地域居住",
                "2地域", "dual"),
}
TIER_WORDS: dict[Tier, tuple[str, ...]] = {
    Tier.BASIC: ("ベーシック", "基本", "basic"),
    Tier.PREMIUM: ("プレミアム", "premium"),
}
STATUS_WORDS: dict[Status, tuple[str, ...]] = {
    Status.APPLIED: ("申請中", "申請", "applied"),
    Status.REGISTERED: ("登録", "登録済", "登録済み", "registered"),
    Status.RENEWED: ("更新", "更新済", "renewed"),
    Status.EXPIRED: ("失効", "expired"),
    Status.REVOKED: ("取消", "取消し", "取り消し", "revoked"),
    Status.ERASED: ("抹消", "erased"),
}
IDENTITY_WORDS: dict[IdentityDocument, tuple[str, ...]] = {
    IdentityDocument.MY_NUMBER_CARD: ("マイナンバーカード", "個人番号カード", "my_number_card"),
    IdentityDocument.DRIVING_LICENCE: ("運転免許証", "免許証", "driving_licence"),
    IdentityDocument.PASSPORT: ("旅券", "パスポート", "passport"),
    IdentityDocument.RESIDENCE_CARD: ("在留カード", "residence_card"),
    IdentityDocument.OTHER_PHOTO_ID: ("その他の顔写真付き証明書", "その他", "other_photo_id"),
}
SEX_WORDS: dict[str, tuple[str, ...]] = {
    "female": ("女", "女性", "f", "female"),
    "male": ("男", "男性", "m", "male"),
    "other": ("その他", "other"),
}


def _lookup(words: dict) -> dict[str, object]:
    return {_folded(word): value for value, spellings in words.items() for word in spellings}


_KINDS, _TIERS = _lookup(KIND_WORDS), _lookup(TIER_WORDS)
_STATUSES, _SEXES = _lookup(STATUS_WORDS), _lookup(SEX_WORDS)
_IDENTITIES = _lookup(IDENTITY_WORDS)


# A ledger writes the same few words in these columns on every row: each is folded once.
@lru_cache(maxsize=1024)
def read_kind(text: str) -> Kind | None:
    return _KINDS.get(_folded(text))


@lru_cache(maxsize=1024)
def read_tier(text: str) -> Tier | None:
    return _TIERS.get(_folded(text))


@lru_cache(maxsize=1024)
def read_status(text: str) -> Status | None:
    return _STATUSES.get(_folded(text))


@lru_cache(maxsize=1024)
def read_sex(text: str) -> str | None:
    return _SEXES.get(_folded(text))


@lru_cache(maxsize=1024)
def read_identity_document(text: str) -> IdentityDocument | None:
    return _IDENTITIES.get(_folded(text))


def label_of(words: dict, value: object) -> str:
    """The word export writes for a stored value (the first spelling)."""
    spellings = words.get(value)
    return spellings[0] if spellings else ""
