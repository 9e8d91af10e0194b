"""Draws the application icon: two houses, one larger and one smaller, on one hill (two homes,
one person). Writes resources/icons/futasato.png (the window's icon) and futasato.ico (the
Windows launchers'). Run again only when the drawing changes: `python packaging/make_icon.py`."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZE = 1024  # drawn large, then scaled down, so small sizes stay smooth
SKY, HILL, WALL, ROOF, DOOR = "#2f5d8a", "#6fae5b", "#ffffff", "#e8833a", "#2f5d8a"
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def house(draw: ImageDraw.ImageDraw, left: int, base: int, width: int) -> None:
    """A house standing on `base`, `width` wide: walls, a roof wider than the walls, a door."""
    wall_top = base - width * 3 // 4
    draw.rectangle((left, wall_top, left + width, base), fill=WALL)
    overhang = width // 8
    draw.polygon([(left - overhang, wall_top + 4), (left + width // 2, wall_top - width // 2),
                  (left + width + overhang, wall_top + 4)], fill=ROOF)
    door = width // 4
    draw.rectangle((left + width // 2 - door // 2, base - door * 3 // 2,
                    left + width // 2 + door // 2, base), fill=DOOR)


def drawing() -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, SIZE - 1, SIZE - 1), radius=SIZE // 6, fill=SKY)
    draw.ellipse((-SIZE // 4, SIZE * 7 // 10, SIZE * 5 // 4, SIZE * 17 // 10), fill=HILL)
    house(draw, left=SIZE * 17 // 100, base=SIZE * 77 // 100, width=SIZE * 30 // 100)
    house(draw, left=SIZE * 58 // 100, base=SIZE * 74 // 100, width=SIZE * 22 // 100)
    mask = Image.new("L", (SIZE, SIZE), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, SIZE - 1, SIZE - 1), radius=SIZE // 6,
                                           fill=255)
    image.putalpha(mask)  # the hill stays inside the rounded square
    return image


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    image = drawing()
    image.resize((256, 256), Image.LANCZOS).save(ICONS / "futasato.png")
    image.save(ICONS / "futasato.ico", sizes=ICO_SIZES)


if __name__ == "__main__":
    main()
