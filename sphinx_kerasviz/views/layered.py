"""The layered view as geometry: boxes sized by output shapes, placed by the real topology.

A pure function of a model description; :mod:`sphinx_kerasviz.drawing.layered` draws the result.
Data flows left to right. Layers on the same step (branches) are stacked; every connection is
an arrow (a funnel on request), skips and merges going over the boxes in between. A vector
(``Dense``) is a box as tall as its units, so an MLP reads by its widths. Labels, captioned
frames (``:layered-groups:``, repeated blocks drawn once with ``xN``) and a legend of the looks
shown complete the picture. A model wider than a page folds into rows. Coordinates are
points, y upwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from sphinx_kerasviz.model.description import Layer, ModelDescription, Shape
from sphinx_kerasviz.options import Options
from sphinx_kerasviz.views.groups import Group, find_groups
from sphinx_kerasviz.views.layered_connect import Connector, across, arrow, funnel
from sphinx_kerasviz.views.layered_parts import (
    Box,
    Frame,
    LegendEntry,
    Text,
    box_size,
    dims,
    entry_width,
    frame_around,
    label_texts,
    legend,
)
from sphinx_kerasviz.views.layered_style import (
    LINE_HEIGHT,
    Look,
    family_look,
    group_members,
    label_lines,
    legend_key,
    legend_label,
    styled,
    text_width,
)

__all__ = ["Box", "Connector", "Frame", "LegendEntry", "Scene", "Text", "box_size",
           "layered_scene"]

PADDING = 12.0
LABEL_GAP = 3.0
FRAME_MARGIN = 5.0
CAPTION_ROOM = LINE_HEIGHT + 3
#: Automatic folding keeps every row within the text width of a Sphinx PDF page (A4, 1 in
#: margins), so the PDF never shrinks the picture and its 7 pt text stays 7 pt.
MAX_ROW_WIDTH = 450.0
#: With ``:layered-repeats: auto``, models of more layers than this draw repeats once.
AUTO_REPEATS = 60
#: Heights closer than this ratio make a funnel two parallel lines (a box): an arrow instead.
FUNNEL_RATIO = 1.2


@dataclass(frozen=True)
class Scene:
    width: float
    height: float
    boxes: tuple[Box, ...]
    connectors: tuple[Connector, ...]
    legend: tuple[LegendEntry, ...]
    texts: tuple[Text, ...] = ()
    frames: tuple[Frame, ...] = ()
    title: str = ""
    breaks: tuple[float, ...] = ()  # the middle of each gap between two rows


def _shown(layer: Layer, options: Options, hidden: set[str]) -> bool:
    skip = set(options.layered_hide)
    return layer.name not in hidden and layer.name not in skip and layer.class_name not in skip


def _producers(
    model: ModelDescription, options: Options, hidden: set[str]
) -> dict[str, list[str]]:
    """For every shown layer, the shown layers it takes input from (through hidden ones)."""
    if model.kind == "subclassed":  # no recorded connections: the layers in their order
        names = [layer.name for layer in model.layers]
        direct = {name: names[i - 1 : i] for i, name in enumerate(names)}
    else:
        direct = {
            layer.name: [port.layer for call in layer.calls for port in call.inputs]
            for layer in model.layers
        }
    shown = {layer.name for layer in model.layers if _shown(layer, options, hidden)}
    memo: dict[str, list[str]] = {}

    def visible(name: str) -> list[str]:
        if name in shown:
            return [name]
        if name not in memo:
            memo[name] = []  # a cycle (never in a DAG) ends here
            found = [p for parent in direct.get(name, []) for p in visible(parent)]
            memo[name] = list(dict.fromkeys(found))
        return memo[name]

    return {
        name: list(dict.fromkeys(p for parent in parents for p in visible(parent)))
        for name, parents in direct.items()
        if name in shown
    }


def _repeats(model: ModelDescription, options: Options) -> tuple[Group, ...]:
    wanted = options.layered_repeats
    if wanted is None:
        wanted = options.group_repeats or len(model.layers) > AUTO_REPEATS
    return find_groups(model) if wanted else ()


@dataclass(frozen=True)
class _Item:
    """A shown layer before placing: its size, look, label and the room they take."""

    layer: Layer
    size: tuple[float, float, float]
    label: tuple[str, ...]

    @property
    def skew(self) -> float:
        return self.size[2] / 3

    @property
    def label_room(self) -> float:
        return LABEL_GAP + len(self.label) * LINE_HEIGHT if self.label else 0.0

    def extras(self, above: bool) -> tuple[float, float]:
        """Room over the front face and under it."""
        return (self.skew + (self.label_room if above else 0.0),
                0.0 if above else self.label_room)

    @property
    def width(self) -> float:
        return max([self.size[0], *(text_width(line) for line in self.label)]) + self.skew


def layered_scene(
    model: ModelDescription, options: Options, colours: dict[str, str] | None = None
) -> Scene:
    """Place a box per shown layer; connect them as the model does; frame the groups; add a
    legend of the looks shown."""
    repeats = _repeats(model, options)
    hidden = {name for group in repeats for name in group.members[group.period :]}
    producers = _producers(model, options, hidden)
    order = [layer for layer in model.layers if layer.name in producers]
    step, columns = _steps(order, producers)

    template = options.layered_label or ("{shape}" if options.layered_dimensions else "")
    items = {
        layer.name: _Item(layer, box_size(_first_output(layer), options),
                          label_lines(template, layer, dims(_first_output(layer))))
        for layer in order
    }
    looks = {
        layer.name: styled(layer, family_look(layer, options, colours or {}),
                           options.layered_style)
        for layer in order
    }
    frames = _frame_members(options, repeats, order)

    above_label = options.layered_label_position == "above"
    gap = options.layered_spacing
    widest = {index: max(items[name].width for name in members)
              for index, members in columns.items()}
    rows = _rows(sorted(columns), widest, options.layered_wrap, gap)
    row_of = {index: number for number, row in enumerate(rows) for index in row}
    core, top_extra = _column_extents(columns, items, above_label, gap)
    framed_rows = {row_of[step[name]] for _, names in frames for name in names}
    above, below = [], []
    for number, row in enumerate(rows):
        room = (FRAME_MARGIN, CAPTION_ROOM + FRAME_MARGIN) if number in framed_rows else (0, 0)
        above.append(max(core[i] / 2 + top_extra[i][0] for i in row) + room[0])
        below.append(max(core[i] / 2 + top_extra[i][1] for i in row) + room[1])
    left = {index: PADDING + sum(widest[i] + gap for i in row[: row.index(index)])
            for row in rows for index in row}
    right_edge = max(left[row[-1]] + widest[row[-1]] for row in rows)

    entries = _legend_entries(order, looks) if options.layered_legend else []
    width = max(right_edge + PADDING,
                2 * PADDING + max((entry_width(label) for label, _ in entries), default=0.0))
    placed_legend, legend_height = legend(entries, PADDING, width - PADDING)
    row_gap = 2 * gap
    drawing = sum(above) + sum(below) + row_gap * (len(rows) - 1)
    bottom = PADDING + (legend_height + gap if placed_legend else 0.0)
    axis, cursor = [], bottom + drawing
    for number in range(len(rows)):  # the first row on top
        axis.append(cursor - above[number])
        cursor = axis[-1] - below[number] - row_gap

    boxes: dict[str, Box] = {}
    for index, members in columns.items():
        top = axis[row_of[index]] + core[index] / 2 + top_extra[index][0]
        for name in members:  # stacked from the top down
            item = items[name]
            box_width, height, depth = item.size
            over, under = item.extras(above_label)
            top -= over + height
            boxes[name] = Box(
                name=name,
                class_name=item.layer.class_name,
                look=looks[name][0],
                x=left[index] + (widest[index] - box_width - item.skew) / 2,
                y=top,
                width=box_width,
                height=height,
                depth=depth,
                dims=dims(_first_output(item.layer)),
                label=item.label,
                label_above=above_label,
            )
            top -= under + gap

    gaps = [axis[r] + above[r] + row_gap / 2 for r in range(len(rows))]
    connectors = _connect(order, producers, step, columns, rows, row_of, boxes, options, gaps)
    placed_frames = _place_frames(frames, boxes, {n: row_of[i] for n, i in step.items()})
    width = max([width, *(f.x + text_width(f.caption) + PADDING for f in placed_frames)])
    return Scene(
        width=width,
        height=bottom + drawing + PADDING,
        boxes=tuple(boxes.values()),
        connectors=tuple(connectors),
        legend=placed_legend,
        texts=tuple(t for box in boxes.values() for t in label_texts(box, LABEL_GAP)),
        frames=placed_frames,
        title=model.name,
        breaks=tuple(axis[r] - below[r] - row_gap / 2 for r in range(len(rows) - 1)),
    )


def _steps(
    order: list[Layer], producers: dict[str, list[str]]
) -> tuple[dict[str, int], dict[int, list[str]]]:
    """Each layer's step (its longest path from an input) and the layers of each step."""
    step: dict[str, int] = {}
    for layer in order:  # layers come in topological order
        step[layer.name] = max((step[p] + 1 for p in producers[layer.name] if p in step), default=0)
    columns: dict[int, list[str]] = {}
    for layer in order:
        columns.setdefault(step[layer.name], []).append(layer.name)
    return step, columns


def _column_extents(
    columns: dict[int, list[str]], items: dict[str, _Item], above_label: bool, gap: float
) -> tuple[dict[int, float], dict[int, tuple[float, float]]]:
    """Per column, the height from its first front face's top to its last one's bottom, and
    the room over and under that (top faces, labels)."""
    core, outside = {}, {}
    for index, members in columns.items():
        extras = [items[name].extras(above_label) for name in members]
        heights = sum(items[name].size[1] for name in members)
        inner = sum(a + b for a, b in extras) - extras[0][0] - extras[-1][1]
        core[index] = heights + inner + gap * (len(members) - 1)
        outside[index] = (extras[0][0], extras[-1][1])
    return core, outside


def _place_frames(
    frames: list[tuple[str, list[str]]], boxes: dict[str, Box], row_of: dict[str, int]
) -> tuple[Frame, ...]:
    """A frame per group and row it spans, captioned on its first row."""
    return tuple(
        frame_around(caption if row == spans[0] else "",
                     [boxes[n] for n in names if row_of[n] == row], FRAME_MARGIN)
        for caption, names in frames
        for spans in [sorted({row_of[n] for n in names})]
        for row in spans
    )


def _frame_members(
    options: Options, repeats: tuple[Group, ...], order: list[Layer]
) -> list[tuple[str, list[str]]]:
    """``(caption, shown layer names)`` of every frame: the groups asked for, then the
    repeated blocks (their first block, captioned with the count)."""
    names = [layer.name for layer in order]
    frames = [(group.caption, group_members(group, names)) for group in options.layered_groups]
    for group in repeats:
        block = [name for name in group.members[: group.period] if name in names]
        frames.append((f"{group.title} x{group.repeats}", block))
    return [(caption, members) for caption, members in frames if members]


def _legend_entries(
    order: list[Layer], looks: dict[str, tuple[Look, str | None]]
) -> list[tuple[str, Look]]:
    """``(text, look)`` per look shown, in order of first appearance."""
    found: dict[str, tuple[Look, list[str]]] = {}
    for layer in order:
        look, rule = looks[layer.name]
        key = legend_key(layer, rule)
        classes = found.setdefault(key, (look, []))[1]
        if layer.class_name not in classes:
            classes.append(layer.class_name)
    return [(legend_label(key, classes), look) for key, (look, classes) in found.items()]


def _rows(
    indices: list[int], widths: dict[int, float], wrap: int | None, gap: float
) -> list[list[int]]:
    """Columns per row: ``wrap`` each, all (``0``), or (``None``) in as few rows as fit in
    :data:`MAX_ROW_WIDTH`, made about as wide as each other."""
    if wrap is not None:
        wrap = wrap or max(len(indices), 1)
        return [indices[start : start + wrap] for start in range(0, len(indices), wrap)]
    rows = _pack(indices, widths, gap, MAX_ROW_WIDTH)
    budget = sum(widths[i] + gap for i in indices) / len(rows) + 2 * PADDING
    while len(balanced := _pack(indices, widths, gap, budget)) > len(rows):
        budget = min(budget * 1.01, MAX_ROW_WIDTH)
    return balanced


def _pack(indices: list[int], widths: dict[int, float], gap: float,
          budget: float) -> list[list[int]]:
    """Columns into rows, each as long as fits in ``budget`` (at least one column)."""
    rows: list[list[int]] = [[]]
    used = 2 * PADDING - gap
    for index in indices:
        if rows[-1] and used + gap + widths[index] > budget:
            rows.append([])
            used = 2 * PADDING - gap
        rows[-1].append(index)
        used += gap + widths[index]
    return rows


def _connect(
    order: list[Layer], producers: dict[str, list[str]], step: dict[str, int],
    columns: dict[int, list[str]], rows: list[list[int]], row_of: dict[int, int],
    boxes: dict[str, Box], options: Options, gaps: list[float],
) -> list[Connector]:
    consumers: dict[str, int] = {}
    for parents in producers.values():
        for parent in parents:
            consumers[parent] = consumers.get(parent, 0) + 1
    connectors = []
    for layer in order:
        target, row = boxes[layer.name], row_of[step[layer.name]]
        for parent in producers[layer.name]:
            source = boxes[parent]
            single_path = (
                consumers[parent] == 1
                and len(producers[layer.name]) == 1
                and step[layer.name] == step[parent] + 1
                and len(columns[step[parent]]) == len(columns[step[layer.name]]) == 1
            )
            ratio = max(source.height, target.height) / min(source.height, target.height)
            if row_of[step[parent]] != row:
                below = gaps[row_of[step[parent]] + 1]
                connectors.append(across(source, target, below, gaps[row], PADDING / 3))
            elif single_path and options.layered_funnels and ratio >= FUNNEL_RATIO:
                connectors.append(funnel(source, target))
            else:
                in_row = [boxes[name] for i in rows[row] for name in columns[i]]
                connectors.append(arrow(source, target, in_row))
    return connectors


def _first_output(layer: Layer) -> Shape | None:
    for call in layer.calls:
        if call.output_shapes:
            return call.output_shapes[0]
    return None

