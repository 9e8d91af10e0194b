"""Registered people to print for, and the tools that read a PDF back (poppler, zbar)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from desktop_app.domain.application import Application
from desktop_app.domain.roles import Role
from desktop_app.printing.layout import PdfWriter
from desktop_app.services import registry_status
from desktop_app.services.registration import register
from desktop_app.services.session import Session

TODAY = date(2025, 6, 1)
PEOPLE = (("𠮷田", "太郎", "ヨシダ", "タロウ", "dual", None),
          ("髙橋", "美咲", "タカハシ", "ミサキ", "furusato", "basic"),
          ("齋藤", "一郎", "サイトウ", "イチロウ", "furusato", "basic"),
          ("渡邊", "花子", "ワタナベ", "ハナコ", "dual", None),
          ("佐藤", "健", "サトウ", "ケン", "furusato", "basic"),
          ("鈴木", "陽菜", "スズキ", "ヒナ", "furusato", "basic"),
          ("山﨑", "翔", "ヤマザキ", "ショウ", "dual", None),
          ("伊藤", "結衣", "イトウ", "ユイ", "furusato", "basic"),
          ("中村", "蓮", "ナカムラ", "レン", "dual", None),
          ("小林", "さくら", "コバヤシ", "サクラ", "furusato", "basic"))

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"),
                                   reason="poppler-utils (pdftotext, pdftoppm) is not installed")
needs_zbar = pytest.mark.skipif(not shutil.which("zbarimg"),
                                reason="zbar-tools (zbarimg) is not installed")


def supervisor_of(admin: Session) -> Session:
    return Session(admin.db, clerk="super1", role=Role.SUPERVISOR, terminal=admin.terminal)


def register_people(clerk: Session, supervisor: Session, count: int = 10) -> list[int]:
    ids = []
    for index in range(count):
        family, given, family_kana, given_kana, kind, tier = PEOPLE[index % len(PEOPLE)]
        registrant_id = register(clerk, Application(
            family_name=family, given_name=given, family_kana=family_kana,
            given_kana=given_kana, birth_date=f"19{60 + index % 40}-04-0{1 + index % 9}",
            kind=kind, tier=tier, postal_code="150-0001", address=f"{index + 1}-2-3",
            phone="090-1111-2222"), today=TODAY)
        registry_status.approve(supervisor, registrant_id, today=TODAY)
        ids.append(registrant_id)
    return ids


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "read.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          check=True, text=True).stdout


def page_sizes_mm(pdf: bytes, tmp_path: Path) -> list[tuple[float, float]]:
    path = tmp_path / "size.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(path)], capture_output=True,
                          check=True, text=True).stdout
    sizes = []
    for line in info.splitlines():
        if line.startswith("Page") and "size:" in line:
            numbers = line.split("size:")[1].split("pts")[0].split("x")
            sizes.append(tuple(round(float(n) * 25.4 / 72, 1) for n in numbers))
    return sizes


def qr_codes(pdf: bytes, tmp_path: Path, expected: int = 0,
             resolutions: tuple[int, ...] = (150, 220)) -> list[str]:
    """Every distinct QR code zbarimg finds on the pages. zbar can miss one code of many on a
    page at one resolution, so the pages are read at a second one unless `expected` were found."""
    path = tmp_path / "codes.pdf"
    path.write_bytes(pdf)
    found: list[str] = []
    for dpi in resolutions:
        subprocess.run(["pdftoppm", "-png", "-gray", "-r", str(dpi), str(path),
                        str(tmp_path / "page")], check=True)
        images = sorted(tmp_path.glob("page*.png"))
        result = subprocess.run(["zbarimg", "-q", "--nodbus", "--raw", "-Sdisable",
                                 "-Sqrcode.enable", *map(str, images)],
                                capture_output=True, text=True)
        found += [line for line in result.stdout.splitlines() if line and line not in found]
        for image in images:
            image.unlink()
        if expected and len(found) >= expected:
            break
    return found


@dataclass
class OtherCounter:
    """Another counter process on the same file, writing while this one draws a PDF."""

    path: Path
    commits: int = 0
    busy_ms: int = 200  # a counter that waits longer than this for a print is stuck

    def write(self) -> None:
        connection = sqlite3.connect(self.path, timeout=self.busy_ms / 1000,
                                     isolation_level=None)
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute(
                "INSERT INTO settings (key, value) VALUES ('test.other_counter', '1')"
                " ON CONFLICT (key) DO UPDATE SET value = value + 1")
            connection.execute("COMMIT")
            self.commits += 1
        finally:
            connection.close()


@pytest.fixture
def other_counter(db, monkeypatch) -> OtherCounter:
    """Every PDF, just before its last page is closed, lets the other counter write and commit;
    the write fails with "database is locked" if the print holds the write lock meanwhile."""
    counter = OtherCounter(db.path)
    finish = PdfWriter.finish

    def finish_after_other_write(writer: PdfWriter) -> bytes:
        counter.write()
        return finish(writer)

    monkeypatch.setattr(PdfWriter, "finish", finish_after_other_write)
    return counter
