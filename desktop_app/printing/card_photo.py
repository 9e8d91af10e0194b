"""A photo made fit for the card: cropped to the card's photo box, at print resolution, re-encoded
as a plain JPEG so that nothing of the camera's (EXIF: place, time, device) is kept."""

from __future__ import annotations

import io
from dataclasses import dataclass

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.text import N_
from desktop_app.printing.card import PHOTO

PIXELS_PER_MM = 12  # about 305 dpi: sharp on a card printer
SIZE = (round(PHOTO[0] * PIXELS_PER_MM), round(PHOTO[1] * PIXELS_PER_MM))
PHOTO_MAX_BYTES = 200_000  # what schema 15's CHECK allows a stored photo
LARGEST_SOURCE = 60_000_000  # pixels; a larger file is refused before it is decoded
QUALITIES = (88, 80, 70, 60, 50, 40)


@dataclass(frozen=True)
class CardPhoto:
    jpeg: bytes
    width: int
    height: int


def centre_crop(width: int, height: int) -> tuple[int, int, int, int]:
    """The largest box of the card photo's aspect in the middle of a width × height picture."""
    aspect = PHOTO[0] / PHOTO[1]
    if width / height > aspect:
        crop_width = round(height * aspect)
        left = (width - crop_width) // 2
        return left, 0, left + crop_width, height
    crop_height = round(width / aspect)
    top = (height - crop_height) // 2
    return 0, top, width, top + crop_height


def card_photo(data: bytes, box: tuple[int, int, int, int] | None = None) -> CardPhoto:
    """The picture in `data` (JPEG, PNG…) cropped to `box` (left, top, right, bottom in the
    upright picture's pixels; the centre when None), scaled to the card and capped in size."""
    from PIL import Image, ImageOps, UnidentifiedImageError  # Pillow: only when a photo is taken

    try:
        with Image.open(io.BytesIO(data)) as source:
            if source.width * source.height > LARGEST_SOURCE:
                raise RuleRefused(N_("The picture is too large ({width} × {height})."),
                                  {"width": source.width, "height": source.height},
                                  field=N_("Photo"))
            upright = ImageOps.exif_transpose(source).convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError):
        raise RuleRefused(N_("This file is not a picture that can be read."),
                          field=N_("Photo")) from None
    crop = box or centre_crop(upright.width, upright.height)
    picture = upright.crop(crop).resize(SIZE, Image.Resampling.LANCZOS)
    for quality in QUALITIES:
        out = io.BytesIO()
        # A fresh image written without exif= or icc_profile=: no metadata goes into the file.
        picture.save(out, "JPEG", quality=quality, optimize=True)
        if out.tell() <= PHOTO_MAX_BYTES:
            return CardPhoto(out.getvalue(), *SIZE)
    raise RuleRefused(N_("The picture cannot be made small enough for the card."),
                      field=N_("Photo"))
