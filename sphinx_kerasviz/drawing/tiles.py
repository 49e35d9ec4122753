"""Cutting a drawing too big for a page into page-size tiles, along gaps between its labels.

Pure geometry in a drawing's own points (Graphviz's: y grows upwards). A drawing is read row by
row from the top, each row from the left; narrow strips share a part side by side.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

#: Room between strips set side by side in one part, in printed points.
STRIP_GAP_PT = 12.0
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
_FONT_SIZE = re.compile(rb"/F\w* ([\d.]+) Tf")
_MEDIA_BOX = re.compile(rb"/MediaBox \[ *([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) *\]")


@dataclass(frozen=True)
class Box:
    """A rectangle: ``x0 <= x1``, ``y0 <= y1``."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(frozen=True)
class Layout:
    """A laid-out drawing: its bounding box, its smallest font (pt) and a box per label."""

    bounds: Box
    smallest_font: float
    labels: tuple[Box, ...]


def pieces(spans: Sequence[tuple[float, float]], length: float, limit: float
           ) -> list[tuple[float, float]]:
    """``[0, length]`` cut into pieces at most ``limit`` long, each cut in the middle of a gap
    between ``spans`` where one is within reach (else straight through, as a last resort)."""
    merged: list[list[float]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    gaps = [(a[1], b[0]) for a, b in pairwise(merged)]
    result, start = [], 0.0
    while length - start > limit:
        reach = start + limit
        cuts = [min((lo + hi) / 2, reach) for lo, hi in gaps if start < lo <= reach]
        cut = cuts[-1] if cuts else reach
        result.append((start, cut))
        start = cut
    result.append((start, length))
    return result


def tiles(layout: Layout, limit: tuple[float, float]) -> list[list[Box]]:
    """Rows of tiles (top first, each left to right), each at most ``limit`` (width, height)."""
    bounds, rows = layout.bounds, []
    spans_y = [(bounds.y1 - box.y1, bounds.y1 - box.y0) for box in layout.labels]
    for top, bottom in pieces(spans_y, bounds.height, limit[1]):
        y0, y1 = bounds.y1 - bottom, bounds.y1 - top
        spans_x = [(box.x0 - bounds.x0, box.x1 - bounds.x0) for box in layout.labels
                   if box.y0 < y1 and box.y1 > y0]
        rows.append([Box(bounds.x0 + left, y0, bounds.x0 + right, y1)
                     for left, right in pieces(spans_x, bounds.width, limit[0])])
    return rows


def parts(rows: list[list[Box]], scale: float, width: float) -> list[list[Box]]:
    """The tiles grouped into parts, one per page: strips of a drawing one tile wide go side by
    side as many as fit ``width`` printed points at ``scale``; otherwise a tile each."""
    if any(len(row) > 1 for row in rows):
        return [[tile] for row in rows for tile in row]
    widest = max(row[0].width for row in rows) * scale
    across = max(1, int((width + STRIP_GAP_PT) // (widest + STRIP_GAP_PT)))
    strips = [row[0] for row in rows]
    return [strips[i:i + across] for i in range(0, len(strips), across)]


def media_box(data: bytes) -> Box | None:
    """The media box of a one-page PDF's bytes (points)."""
    match = _MEDIA_BOX.search(data)
    return Box(*(float(v) for v in match.groups())) if match else None


def pdf_fonts(path: Path) -> tuple[Box, float | None]:
    """A one-page PDF's media box and its smallest font size (points), read from its content
    streams (matplotlib writes ``/F1 7 Tf``); None when it has no text."""
    data = path.read_bytes()
    box = media_box(data)
    if box is None:
        raise ValueError(f"{path.name} has no media box")
    sizes = []
    for stream in _STREAM.finditer(data):
        try:
            content = zlib.decompress(stream.group(1))
        except zlib.error:
            content = stream.group(1)
        sizes.extend(float(size) for size in _FONT_SIZE.findall(content))
    return box, min(sizes, default=None)
