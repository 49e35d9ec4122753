"""The layered view as geometry: boxes sized by output shapes, placed by the real topology.

A pure function of a model description; :mod:`sphinx_kerasviz.layered_render` draws the result.
Data flows left to right. Layers on the same step (branches) are stacked; a connection between
neighbouring boxes on a single path is a funnel, any other (skips, merges) a connector line.
Coordinates are points, y upwards.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from sphinx_kerasviz.description import Layer, ModelDescription, Shape
from sphinx_kerasviz.options import Options
from sphinx_kerasviz.views.dot import PALETTE

PADDING = 16.0
LEGEND_ROW = 16.0
LEGEND_SWATCH = 9.0
CHAR_WIDTH = 4.2  # of a legend label, 7 pt sans-serif, on average
LABEL_GAP = 12.0


@dataclass(frozen=True)
class Box:
    """One layer: a front face at (x, y) of ``width`` x ``height``, seen with ``depth``."""

    name: str
    class_name: str
    colour: str
    x: float
    y: float
    width: float
    height: float
    depth: float
    dims: str

    @property
    def skew(self) -> float:
        """How far the back face is drawn up and to the right."""
        return self.depth / 3


@dataclass(frozen=True)
class Connector:
    """A funnel (``points`` are two lines' ends) or a line from one box to another."""

    kind: str  # "funnel" or "line"
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class LegendEntry:
    """A layer type's swatch, its lower left corner at (x, y)."""

    kind: str
    colour: str
    x: float
    y: float


@dataclass(frozen=True)
class Scene:
    width: float
    height: float
    boxes: tuple[Box, ...]
    connectors: tuple[Connector, ...]
    legend: tuple[LegendEntry, ...]
    dimensions: bool = False
    title: str = ""


def _size(value: int | None, scale: float, options: Options, low: float, high: float) -> float:
    if value is None:
        return low
    raw = math.log2(value + 1) * scale * 3 if options.layered_sizing == "log" else value * scale
    return max(low, min(high, raw))


def box_size(shape: Shape | None, options: Options) -> tuple[float, float, float]:
    """``(width along the flow, height, depth)`` of a box for an output ``shape``."""
    dims = list(shape[1:]) if shape else []
    low, max_xy, max_z = options.layered_min_size, options.layered_max_xy, options.layered_max_z
    scale_xy, scale_z = options.layered_scale_xy, options.layered_scale_z
    if len(dims) >= 3:  # (height, width, channels...): a 3-D block
        channels = math.prod(d or 1 for d in dims[2:])
        return (_size(channels, scale_z, options, low, max_z),
                _size(dims[0], scale_xy, options, low, max_xy),
                _size(dims[1], scale_xy, options, low, max_xy))
    if len(dims) == 2:  # (steps, features): a sequence
        return (_size(dims[1], scale_z, options, low, max_z),
                _size(dims[0], scale_xy, options, low, max_xy), low)
    units = dims[0] if dims else None
    if options.layered_vector == "y":  # a flat, tall bar
        return low, _size(units, scale_xy, options, low, max_xy), 0.0
    return _size(units, scale_z, options, low, max_z), low, 0.0


def _dims(shape: Shape | None) -> str:
    if not shape:
        return "?"
    return "x".join("?" if d is None else str(d) for d in shape[1:]) or "scalar"


def _shown(layer: Layer, options: Options) -> bool:
    hidden = set(options.layered_hide)
    return layer.name not in hidden and layer.class_name not in hidden


def _producers(model: ModelDescription, options: Options) -> dict[str, list[str]]:
    """For every shown layer, the shown layers it takes input from (through hidden ones)."""
    direct = {
        layer.name: [port.layer for call in layer.calls for port in call.inputs]
        for layer in model.layers
    }
    shown = {layer.name for layer in model.layers if _shown(layer, options)}

    def visible(name: str, seen: frozenset[str]) -> list[str]:
        if name in shown:
            return [name]
        found: list[str] = []
        for parent in direct.get(name, []):
            if parent not in seen:
                found.extend(visible(parent, seen | {name}))
        return found

    result = {}
    for name in direct:
        if name in shown:
            parents = [p for parent in direct[name] for p in visible(parent, frozenset({name}))]
            result[name] = list(dict.fromkeys(parents))
    return result


def layered_scene(
    model: ModelDescription, options: Options, colours: dict[str, str] | None = None
) -> Scene:
    """Place a box per shown layer; connect them as the model does; add a legend."""
    colours = colours or {}
    producers = _producers(model, options)
    order = [layer for layer in model.layers if layer.name in producers]
    step: dict[str, int] = {}
    for layer in order:  # layers come in topological order: the longest path decides the step
        step[layer.name] = max((step[p] + 1 for p in producers[layer.name] if p in step), default=0)
    columns: dict[int, list[Layer]] = {}
    for layer in order:
        columns.setdefault(step[layer.name], []).append(layer)

    sizes = {layer.name: box_size(_first_output(layer), options) for layer in order}
    gap = options.layered_spacing
    column_gap = gap * (2 if options.layered_funnels else 1)
    label_room = LABEL_GAP if options.layered_dimensions else 0.0
    # Each column is centred on one axis by its front faces, so a chain stays a straight row;
    # the skew of the first box sticks out above, the label of the last one below.
    stack = {
        index: sum(sizes[x.name][1] + sizes[x.name][2] / 3 + label_room for x in members)
        + gap * (len(members) - 1) - sizes[members[0].name][2] / 3 - label_room
        for index, members in columns.items()
    }
    above = max((stack[i] / 2 + sizes[m[0].name][2] / 3 for i, m in columns.items()), default=0)
    below = max((stack[i] / 2 + label_room for i in columns), default=0.0)
    left, right = {}, PADDING
    for index in sorted(columns):
        left[index] = right
        right += max(sizes[m.name][0] + sizes[m.name][2] / 3 for m in columns[index]) + column_gap
    width = max(right - column_gap + PADDING, 120.0)
    kinds = dict.fromkeys((layer.class_name, _colour(layer, colours)) for layer in order)
    legend = _legend(tuple(kinds), width) if options.layered_legend else ()
    legend_height = (max((e.y for e in legend), default=0.0) + LEGEND_ROW) if legend else PADDING

    boxes: dict[str, Box] = {}
    for index in sorted(columns):
        members = columns[index]
        widest = max(sizes[m.name][0] + sizes[m.name][2] / 3 for m in members)
        top = legend_height + PADDING + below + stack[index] / 2 + sizes[members[0].name][2] / 3
        for layer in members:  # stacked from the top down
            box_width, height, depth = sizes[layer.name]
            top -= depth / 3 + height
            boxes[layer.name] = Box(
                name=layer.name,
                class_name=layer.class_name,
                colour=_colour(layer, colours),
                x=left[index] + (widest - box_width - depth / 3) / 2,
                y=top,
                width=box_width,
                height=height,
                depth=depth,
                dims=_dims(_first_output(layer)),
            )
            top -= gap + label_room

    connectors = []
    for layer in order:
        target = boxes[layer.name]
        for parent in producers[layer.name]:
            source = boxes[parent]
            funnel = (
                options.layered_funnels
                and step[layer.name] == step[parent] + 1
                and len(columns[step[parent]]) == 1
                and len(columns[step[layer.name]]) == 1
            )
            connectors.append(
                _funnel(source, target) if funnel else _line(source, target, boxes.values())
            )
    return Scene(
        width=width,
        height=legend_height + below + above + 2 * PADDING,
        boxes=tuple(boxes.values()),
        connectors=tuple(connectors),
        legend=legend,
        dimensions=options.layered_dimensions,
        title=model.name,
    )


def _legend(kinds: tuple[tuple[str, str], ...], width: float) -> tuple[LegendEntry, ...]:
    """Swatches in as many columns as the width holds, the first row on top."""
    column_width = max((LEGEND_SWATCH + CHAR_WIDTH * len(k) for k, _ in kinds), default=0.0)
    column_width += 2 * LEGEND_SWATCH
    per_row = max(1, min(len(kinds), int((width - 2 * PADDING) // column_width)))
    rows = math.ceil(len(kinds) / per_row)
    return tuple(
        LegendEntry(
            kind=kind,
            colour=colour,
            x=PADDING + (number % per_row) * column_width,
            y=PADDING + (rows - 1 - number // per_row) * LEGEND_ROW,
        )
        for number, (kind, colour) in enumerate(kinds)
    )


def _first_output(layer: Layer) -> Shape | None:
    for call in layer.calls:
        if call.output_shapes:
            return call.output_shapes[0]
    return None


def _colour(layer: Layer, colours: dict[str, str]) -> str:
    return colours.get(layer.class_name) or colours.get(layer.category) or PALETTE.get(
        layer.category, PALETTE["custom"]
    )


def _funnel(source: Box, target: Box) -> Connector:
    """Two lines joining the right edge of ``source`` to the left edge of ``target``."""
    right = source.x + source.width
    return Connector("funnel", (
        (right, source.y + source.height), (target.x, target.y + target.height),
        (right, source.y), (target.x, target.y),
    ))


def _line(source: Box, target: Box, boxes: Iterable[Box]) -> Connector:
    """From the middle of the right face of ``source`` to the middle of the left face of
    ``target``, going over the boxes in between (a skip connection)."""
    start = (source.x + source.width, source.y + source.height / 2)
    end = (target.x, target.y + target.height / 2)
    boxes = list(boxes)
    between = [b for b in boxes if b.x > start[0] and b.x + b.width < end[0]]
    if not between:
        return Connector("line", (start, end))
    top = max(b.y + b.height + b.skew for b in between) + 8
    # rise only once clear of the boxes stacked with the source (its branch siblings)
    beside = [b for b in boxes if b.x < start[0] and b.x + b.width + b.skew >= start[0]]
    rise = max([start[0], *(b.x + b.width + b.skew for b in beside)]) + 4
    return Connector("line", (start, (rise, start[1]), (rise, top), (end[0] - 4, top), end))
