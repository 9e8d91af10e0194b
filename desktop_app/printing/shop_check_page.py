"""The partner shop's check (店舗用確認ページ): one HTML file that verifies a card's QR code in any
browser with nothing else: no script, font, image or stylesheet from anywhere, and a Content
Security Policy that forbids the page to fetch anything at all (only hashed inline code runs).

The script and style live in resources/shop-check/ next to the page; the town's data goes in
as one JSON block that the script reads. Words are Japanese, as on every printed document.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass

from desktop_app import paths
from desktop_app.domain.dates import ERAS

TITLE = "ふたさと 登録証の確認"
WORDS = {
    "outcomes": {"valid": "有効", "revoked": "失効", "expired": "期限切れ", "forged": "偽造",
                 "unchecked": "確認できません"},
    "labels": {"name": "氏名", "document": "種類", "category": "区分", "validUntil": "有効期限",
               "number": "番号"},
    "documents": {"C": "登録証", "S": "証明書", "V": "宿泊利用券"},
    "openEnded": "期限なし",
    "reasons": {
        "valid": "町が発行した本物です。",
        "revoked": "この証は取り消されています。",
        "expired": "有効期限を過ぎています。",
        "notACode": "ふたさとのQRコードではありません。",
        "otherTown": ("この町が発行したものではありません。"
                      "発行した自治体の確認ページで確かめてください。"),
        "badSignature": "署名が合いません。書き換えられたか、町が作ったものではありません。",
        "noCrypto": "このブラウザでは署名を確かめられません。新しいブラウザで開いてください。",
    },
}
TEXTS = {
    "__WAITING__": "QRコードを読み取るか、貼り付けてください",
    "__CAMERA__": "カメラで読み取る",
    "__PASTE__": "QRコードの内容（読み取った文字）",
    "__CHECK__": "確認する",
    "__NOTE__": ("このページはインターネットに接続せずに動きます。取消情報は作成日現在のものです。"
                 "町が新しいページを配ったら、差し替えてください。"),
}
# Nothing may be fetched: no default source; only the page's own hashed script and style run;
# the camera's stream is the one media source.
POLICY = ("default-src 'none'; script-src '{script}'; style-src '{style}'; img-src data:; "
          "media-src blob: mediastream:; connect-src 'none'; form-action 'none'; "
          "base-uri 'none'; frame-ancestors 'none'")


@dataclass(frozen=True)
class ShopCheckData:
    town: str
    municipality_code: str
    public_keys: tuple[bytes, ...]  # every card key the town ever signed with, newest first
    revoked: dict[str, list[str]]  # document letter → identifiers no longer good
    expired: dict[str, list[str]]
    holders: dict  # salt, iterations, sealed: {lookup id: sealed name}, all hex
    made_on: str  # 令和8年12月3日
    kind_names: dict[str, str]
    tier_names: dict[str, str]


def _hash(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render(data: ShopCheckData) -> bytes:
    folder = paths.resource("shop-check")
    page = (folder / "page.html").read_text("utf-8")
    script = (folder / "page.js").read_text("utf-8")
    style = (folder / "page.css").read_text("utf-8")
    town = {
        "municipalityCode": data.municipality_code,
        "keys": [key.hex() for key in data.public_keys],
        "revoked": data.revoked, "expired": data.expired, "holders": data.holders,
        "eras": [{"name": era.name, "start": era.start.isoformat()} for era in reversed(ERAS)],
        "words": {**WORDS, "kinds": data.kind_names, "tiers": data.tier_names},
    }
    # Inside <script>, "</" would end the block: JSON allows escaping every "<".
    blob = json.dumps(town, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    replacements = {
        "__CSP__": POLICY.format(script=_hash(script), style=_hash(style)),
        "__TITLE__": TITLE, "__TOWN__": _escape(data.town),
        "__REVOCATIONS__": f"取消情報: {data.made_on}現在",
        **TEXTS,
    }
    for marker, text in replacements.items():
        page = page.replace(marker, text)
    # The code, then the data, last: nothing in the town's data is taken for a marker.
    for marker, text in (("__STYLE__", style), ("__SCRIPT__", script), ("__DATA__", blob)):
        head, _, tail = page.partition(marker)
        page = head + text + tail
    return page.encode("utf-8")
