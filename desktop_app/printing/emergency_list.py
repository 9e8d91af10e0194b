"""非常時名簿 on A4 in large type: one block per person, grouped by 地区, readable by torchlight
and printable with no network (every font embedded)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.printing import fonts
from desktop_app.printing.layout import A4, PdfWriter, pt

GOTHIC = fonts.GOTHIC
MARGIN = 15.0
BLOCK = 27.0  # millimetres of one person
HEADING = 12.0
BAND = (0.75, 0.1, 0.1)  # emergency red; dark enough to read in grey


@dataclass(frozen=True)
class ListedPerson:
    name: str
    kana: str
    kind: str  # お試し住宅に滞在 / 町内の滞在先 / …
    place: str  # the facility or event
    address: str
    phone: str
    contact: str
    registrant_no: str


@dataclass(frozen=True)
class EmergencySheet:
    title: str  # 非常時名簿（町内滞在者）
    subtitle: str  # 令和8年12月3日現在　石巻市
    footer: str  # 個人情報・取扱注意　作成 …
    address_label: str  # 町内の滞在先 or 住所
    groups: Sequence[tuple[str, Sequence[ListedPerson]]]


def render(sheet: EmergencySheet) -> bytes:
    writer = PdfWriter(A4, title=sheet.title)
    canvas = writer.canvas
    width, height = pt(A4[0]), pt(A4[1])
    left, right = pt(MARGIN), width - pt(MARGIN)
    page = 0

    def new_page() -> float:
        nonlocal page
        writer.begin_page()
        page += 1
        canvas.setFillColorRGB(*BAND)
        canvas.rect(0, height - pt(22), width, pt(22), stroke=0, fill=1)
        canvas.setFillColorRGB(1, 1, 1)
        fonts.draw(canvas, left, height - pt(12), sheet.title, GOTHIC, 20, max_width=right - left)
        fonts.draw(canvas, left, height - pt(19), sheet.subtitle, GOTHIC, 11,
                   max_width=right - left - pt(20))
        fonts.draw(canvas, right, height - pt(19), f"{page}頁", GOTHIC, 11, align="right")
        canvas.setFillColorRGB(0.3, 0.3, 0.3)
        fonts.draw(canvas, left, pt(8), sheet.footer, GOTHIC, 9, max_width=right - left)
        canvas.setFillColorRGB(0, 0, 0)
        return height - pt(28)

    y = new_page()
    if not sheet.groups:
        fonts.draw(canvas, left, y - pt(10), "該当する方はいません。", GOTHIC, 16)
    for district, people in sheet.groups:
        if y - pt(HEADING + BLOCK) < pt(14):
            writer.end_page()
            y = new_page()
        y = _heading(canvas, district, len(people), left, right, y)
        for person in people:
            if y - pt(BLOCK) < pt(14):
                writer.end_page()
                y = _heading(canvas, f"{district}（続き）", len(people), left, right, new_page())
            y = _person(canvas, person, sheet.address_label, left, right, y)
    writer.end_page()
    return writer.finish()


def _heading(canvas, district: str, count: int, left: float, right: float, top: float) -> float:
    canvas.setFillColorRGB(0.92, 0.92, 0.92)
    canvas.rect(left, top - pt(HEADING) + pt(2), right - left, pt(HEADING - 2), stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    fonts.draw(canvas, left + pt(2), top - pt(8), f"地区　{district}", GOTHIC, 15,
               max_width=right - left - pt(30))
    fonts.draw(canvas, right - pt(2), top - pt(8), f"{count}名", GOTHIC, 13, align="right")
    return top - pt(HEADING)


def _person(canvas, person: ListedPerson, address_label: str, left: float, right: float,
            top: float) -> float:
    inner = right - left - pt(4)
    fonts.draw(canvas, left + pt(2), top - pt(7), person.name, GOTHIC, 16, max_width=pt(70))
    fonts.draw(canvas, left + pt(74), top - pt(7), person.kana, GOTHIC, 10, max_width=pt(48))
    kind = f"{person.kind}　{person.place}".strip("　")
    fonts.draw(canvas, right - pt(2), top - pt(7), kind, GOTHIC, 11, align="right",
               max_width=pt(60))
    fonts.draw(canvas, left + pt(2), top - pt(14),
               f"{address_label}　{person.address or '—'}", GOTHIC, 12, max_width=inner)
    fonts.draw(canvas, left + pt(2), top - pt(20.5),
               f"電話　{person.phone or '—'}　　緊急連絡先　{person.contact or '未登録'}",
               GOTHIC, 12, max_width=inner - pt(32))
    canvas.setFillColorRGB(0.35, 0.35, 0.35)
    fonts.draw(canvas, right - pt(2), top - pt(20.5), person.registrant_no, GOTHIC, 9,
               align="right")
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setLineWidth(0.5)
    canvas.setStrokeColorRGB(0.6, 0.6, 0.6)
    canvas.line(left, top - pt(BLOCK - 2), right, top - pt(BLOCK - 2))
    return top - pt(BLOCK)
