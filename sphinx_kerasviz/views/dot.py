"""The architecture diagram as DOT text (Graphviz), with HTML-like labels.

Node ids are layer paths (``encoder/dense_1``), so the same model always gives the same text.
``keras.ops`` calls in a functional model are drawn as small rounded boxes with their op name.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from itertools import pairwise

from sphinx_kerasviz.description import Layer, ModelDescription, Port
from sphinx_kerasviz.options import Options
from sphinx_kerasviz.views import formatting as fmt

#: Fill colour per layer family; light enough for black text, distinct in print.
PALETTE = {
    "input": "#e9ecef",
    "core": "#ffd8a8",
    "embedding": "#ffe8cc",
    "convolutional": "#a5d8ff",
    "pooling": "#b2f2bb",
    "normalization": "#fff3bf",
    "activations": "#fcc2d7",
    "regularization": "#dee2e6",
    "reshaping": "#d0bfff",
    "merging": "#99e9f2",
    "rnn": "#ffc9c9",
    "attention": "#eebefa",
    "preprocessing": "#c3fae8",
    "model": "#ffffff",
    "op": "#f8f9fa",
    "custom": "#ffffff",
}
BORDER = "#495057"
#: The smallest font in a label (class names, row keys), in points at natural size.
SMALLEST_FONT_PT = 9
#: Labels smaller than this are hard to read in print.
MIN_PRINT_PT = 6.0
NOTE = "#495057"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

GRAPH_ATTRS = {
    "bgcolor": "transparent",
    "margin": "0",  # PDF output would otherwise add half an inch of white on every side
    "fontname": "Helvetica",
    "fontsize": "11",
    "nodesep": "0.3",
    "ranksep": "0.35",
}
#: Tighter spacing for folded (print) layouts.
COMPACT = {"nodesep": "0.08", "ranksep": "0.15"}
#: Used for the retry when ``dot`` fails on the normal layout, and for large diagrams.
SAFE_GRAPH_ATTRS = {**GRAPH_ATTRS, "splines": "line", "nslimit": "2", "mclimit": "0.5"}
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
) -> str:
    """The DOT text of ``model`` drawn with ``options``.

    ``safe`` picks a simpler layout; ``size`` (inches) shrinks the drawing to fit.
    """
    safe = safe or drawn_nodes(model, options.expand_depth) > LARGE_DIAGRAM
    attrs = dict(SAFE_GRAPH_ATTRS if safe else GRAPH_ATTRS, rankdir=options.rankdir)
    if options.wrap:  # rows of a left-to-right model are stacked, columns of a top-down one
        attrs.update(rankdir="TB" if options.rankdir in ("LR", "RL") else "LR", **COMPACT)
    if size:
        attrs["size"] = f"{size[0]:g},{size[1]:g}"
    lines = [f"digraph {quoted(model.name)} {{"]
    lines.append("  graph [" + _attr_list(attrs) + "];")
    lines.append('  node [shape=plain, fontname="Helvetica", fontsize="11"];')
    lines.append(f'  edge [color="{NOTE}", arrowsize="0.7"];')
    drawer = _Drawer(options, lines)
    if options.wrap:
        drawer.assign_lines(model, options.wrap)
    drawer.model(model, prefix="", level=0)
    drawer.fold()
    lines.append("}")
    return "\n".join(lines) + "\n"


def _attr_list(attrs: dict[str, str]) -> str:
    return ", ".join(f"{key}={quoted(value)}" for key, value in attrs.items())


@dataclass
class _Drawer:
    options: Options
    lines: list[str]
    #: with ``wrap``: the line (row or column) of every top-level node
    line_of: dict[str, int] = field(default_factory=dict)

    def expanded(self, layer: Layer, level: int) -> bool:
        nested = layer.model
        return nested is not None and bool(nested.inputs) and level < self.options.expand_depth

    def model(self, model: ModelDescription, prefix: str, level: int) -> None:
        indent = "  " * (level + 1)
        for layer in model.layers:
            if self.expanded(layer, level):
                assert layer.model is not None
                self.lines.append(f"{indent}subgraph {quoted('cluster_' + prefix + layer.name)} {{")
                title = f"<b>{label_text(layer.name)}</b> ({label_text(layer.class_name)})"
                self.lines.append(
                    f'{indent}  graph [label=<{title}>, style="dashed,rounded", '
                    f'color="{BORDER}", labeljust="l"];'
                )
                self.model(layer.model, prefix + layer.name + "/", level + 1)
                self.lines.append(f"{indent}}}")
            else:
                node_id = quoted(prefix + layer.name)
                self.lines.append(f"{indent}{node_id} [label=<{self.label(layer)}>];")
        for layer in model.layers:
            for call in layer.calls:
                for position, port in enumerate(call.inputs):
                    source = self.source(model, prefix, port, level)
                    target = self.target(layer, prefix, position, level)
                    free = self.line_of.get(source, -1) != self.line_of.get(target, -1)
                    attrs = " [constraint=false]" if free and self.line_of else ""
                    self.lines.append(f"{indent}{quoted(source)} -> {quoted(target)}{attrs};")

    def assign_lines(self, model: ModelDescription, wrap: int) -> None:
        """Top-level nodes, in order, go on lines of at most ``wrap`` nodes each."""
        names = [layer.name for layer in model.layers if not self.expanded(layer, 0)]
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
        layer = model.layer(port.layer)
        if self.expanded(layer, level):
            assert layer.model is not None
            inner = layer.model.outputs[port.tensor]
            return self.source(layer.model, prefix + layer.name + "/", inner, level + 1)
        return prefix + layer.name

    def target(self, layer: Layer, prefix: str, position: int, level: int) -> str:
        """The drawn node that receives input ``position`` of ``layer``."""
        if self.expanded(layer, level):
            assert layer.model is not None
            inner = layer.model
            port = inner.inputs[min(position, len(inner.inputs) - 1)]
            return self.target(inner.layer(port.layer), prefix + layer.name + "/", 0, level + 1)
        return prefix + layer.name

    def label(self, layer: Layer) -> str:
        opts = self.options
        fill = PALETTE.get(layer.category, PALETTE["custom"])
        kind = label_text(layer.class_name) + (" (custom)" if layer.custom else "")
        if opts.show_layer_names:
            head = f"<b>{label_text(layer.name)}</b><br/>{_small(kind)}"
        else:
            head = f"<b>{kind}</b>"
        if layer.detail:
            head += f"<br/>{_small(label_text(layer.detail))}"
        padding = 1 if opts.wrap else 4
        rows = [f'<tr><td colspan="2" cellpadding="{padding}">{head}</td></tr>']
        if opts.show_activations and layer.activation:
            rows.append(_row("activation", label_text(layer.activation)))
        if opts.show_shapes or opts.show_dtype:
            rows.extend(self.call_rows(layer))
        if opts.show_params and layer.kind not in ("op", "input"):
            rows.append(_row("params", fmt.count(layer.params)))
        if opts.show_trainable and layer.trainable is not None:
            word, colour = ("trainable", "#2b8a3e") if layer.trainable else ("frozen", "#c92a2a")
            rows.append(
                f'<tr><td colspan="2"><font color="{colour}"><b>{word}</b></font></td></tr>'
            )
        style = ' style="rounded"' if layer.kind in ("op", "input") else ""
        return (
            f'<table border="1" cellborder="0" cellspacing="0" cellpadding="2" '
            f'bgcolor="{fill}" color="{BORDER}"{style}>' + "".join(rows) + "</table>"
        )

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
