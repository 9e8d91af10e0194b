"""The printer calibration page: the cross is where the page says, whatever offsets are saved."""

from __future__ import annotations

import subprocess

from PIL import Image

from desktop_app.printing.calibration import MARK_X, MARK_Y
from desktop_app.services import print_settings
from desktop_app.services.printing.forms import print_calibration_page
from desktop_app.services.self_test import pdf_fonts
from tests.printing_helpers import needs_poppler, pdf_text

PIXELS_PER_MM = 10


def _dark(image: Image.Image, x: int, y: int) -> bool:
    return image.getpixel((x, y)) < 128


@needs_poppler
def test_the_cross_prints_at_its_stated_place_with_no_offsets(admin, tmp_path):
    print_settings.set_calibration(admin, "", 3.0, -2.0)  # must not move the page measured on
    pdf = print_calibration_page(admin, "Canon LBP")
    (tmp_path / "page.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(int(25.4 * PIXELS_PER_MM)), "-gray", "-png",
                    "-singlefile", str(tmp_path / "page.pdf"), str(tmp_path / "page")],
                   check=True)
    image = Image.open(tmp_path / "page.png").convert("L")
    x, y = round(MARK_X * PIXELS_PER_MM), round(MARK_Y * PIXELS_PER_MM)
    along = [_dark(image, x + step, y) or _dark(image, x + step, y + 1) for step in (-150, 150)]
    down = [_dark(image, x, y + step) or _dark(image, x + 1, y + step) for step in (-150, 150)]
    assert all(along) and all(down)  # both arms of the cross pass through the stated point
    assert not _dark(image, x + 30 * PIXELS_PER_MM, y)  # and end where the ruler ends
    text = pdf_text(pdf, tmp_path)
    assert "左端から 150 mm、上端から 40 mm" in text and "Canon LBP" in text
    assert all(pdf_fonts(pdf)[name] for name in pdf_fonts(pdf) if "IPAex" in name)
