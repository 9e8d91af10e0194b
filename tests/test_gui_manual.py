"""ヘルプ → 操作マニュアル: the Markdown manual, its index, its links and its pictures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument

from desktop_app import i18n
from desktop_app.ui.manual_dialog import ManualDialog, manual_dir

MANUAL = Path(__file__).resolve().parent.parent / "docs" / "manual"
LINK = re.compile(r"(!?)\[[^\]]*\]\(([^)\s]+)\)")


def links(page: Path) -> list[tuple[bool, str]]:
    return [(bang == "!", target) for bang, target in LINK.findall(page.read_text("utf-8"))]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_page_is_in_the_index_and_every_link_and_picture_exists(language):
    folder = MANUAL / language
    pages = {page.name for page in folder.glob("*.md")} - {"index.md"}
    indexed = {target for image, target in links(folder / "index.md") if not image}
    assert pages and pages <= indexed
    for page in folder.glob("*.md"):
        for image, target in links(page):
            if not target.startswith("http"):
                assert (folder / target).resolve().is_file(), f"{page.name}: {target}"
            if image:
                assert target.startswith("../img/") and target.endswith(".png")


def test_both_languages_have_the_same_pages():
    assert sorted(p.name for p in (MANUAL / "ja").glob("*.md")) == sorted(
        p.name for p in (MANUAL / "en").glob("*.md"))


def test_the_dialog_shows_the_index_in_japanese_follows_a_link_and_loads_pictures(qtbot,
                                                                                  gui_catalogs):
    i18n.set_language("ja")
    assert manual_dir("ja") == MANUAL / "ja"
    dialog = ManualDialog()
    qtbot.addWidget(dialog)
    browser = dialog.browser
    assert "操作マニュアル" in browser.toPlainText()
    browser.setSource(QUrl("register.md"))
    assert browser.source().fileName() == "register.md"
    assert "登録と承認" in browser.toPlainText()
    for _image, target in (t for t in links(MANUAL / "ja" / "register.md") if t[0]):
        data = browser.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl(target))
        assert data is not None, target  # a broken picture loads as nothing
        assert QImage.fromData(data).width() == 1366
