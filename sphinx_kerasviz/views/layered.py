"""The layered view as geometry: boxes sized by output shapes, placed by the real topology.

A pure function of a model description; :mod:`sphinx_kerasviz.drawing.layered` draws the result.
Data flows left to right. Layers on the same step (branches) are stacked; a connection between
neighbouring boxes on a single path is a funnel, any other (skips, merges) a connector line.
Coordinates are points, y upwards.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from sphinx_kerasviz.model.description import Layer, ModelDescription, Shape
from sphinx_kerasviz.options import Options
from sphinx_kerasviz.views.palettes import PALETTE

PADDING = 16.0
LEGEND_ROW = 16.0
LEGEND_SWATCH = 9.0
CHAR_WIDTH = 4.2  # of a legend label, 7 pt sans-serif, on average
LABEL_GAP = 12.0
AUTO_WRAP = 32  # columns per row once a model is folded automatically


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
                _size(dims[0], scale_xy, options, low, max_xy), 0.0)
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
    if model.kind == "subclassed":  # no recorded connections: the layers in their order
        names = [layer.name for layer in model.layers]
        direct = {name: names[i - 1 : i] for i, name in enumerate(names)}
    else:
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
    consumers: dict[str, int] = {}
    for parents in producers.values():
        for parent in parents:
            consumers[parent] = consumers.get(parent, 0) + 1

    sizes = {layer.name: box_size(_first_output(layer), options) for layer in order}
    gap = options.layered_spacing
    column_gap = gap * (2 if options.layered_funnels else 1)
    label_room = LABEL_GAP if options.layered_dimensions else 0.0
    # Each column is centred on its row's axis by its front faces, so a chain stays a straight
    # row; the skew of the first box sticks out above, the label of the last one below.
    stack = {
        index: sum(sizes[x.name][1] + sizes[x.name][2] / 3 + label_room for x in members)
        + gap * (len(members) - 1) - sizes[members[0].name][2] / 3 - label_room
        for index, members in columns.items()
    }
    skew = {index: sizes[members[0].name][2] / 3 for index, members in columns.items()}
    widest = {
        index: max(sizes[m.name][0] + sizes[m.name][2] / 3 for m in members)
        for index, members in columns.items()
    }
    rows = _rows(sorted(columns), options.layered_wrap)
    row_of = {index: number for number, row in enumerate(rows) for index in row}
    above = [max(stack[i] / 2 + skew[i] for i in row) for row in rows]
    below = [max(stack[i] / 2 for i in row) + label_room for row in rows]
    left: dict[int, float] = {}
    right_edge = PADDING
    for row in rows:
        cursor = PADDING
        for index in row:
            left[index] = cursor
            cursor += widest[index] + column_gap
        right_edge = max(right_edge, cursor - column_gap)
    width = max(right_edge + PADDING, 120.0)
    kinds = dict.fromkeys((layer.class_name, _colour(layer, colours)) for layer in order)
    legend = _legend(tuple(kinds), width) if options.layered_legend else ()
    legend_height = (max((e.y for e in legend), default=0.0) + LEGEND_ROW) if legend else PADDING
    row_gap = 3 * gap
    drawing = sum(above) + sum(below) + row_gap * (len(rows) - 1)
    axis, cursor = [], legend_height + PADDING + drawing
    for number in range(len(rows)):  # the first row on top
        axis.append(cursor - above[number])
        cursor = axis[-1] - below[number] - row_gap

    boxes: dict[str, Box] = {}
    for index, members in columns.items():
        top = axis[row_of[index]] + stack[index] / 2 + skew[index]
        for layer in members:  # stacked from the top down
            box_width, height, depth = sizes[layer.name]
            top -= depth / 3 + height
            boxes[layer.name] = Box(
                name=layer.name,
                class_name=layer.class_name,
                colour=_colour(layer, colours),
                x=left[index] + (widest[index] - box_width - depth / 3) / 2,
                y=top,
                width=box_width,
                height=height,
                depth=depth,
                dims=_dims(_first_output(layer)),
            )
            top -= gap + label_room

    connectors = []
    for layer in order:
        target, row = boxes[layer.name], row_of[step[layer.name]]
        for parent in producers[layer.name]:
            source, source_row = boxes[parent], row_of[step[parent]]
            single_path = (
                consumers[parent] == 1
                and len(producers[layer.name]) == 1
                and step[layer.name] == step[parent] + 1
                and len(columns[step[parent]]) == len(columns[step[layer.name]]) == 1
            )
            if source_row != row:
                connectors.append(_across(source, target, axis[row] + above[row] + row_gap / 2))
            elif single_path and options.layered_funnels:
                connectors.append(_funnel(source, target))
            else:
                in_row = [boxes[m.name] for i in rows[row] for m in columns[i]]
                connectors.append(_line(source, target, in_row))
    return Scene(
        width=width,
        height=legend_height + drawing + 2 * PADDING,
        boxes=tuple(boxes.values()),
        connectors=tuple(connectors),
        legend=legend,
        dimensions=options.layered_dimensions,
        title=model.name,
    )


def _rows(indices: list[int], wrap: int | None) -> list[list[int]]:
    """Columns per row: ``wrap`` each, or (``None``) folded automatically past 40 columns."""
    if wrap is None:
        count = math.ceil(len(indices) / AUTO_WRAP) if len(indices) > 40 else 1
        wrap = math.ceil(len(indices) / count) if indices else 1
    elif wrap == 0:
        wrap = max(len(indices), 1)
    return [indices[start : start + wrap] for start in range(0, len(indices), wrap)]


def _legend(kinds: tuple[tuple[str, str], ...], width: float) -> tuple[LegendEntry, ...]:
    """Swatches in as many columns as the width holds, the first row on top."""
    column_width = max((LEGEND_SWATCH + CHAR_WIDTH * len(k) for k, _ in kinds), default=0.0)
    column_width += 2 * LEGEND_SWATCH
    per_row = max(1, min(len(kinds), 6, int((width - 2 * PADDING) // column_width)))
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


def _across(source: Box, target: Box, gap_y: float) -> Connector:
    """From a box at the end of one row, through the gap above the target's row, to the
    target at the start of the next."""
    start = (source.x + source.width, source.y + source.height / 2)
    end = (target.x, target.y + target.height / 2)
    out_x = start[0] + source.skew + 4
    in_x = end[0] - 6
    return Connector("line", (start, (out_x, start[1]), (out_x, gap_y), (in_x, gap_y),
                              (in_x, end[1]), end))


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
