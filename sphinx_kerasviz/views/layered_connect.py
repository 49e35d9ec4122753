"""Connections of the layered view: arrows (straight, over the boxes in between, or from one
row to the next) and funnels, which are never two parallel lines (those would read as a box)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sphinx_kerasviz.views.layered_parts import Box

RISE = 6.0  # how far an arrow over other boxes clears them


@dataclass(frozen=True)
class Connector:
    """A funnel (``points`` are two lines' ends) or an arrow along ``points``."""

    kind: str  # "funnel", "arrow", or "line" (an arrow cut at the edge of a part)
    points: tuple[tuple[float, float], ...]


def _ends(source: Box, target: Box) -> tuple[tuple[float, float], tuple[float, float]]:
    return ((source.x + source.width, source.y + source.height / 2),
            (target.x, target.y + target.height / 2))


def across(source: Box, target: Box, below: float, above: float, lane: float) -> Connector:
    """From a box in one row to a box in a later row: down into the gap under the source's
    row, then (past a row) along the left margin ``lane`` to the gap over the target's row,
    and into the target from the left."""
    start, end = _ends(source, target)
    out_x = start[0] + source.skew + 4
    in_x = end[0] - 6
    if below == above:  # the next row: through the one gap between them
        middle: tuple[tuple[float, float], ...] = ((out_x, below), (in_x, above))
    else:
        middle = ((out_x, below), (lane, below), (lane, above), (in_x, above))
    return Connector("arrow", (start, (out_x, start[1]), *middle, (in_x, end[1]), end))


def funnel(source: Box, target: Box) -> Connector:
    """Two lines joining the right edge of ``source`` to the left edge of ``target``."""
    right = source.x + source.width
    return Connector("funnel", (
        (right, source.y + source.height), (target.x, target.y + target.height),
        (right, source.y), (target.x, target.y),
    ))


def arrow(source: Box, target: Box, boxes: Iterable[Box]) -> Connector:
    """From the middle of the right face of ``source`` to the middle of the left face of
    ``target``, going over the boxes in between (a skip connection)."""
    start, end = _ends(source, target)
    boxes = list(boxes)
    between = [b for b in boxes if b.x > start[0] and b.x + b.width < end[0]]
    if not between and abs(start[1] - end[1]) < 0.01:
        return Connector("arrow", (start, end))
    if not between:  # to a box stacked higher or lower: along, then up or down, then in
        bend = end[0] - 6
        return Connector("arrow", (start, (bend, start[1]), (bend, end[1]), end))
    top = max(b.top for b in between) + RISE
    # rise only once clear of the boxes stacked with the source (its branch siblings)
    beside = [b for b in boxes if b.x < start[0] and b.x + b.width + b.skew >= start[0]]
    rise = max([start[0], *(b.x + b.width + b.skew for b in beside)]) + 4
    return Connector("arrow", (start, (rise, start[1]), (rise, top), (end[0] - 4, top), end))
