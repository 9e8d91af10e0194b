"""QR codes drawn as one filled path from segno's module matrix.

ReportLab's own QR widget spends 98% of a card batch encoding; segno encodes once and the
matrix becomes a single `re … f` run of rectangles, one per horizontal stretch of dark modules.
"""

from __future__ import annotations

QUIET_ZONE = 4  # modules of white the standard asks for around the code


BATCH_MASK = 0


def matrix(payload: str, *, fast: bool = False) -> tuple[tuple[int, ...], ...]:
    """The module matrix. `fast` skips choosing the best of the eight mask patterns (which is
    three quarters of segno's time) and uses a fixed one: every mask is valid and decodes; the
    best one only evens out light and dark a little. Batches use it; single documents do not."""
    import segno

    code = segno.make_qr(payload, error="m", boost_error=False,
                         mask=BATCH_MASK if fast else None)
    return tuple(tuple(row) for row in code.matrix)


def draw(canvas, payload: str, x: float, y: float, size: float, *, fast: bool = False) -> None:
    """Draw the code for `payload` with its lower-left corner at (x, y), `size` points wide,
    quiet zone included (the caller keeps that area free of anything else)."""
    rows = matrix(payload, fast=fast)
    modules = len(rows) + 2 * QUIET_ZONE
    unit = size / modules
    parts: list[str] = []
    for index, row in enumerate(rows):
        top = len(rows) - index - 1  # PDF's y grows upwards
        start = None
        for column, dark in enumerate((*row, 0)):
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                parts.append(f"{start} {top} {column - start} 1 re")
                start = None
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    origin = QUIET_ZONE * unit
    canvas.transform(unit, 0, 0, unit, x + origin, y + origin)
    canvas.addLiteral("\n".join(parts) + "\nf")
    canvas.restoreState()
