"""A tall layered scene cut between its rows into parts that each fit a page unshrunk.

LaTeX shrinks a picture taller than the room left on its page (down to 40% of the text
height); parts no taller than that keep the 7 pt text at 7 pt. The legend goes with the last
part; a connection from one part to a later one is cut at the part's edge and goes on from
the edge of the next.
"""

from __future__ import annotations

import dataclasses
from itertools import pairwise

from sphinx_kerasviz.views.layered import Scene
from sphinx_kerasviz.views.layered_connect import Connector

#: The tallest part, in points: 40% of the text height of a Sphinx PDF page (letter or A4).
PART_HEIGHT = 250.0

Point = tuple[float, float]


def pages(scene: Scene, height: float = PART_HEIGHT) -> tuple[Scene, ...]:
    """``scene`` itself when it is not taller than ``height``, else its parts, top first."""
    if scene.height <= height or not scene.breaks:
        return (scene,)
    cuts = [scene.height]
    previous = None
    for cut in [*sorted(scene.breaks, reverse=True), 0.0]:
        if cuts[-1] - cut > height and previous is not None and previous != cuts[-1]:
            cuts.append(previous)  # the part down to the previous gap is as tall as can be
        previous = cut
    cuts.append(0.0)
    return tuple(_band(scene, low, high) for high, low in pairwise(cuts))


def _band(scene: Scene, low: float, high: float) -> Scene:
    """What of ``scene`` lies between ``low`` and ``high``, moved down by ``low``."""

    def inside(y: float) -> bool:
        return low <= y < high or (high == scene.height and y == high)

    def moved(item: object) -> object:
        return dataclasses.replace(item, y=item.y - low)  # type: ignore[type-var]

    connectors = [
        Connector(kind, tuple((x, y - low) for x, y in piece))
        for connector in scene.connectors
        for kind, piece in _clip(connector, low, high)
    ]
    return Scene(
        width=scene.width,
        height=high - low,
        boxes=tuple(moved(b) for b in scene.boxes if inside(b.y + b.height / 2)),
        connectors=tuple(connectors),
        legend=tuple(moved(e) for e in scene.legend if inside(e.y)),
        texts=tuple(moved(t) for t in scene.texts if inside(t.y)),
        frames=tuple(moved(f) for f in scene.frames if inside(f.y + f.height / 2)),
        title=scene.title,
    )


def _clip(connector: Connector, low: float, high: float) -> list[tuple[str, list[Point]]]:
    """The pieces of ``connector`` between ``low`` and ``high``: an ``arrow`` for the piece
    that reaches the target, ``line`` for the others."""
    if connector.kind == "funnel":  # within one row
        ys = [y for _, y in connector.points]
        return [("funnel", list(connector.points))] if low <= min(ys) and max(ys) <= high else []
    pieces: list[list[Point]] = []
    for start, end in pairwise(connector.points):
        segment = _clip_segment(start, end, low, high)
        if segment is None:
            continue
        if pieces and pieces[-1][-1] == segment[0]:
            pieces[-1].append(segment[1])
        else:
            pieces.append(list(segment))
    last = connector.points[-1]
    return [("arrow" if piece[-1] == last else "line", piece) for piece in pieces]


def _clip_segment(start: Point, end: Point, low: float, high: float) -> tuple[Point, Point] | None:
    (x0, y0), (x1, y1) = start, end
    if max(y0, y1) < low or min(y0, y1) > high:
        return None
    if y0 == y1:
        return start, end

    def at(y: float) -> Point:
        y = min(max(y, low), high)
        return (x0 + (x1 - x0) * (y - y0) / (y1 - y0), y)

    return at(y0), at(y1)
