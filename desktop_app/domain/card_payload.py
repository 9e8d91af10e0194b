"""What a printed QR code carries: a short signed text that can be checked offline.

    FT1.042021.C.ABCDE-23456.20270331.DB.<signature>

version, 全国地方公共団体コード of the issuing town, document (C card, S certificate, V voucher),
its identifier (card code, certificate number, voucher serial), valid until (YYYYMMDD, 0 when
open-ended), the registrant's kind and tier (F/D + B/P, or - when it does not apply), and an
Ed25519 signature over everything before the last dot, in RFC 4648 base32 without padding.

Only A–Z, 0–9, '-' and '.' occur: QR alphanumeric mode keeps the code small, and a barcode scanner
that types into a field puts in the same characters on a Japanese keyboard layout as on a US one.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from desktop_app.domain.errors import NotGenuine
from desktop_app.domain.text import N_

VERSION = "FT1"
SIGNATURE_BYTES = 64
_FIELD = re.compile(r"^[0-9A-Z\-]+$")


class Document(StrEnum):
    CARD = "C"
    CERTIFICATE = "S"
    VOUCHER = "V"


@dataclass(frozen=True)
class CardPayload:
    municipality_code: str
    document: Document
    identifier: str
    valid_until: date | None
    attributes: str = "-"

    def body(self) -> str:
        until = self.valid_until.strftime("%Y%m%d") if self.valid_until else "0"
        fields = [VERSION, self.municipality_code, self.document.value, self.identifier.upper(),
                  until, self.attributes or "-"]
        for value in fields:
            if not _FIELD.match(value):
                raise ValueError(f"cannot carry {value!r} in a QR payload")
        return ".".join(fields)

    def signed(self, signature: bytes) -> str:
        return f"{self.body()}.{encode_signature(signature)}"


def encode_signature(signature: bytes) -> str:
    return base64.b32encode(signature).decode("ascii").rstrip("=")


def parse(text: str) -> tuple[CardPayload, bytes, bytes]:
    """(payload, the signed bytes, the signature) of a scanned or typed code.

    Scanners add line ends, and a clerk may type in lower case: both are forgiven. Anything
    else that does not have the shape of a Futasato code, letter for letter, is refused as not
    genuine.
    """
    cleaned = "".join(text.split())
    if not cleaned.isascii():  # checked before upper(): 'ı'.upper() is 'I', 'ß'.upper() 'SS'
        raise NotGenuine(N_("This is not a Futasato code."))
    cleaned = cleaned.upper()
    body, _, signature_text = cleaned.rpartition(".")
    fields = body.split(".")
    if len(fields) != 6 or fields[0] != VERSION:
        raise NotGenuine(N_("This is not a Futasato code."))
    _, municipality, document, identifier, until, attributes = fields
    try:
        signature = base64.b32decode(signature_text + "=" * (-len(signature_text) % 8))
        kind = Document(document)
        valid_until = None if until == "0" else date(int(until[:4]), int(until[4:6]),
                                                      int(until[6:8]))
    except ValueError:
        raise NotGenuine(N_("The code is damaged or was altered.")) from None
    # One spelling per signature: the last letter's unused bits must be zero, as written.
    if (len(signature) != SIGNATURE_BYTES or encode_signature(signature) != signature_text
            or not (municipality.isdigit() and len(municipality) == 6)):
        raise NotGenuine(N_("The code is damaged or was altered."))
    payload = CardPayload(municipality, kind, identifier, valid_until, attributes)
    return payload, body.encode("ascii"), signature


def attributes_of(kind: str | None, tier: str | None) -> str:
    """F/D for ふるさと住民/二地域居住者, then B/P for the tier when there is one."""
    letters = {"furusato": "F", "dual": "D"}.get(kind or "", "")
    letters += {"basic": "B", "premium": "P"}.get(tier or "", "")
    return letters or "-"
