"""The pieces of a layered scene: boxes and their sizes, label texts, captioned frames and the
legend. Coordinates are points, y upwards."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sphinx_kerasviz.model.description import Shape
from sphinx_kerasviz.options import Options
from sphinx_kerasviz.views.layered_style import FONT_SIZE, LINE_HEIGHT, Look, text_width

LEGEND_SWATCH = 7.0
LEGEND_ROW = 11.0
LEGEND_SPACE = 12.0  # between two entries of a row


@dataclass(frozen=True)
class Box:
    """One layer: a front face at (x, y) of ``width`` x ``height``, seen with ``depth``."""

    name: str
    class_name: str
    look: Look
    x: float
    y: float
    width: float
    height: float
    depth: float
    dims: str
    label: tuple[str, ...] = ()
    label_above: bool = False

    @property
    def skew(self) -> float:
        """How far the back face is drawn up and to the right."""
        return self.depth / 3

    @property
    def colour(self) -> str:
        return self.look.fill

    @property
    def top(self) -> float:
        """The highest point drawn for the box: its top face, or its label over it."""
        room = len(self.label) * LINE_HEIGHT + 3 if self.label and self.label_above else 0.0
        return self.y + self.height + self.skew + room


@dataclass(frozen=True)
class Text:
    """A line of text, its anchor at (x, y); ``ha`` is left or center, the top at y."""

    x: float
    y: float
    text: str
    ha: str = "center"
    bold: bool = False


@dataclass(frozen=True)
class Frame:
    """A captioned frame around a group of boxes; the caption sits under its lower left."""

    caption: str
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class LegendEntry:
    """A look's swatch, its lower left corner at (x, y), and what it means."""

    label: str
    look: Look
    x: float
    y: float


def _size(value: int | None, scale: float, options: Options, low: float, high: float) -> float:
    if value is None:
        return low
    raw = math.log2(value + 1) * scale * 3 if options.layered_sizing == "log" else value * scale
    return max(low, min(high, raw))


def box_size(shape: Shape | None, options: Options) -> tuple[float, float, float]:
    """``(width along the flow, height, depth)`` of a box for an output ``shape``."""
    sizes = list(shape[1:]) if shape else []
    low, max_xy, max_z = options.layered_min_size, options.layered_max_xy, options.layered_max_z
    scale_xy, scale_z = options.layered_scale_xy, options.layered_scale_z
    flat = options.layered_mode == "2d"
    if len(sizes) >= 3:  # (height, width, channels...): a 3-D block
        channels = math.prod(d or 1 for d in sizes[2:])
        depth = 0.0 if flat else _size(sizes[1], scale_xy, options, low, max_xy)
        return (_size(channels, scale_z, options, low, max_z),
                _size(sizes[0], scale_xy, options, low, max_xy), depth)
    if len(sizes) == 2:  # (steps, features): a sequence
        return (_size(sizes[1], scale_z, options, low, max_z),
                _size(sizes[0], scale_xy, options, low, max_xy), 0.0)
    units = sizes[0] if sizes else None
    if options.layered_vector == "y":  # a slab as tall as its units
        return 1.25 * low, _size(units, scale_xy, options, low, max_xy), 0.0 if flat else 2 * low
    return _size(units, scale_z, options, low, max_z), low, 0.0


def dims(shape: Shape | None) -> str:
    """``28x28x32``: a shape without its batch axis."""
    if not shape:
        return "?"
    return "x".join("?" if d is None else str(d) for d in shape[1:]) or "scalar"


def label_texts(box: Box, gap: float) -> list[Text]:
    """The label lines of ``box``, centred under its front face or over its top face."""
    centre = box.x + box.width / 2
    if box.label_above:
        first = box.y + box.height + box.skew + gap + len(box.label) * LINE_HEIGHT
    else:
        first = box.y - gap
    return [Text(centre, first - n * LINE_HEIGHT, line) for n, line in enumerate(box.label)]


def frame_around(caption: str, boxes: list[Box], margin: float) -> Frame:
    """A frame ``margin`` outside ``boxes`` with their labels."""
    left = min(min(b.x, b.x + b.width / 2 - _label_width(b) / 2) for b in boxes) - margin
    right = max(max(b.x + b.width + b.skew, b.x + b.width / 2 + _label_width(b) / 2)
                for b in boxes) + margin
    low = min(b.y - (0.0 if b.label_above else len(b.label) * LINE_HEIGHT + 3 * bool(b.label))
              for b in boxes) - margin
    high = max(b.top for b in boxes) + margin
    return Frame(caption, left, low, right - left, high - low)


def _label_width(box: Box) -> float:
    return max((text_width(line) for line in box.label), default=0.0)


def entry_width(label: str) -> float:
    """The room a legend entry takes: swatch, gap, text."""
    return LEGEND_SWATCH + 4 + text_width(label, FONT_SIZE)


def legend(
    entries: list[tuple[str, Look]], left: float, right: float
) -> tuple[tuple[LegendEntry, ...], float]:
    """The entries in rows from ``left`` to ``right`` (the first row on top, its bottom row
    at y = ``left``), and the legend's height."""
    rows: list[list[tuple[str, Look, float]]] = [[]]
    cursor = left
    for label, look in entries:
        size = entry_width(label)
        if rows[-1] and cursor + size > right:
            rows.append([])
            cursor = left
        rows[-1].append((label, look, cursor))
        cursor += size + LEGEND_SPACE
    if not entries:
        return (), 0.0
    placed = tuple(
        LegendEntry(label, look, x, left + (len(rows) - 1 - number) * LEGEND_ROW)
        for number, row in enumerate(rows)
        for label, look, x in row
    )
    return placed, len(rows) * LEGEND_ROW
