"""The architecture diagram as DOT text (Graphviz), with HTML-like labels.

Node ids are layer paths (``encoder/dense_1``), so the same model always gives the same text.
``keras.ops`` calls in a functional model are drawn as small rounded boxes with their op name.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from itertools import pairwise

from sphinx_kerasviz.model.description import Layer, ModelDescription, Port
from sphinx_kerasviz.options import Options
from sphinx_kerasviz.views import formatting as fmt
from sphinx_kerasviz.views import palettes
from sphinx_kerasviz.views.groups import Group, find_groups
from sphinx_kerasviz.views.palettes import BORDER, NOTE, Look

#: The smallest font in a label (class names, row keys), in points at natural size.
SMALLEST_FONT_PT = 9
#: Labels smaller than this are hard to read in print.
MIN_PRINT_PT = 6.0
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

GRAPH_ATTRS = {
    "bgcolor": "transparent",
    "margin": "0",  # PDF output would otherwise add half an inch of white on every side
    "fontname": "Helvetica",
    "fontsize": "11",
    "nodesep": "0.3",
    "ranksep": "0.35",
    "compound": "true",  # edges into a box can stop at its border, clear of its title
}
#: Spacing of folded layouts (their lines are ranks, their steps along a line nodes side by
#: side): lines close together, and arrows along a line long enough to see (gaps of 14 points,
#: of which the smaller arrowhead takes 4).
COMPACT = {"nodesep": "0.2", "ranksep": "0.2"}
COMPACT_ARROW = "0.4"
#: Used for the retry when ``dot`` fails on the normal layout, and for large diagrams.
SAFE_GRAPH_ATTRS = {**GRAPH_ATTRS, "splines": "line", "nslimit": "2", "mclimit": "0.5"}
#: The legend is laid out on its own and put beside the diagram (above it when drawn
#: left to right): as a node of the diagram it would stretch the rank it shares.
LEGEND_PACKING = {"pack": "16", "packmode": "array_t"}
#: Diagrams with more nodes than this have nested models closed, then the quicker layout.
LARGE_DIAGRAM = 2000


def drawn_nodes(model: ModelDescription, depth: int) -> int:
    """How many boxes the diagram has with nested models opened ``depth`` levels."""
    return sum(
        drawn_nodes(layer.model, depth - 1) if depth > 0 and layer.model and layer.model.inputs
        else 1
        for layer in model.layers
    )


def within_limit(model: ModelDescription, options: Options) -> tuple[Options, str | None]:
    """``options`` with nested models closed as far as needed to stay under
    :data:`LARGE_DIAGRAM` boxes, and a note saying what was given up (None: nothing)."""
    depth = options.expand_depth
    opened = drawn_nodes(model, depth)
    if opened <= LARGE_DIAGRAM:
        return options, None
    notes = []
    fitted = 0  # the deepest opening that stays under the limit
    while fitted < depth and drawn_nodes(model, fitted) < drawn_nodes(model, fitted + 1) \
            <= LARGE_DIAGRAM:
        fitted += 1
    if depth and fitted < depth:
        options = replace(options, depth=fitted, expand_nested=fitted > 0)
        notes.append(f"opened, nested models give {opened:,} boxes, so they are "
                     + (f"opened to depth {fitted}" if fitted else "drawn closed"))
    count = drawn_nodes(model, fitted)
    if count > LARGE_DIAGRAM:
        notes.append(f"{count:,} boxes are drawn with a quicker layout and are too long to read "
                     "whole (:wrap: folds them; the summary table lists every layer)")
    return options, f"large diagram (limit {LARGE_DIAGRAM:,} boxes): " + "; ".join(notes)


def fitted_label_pt(natural: tuple[float, float], box: tuple[float, float]) -> float:
    """The smallest label's size once a drawing of ``natural`` size (points) fits ``box``."""
    scale = min(1.0, box[0] / natural[0], box[1] / natural[1])
    return SMALLEST_FONT_PT * scale


def label_text(text: str) -> str:
    """Escape text for a Graphviz HTML-like label."""
    return html.escape(_CONTROL.sub("?", text), quote=True)


def quoted(text: str) -> str:
    """A DOT quoted string."""
    return '"' + _CONTROL.sub("?", text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(
    model: ModelDescription,
    options: Options,
    *,
    safe: bool = False,
    size: tuple[float, float] | None = None,
    open_paths: frozenset[str] | None = None,
) -> str:
    """The DOT text of ``model`` drawn with ``options``.

    ``safe`` picks a simpler layout; ``size`` (inches) shrinks the drawing to fit;
    ``open_paths`` names exactly the nested models and groups drawn open (the interactive
    view's states), instead of ``options``.
    """
    safe = safe or drawn_nodes(model, options.expand_depth) > LARGE_DIAGRAM
    attrs = dict(SAFE_GRAPH_ATTRS if safe else GRAPH_ATTRS, rankdir=options.rankdir)
    if options.wrap:  # rows of a left-to-right model are stacked, columns of a top-down one
        attrs.update(rankdir="TB" if options.rankdir in ("LR", "RL") else "LR", **COMPACT)
    if size:
        attrs["size"] = f"{size[0]:g},{size[1]:g}"
    if options.legend:
        attrs.update(LEGEND_PACKING)
    lines = [f"digraph {quoted(model.name)} {{"]
    lines.append("  graph [" + _attr_list(attrs) + "];")
    lines.append('  node [shape=plain, fontname="Helvetica", fontsize="11"];')
    arrow = COMPACT_ARROW if options.wrap else "0.7"
    lines.append(f'  edge [color="{NOTE}", arrowsize="{arrow}"];')
    drawer = _Drawer(options, lines, open_paths)
    if options.wrap:
        drawer.assign_lines(model, options.wrap)
    drawer.model(model, prefix="", level=0)
    drawer.fold()
    if options.legend and drawer.families:
        across = attrs["rankdir"] in ("LR", "RL")
        lines.append(legend_node(drawer.families, drawer.kinds, options.palette, across))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _attr_list(attrs: dict[str, str]) -> str:
    return ", ".join(f"{key}={quoted(value)}" for key, value in attrs.items())


@dataclass
class _Drawer:
    options: Options
    lines: list[str]
    #: the nested models and groups drawn open, by path; None: as the options say
    open_paths: frozenset[str] | None = None
    #: with ``wrap``: the line (row or column) of every top-level node
    line_of: dict[str, int] = field(default_factory=dict)
    _groups: dict[int, dict[str, Group]] = field(default_factory=dict)
    #: the families and kinds of the boxes drawn so far (for the legend)
    families: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    #: the clusters (outermost first) around every node drawn so far
    clusters_of: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _open: list[str] = field(default_factory=list)

    def group_of(self, model: ModelDescription) -> dict[str, Group]:
        """The group each grouped layer of ``model`` belongs to (empty unless grouping)."""
        if id(model) not in self._groups:
            groups = find_groups(model) if self.options.group_repeats else ()
            self._groups[id(model)] = {name: g for g in groups for name in g.members}
        return self._groups[id(model)]

    def expanded(self, layer: Layer, path: str, level: int) -> bool:
        nested = layer.model
        if nested is None or not nested.inputs:
            return False
        if self.open_paths is not None:
            return path in self.open_paths
        return level < self.options.expand_depth

    def closed_group(self, model: ModelDescription, name: str, prefix: str) -> Group | None:
        group = self.group_of(model).get(name)
        if group is None or (self.open_paths is not None and prefix + group.key in self.open_paths):
            return None
        return group

    def model(self, model: ModelDescription, prefix: str, level: int) -> None:
        indent = "  " * (level + 1)
        groups = self.group_of(model)
        for layer in model.layers:
            group = groups.get(layer.name)
            if layer.unused:
                continue
            if group is None:
                self.layer(layer, prefix, level)
            elif layer.name == group.first and self.closed_group(model, layer.name, prefix):
                self.node(prefix + group.key, f"label=<{self.group_label(model, group)}>, "
                          'class="kerasviz-group"', level)
            elif layer.name == group.first:
                self.cluster(prefix + group.key, f"<b>{label_text(group.title)}</b> "
                             f"\u00d7{group.repeats}", level,
                             [lambda m=m: self.layer(model.layer(m), prefix, level + 1)
                              for m in group.members])
        unused = [layer for layer in model.layers if layer.unused]
        if unused:  # drawn apart: the parts of a subclassed model its call() never reaches
            self.cluster(prefix + "/unused", f"<i>{label_text(fmt.UNUSED)}</i>", level,
                         [lambda u=u: self.layer(u, prefix, level) for u in unused],
                         css="kerasviz-unused")
        drawn: set[tuple[str, str]] = set()
        for layer in model.layers:
            for call in layer.calls:
                for position, port in enumerate(call.inputs):
                    source = self.source(model, prefix, port, level)
                    target = self.target(model, layer, prefix, position, level)
                    if source == target or (source, target) in drawn:
                        continue  # inside a closed group, or one more edge into it
                    if groups:
                        drawn.add((source, target))
                    free = self.line_of.get(source, -1) != self.line_of.get(target, -1)
                    attrs = self.clipped(source, target)
                    if free and self.line_of:
                        attrs.append("constraint=false")
                    listed = f" [{', '.join(attrs)}]" if attrs else ""
                    self.lines.append(f"{indent}{quoted(source)} -> {quoted(target)}{listed};")

    def clipped(self, source: str, target: str) -> list[str]:
        """``lhead`` for an edge entering boxes: it stops at the border of the outermost one,
        before the title (which Graphviz puts on the side edges come in, bottom when drawn
        bottom-up). Graphviz 2.43 aborts on ``ltail``; edges leave away from the title."""
        tails = self.clusters_of.get(source, ())
        heads = [box for box in self.clusters_of.get(target, ()) if box not in tails]
        return [f"lhead={quoted(heads[0])}"] if heads else []

    def node(self, node_id: str, attrs: str, level: int) -> None:
        """One node line, remembering the boxes around it."""
        self.clusters_of[node_id] = tuple(self._open)
        self.lines.append(f"{'  ' * (level + 1)}{quoted(node_id)} [{attrs}];")

    def layer(self, layer: Layer, prefix: str, level: int) -> None:
        """One layer: a node, or the box of an expanded nested model."""
        path = prefix + layer.name
        if self.expanded(layer, path, level):
            assert layer.model is not None
            title = f"<b>{label_text(layer.name)}</b> ({label_text(layer.class_name)})"
            self.cluster(path, title, level,
                         [lambda: self.model(layer.model, path + "/", level + 1)])
        else:
            closed = ', class="kerasviz-nested"' if layer.model and layer.model.inputs else ""
            self.node(path, f"label=<{self.label(layer)}>{closed}", level)

    def cluster(self, path: str, title: str, level: int, contents: list,
                css: str = "kerasviz-open") -> None:
        """A dashed box around what ``contents`` (callables) draw."""
        indent = "  " * (level + 1)
        self.lines.append(f"{indent}subgraph {quoted('cluster_' + path)} {{")
        self.lines.append(
            f'{indent}  graph [label=<{title}>, style="dashed,rounded", '
            f'color="{BORDER}", labeljust="l", class="{css}"];'
        )
        self._open.append("cluster_" + path)
        for draw in contents:
            draw()
        self._open.pop()
        self.lines.append(f"{indent}}}")

    def top_nodes(self, model: ModelDescription) -> list[str]:
        """The nodes drawn for the top level, in order (closed groups once)."""
        names = []
        for layer in model.layers:
            group = self.closed_group(model, layer.name, "")
            if group is not None:
                if layer.name == group.first:
                    names.append(group.key)
            elif not self.expanded(layer, layer.name, 0) and layer.name not in self.group_of(model):
                names.append(layer.name)
        return names

    def assign_lines(self, model: ModelDescription, wrap: int) -> None:
        """Top-level nodes, in order, go on lines of at most ``wrap`` nodes each."""
        names = self.top_nodes(model)
        self.line_of = {name: index // wrap for index, name in enumerate(names)}

    def fold(self) -> None:
        """One rank per line; invisible edges stack the lines' first nodes, flush left."""
        lines: dict[int, list[str]] = {}
        for name, line in self.line_of.items():
            lines.setdefault(line, []).append(quoted(name))
        for members in lines.values():
            self.lines.append(f"  {{ rank=same; {'; '.join(members)}; }}")
        heads = [members[0] for members in lines.values()]
        for upper, lower in pairwise(heads):
            self.lines.append(f"  {upper} -> {lower} [style=invis, weight=100];")

    def source(self, model: ModelDescription, prefix: str, port: Port, level: int) -> str:
        """The drawn node that produces ``port``, looking inside expanded nested models."""
        group = self.closed_group(model, port.layer, prefix)
        if group is not None:
            return prefix + group.key
        layer = model.layer(port.layer)
        if self.expanded(layer, prefix + layer.name, level):
            assert layer.model is not None
            inner = layer.model.outputs[port.tensor]
            return self.source(layer.model, prefix + layer.name + "/", inner, level + 1)
        return prefix + layer.name

    def target(
        self, model: ModelDescription, layer: Layer, prefix: str, position: int, level: int
    ) -> str:
        """The drawn node that receives input ``position`` of ``layer``."""
        group = self.closed_group(model, layer.name, prefix)
        if group is not None:
            return prefix + group.key
        if self.expanded(layer, prefix + layer.name, level):
            assert layer.model is not None
            inner = layer.model
            port = inner.inputs[min(position, len(inner.inputs) - 1)]
            return self.target(
                inner, inner.layer(port.layer), prefix + layer.name + "/", 0, level + 1
            )
        return prefix + layer.name

    def group_label(self, model: ModelDescription, group: Group) -> str:
        """A closed group: its title and count, what one block holds, the shapes in and out."""
        first, last = model.layer(group.first), model.layer(group.last)
        classes = ", ".join(group.classes[:4]) + (", …" if len(group.classes) > 4 else "")
        head = (
            f"<b>{label_text(group.title)} \u00d7{group.repeats}</b><br/>"
            + _small(label_text(f"{group.period} layers each: {classes}")) + "<br/>"
            + _small(label_text(f"{group.first} … {group.last}"))
        )
        rows = [f'<tr><td colspan="2" cellpadding="4">{head}</td></tr>']
        if self.options.show_shapes and first.calls and last.calls:
            rows.append(_row("in", label_text(fmt.shapes(first.calls[0].input_shapes))))
            rows.append(_row("out", label_text(fmt.shapes(last.calls[0].output_shapes))))
        if self.options.show_params:
            params = sum(model.layer(name).params for name in group.members)
            rows.append(_row("params", fmt.count(params)))
        self.families.add("other")
        self.kinds.add("holder")
        return boxed(rows, palettes.look("other", self.options.palette), "", double=True)

    def label(self, layer: Layer) -> str:
        opts = self.options
        family, kind = palettes.family_of(layer), palettes.kind_of(layer)
        double = kind == "holder" or bool(layer.model and layer.model.inputs)
        self.families.add(family)
        self.kinds.update({kind, "holder"} if double else {kind})
        named = label_text(layer.class_name) + (" (custom)" if layer.custom else "")
        if opts.show_layer_names:
            head = f"<b>{label_text(layer.name)}</b><br/>{_small(named)}"
        else:
            head = f"<b>{named}</b>"
        if layer.detail:
            head += f"<br/>{_small(label_text(layer.detail))}"
        padding = 1 if opts.wrap else 4
        rows = [f'<tr><td colspan="2" cellpadding="{padding}">{head}</td></tr>']
        if opts.show_activations and layer.activation:
            rows.append(_row("activation", label_text(layer.activation)))
        if opts.show_shapes or opts.show_dtype:
            rows.extend(self.call_rows(layer))
        if opts.show_dtype and layer.dtype_policy:
            rows.append(_row("policy", label_text(layer.dtype_policy)))
        if opts.show_params and layer.kind not in ("op", "input"):
            rows.append(_row("params", fmt.count(layer.params)))
        if opts.show_trainable and layer.trainable is not None:
            marks = palettes.PALETTES[opts.palette]
            word, colour = ("trainable", marks.trainable) if layer.trainable else (
                "frozen", marks.frozen)
            rows.append(
                f'<tr><td colspan="2"><font color="{colour}"><b>{word}</b></font></td></tr>'
            )
        look = palettes.look(family, opts.palette)
        return boxed(rows, look, palettes.outline(kind), double)

    def call_rows(self, layer: Layer) -> list[str]:
        opts = self.options
        rows = []
        many = len(layer.calls) > 1
        for number, call in enumerate(layer.calls, start=1):
            tag = f" #{number}" if many else ""
            # A folded (print) layout leaves out input shapes: each is its producer's output.
            if opts.show_shapes and layer.kind != "input" and not opts.wrap:
                rows.append(_row("in" + tag, label_text(fmt.shapes(call.input_shapes))))
            out = fmt.shapes(call.output_shapes) if opts.show_shapes else ""
            if opts.show_dtype:
                dtypes = ", ".join(dict.fromkeys(call.output_dtypes))
                out = f"{out} {dtypes}".strip()
            rows.append(_row("out" + tag, label_text(out)))
        return rows


def _small(text: str, colour: str | None = None) -> str:
    colour_attr = f' color="{colour}"' if colour else ""
    return f'<font point-size="{SMALLEST_FONT_PT}"{colour_attr}>{text}</font>'


def _row(key: str, value: str) -> str:
    return (
        f'<tr><td align="left">{_small(key, NOTE)}</td>'
        f'<td align="left">{value}</td></tr>'
    )


def boxed(rows: list[str], look: Look, style: str, double: bool = False) -> str:
    """Table rows (two columns) in a box: filled with ``look`` (its band down the left, when it
    has one), outlined in ``style``, twice when ``double``."""
    if look.band:
        band = (f'<td bgcolor="{look.band}" width="{palettes.BAND_WIDTH}" '
                f'rowspan="{len(rows)}"></td>')
        rows = [rows[0].replace("<tr>", "<tr>" + band, 1), *rows[1:]]
    outline = f'border="1" color="{BORDER}" bgcolor="{look.fill}"' + (
        f' style="{style}"' if style else "")
    table = (f'<table cellborder="0" cellspacing="0" cellpadding="2" {outline}>'
             + "".join(rows) + "</table>")
    if double:
        table = (f'<table cellborder="0" cellspacing="0" cellpadding="1" {outline}>'
                 f"<tr><td>{table}</td></tr></table>")
    return table


def legend_node(families: set[str], kinds: set[str], palette: str, across: bool = False) -> str:
    """The legend as a DOT node: a sample box per family drawn, in its fill, then per kind of
    box drawn, in its outline, each beside its name; in a column, or in a row when ``across``.

    Its id starts with "/", which no layer path does (Keras names cannot hold one).
    """
    white = palettes.look("other", palette)
    entries = [("Layer types", None)]
    entries += [(palettes.FAMILY_NAMES[name], _sample(palettes.look(name, palette), ""))
                for name in palettes.FAMILIES if name in families]
    entries.append(("Boxes", None))
    entries += [(palettes.KIND_NAMES[kind], _sample(Look(white.fill), palettes.outline(kind),
                                                    double=kind == "holder"))
                for kind in palettes.KINDS if kind in kinds]
    cells = [f'<td colspan="2" align="left"><b>{name}</b></td>' if sample is None
             else f'<td>{sample}</td><td align="left">{label_text(name)}</td>'
             for name, sample in entries]
    rows = f"<tr>{''.join(cells)}</tr>" if across else "".join(f"<tr>{c}</tr>" for c in cells)
    table = f'<table border="0" cellborder="0" cellspacing="3" cellpadding="2">{rows}</table>'
    return (f'  "/legend" [label=<<font point-size="{SMALLEST_FONT_PT}">{table}</font>>, '
            'class="kerasviz-legend"];')


#: Size of a legend's sample box, in points.
SAMPLE = (26, 12)


def _sample(look: Look, style: str, double: bool = False) -> str:
    """A small empty box drawn as a layer of ``look`` and outline ``style`` is."""
    width = SAMPLE[0] - (palettes.BAND_WIDTH + 4 if look.band else 0) - (4 if double else 0)
    height = SAMPLE[1] - (4 if double else 0)
    cell = f'<tr><td width="{width}" height="{height}" fixedsize="true"></td></tr>'
    return boxed([cell], look, style, double)
