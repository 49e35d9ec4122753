"""LaTeX: the wrapper and card frames, and each picture as a vector PDF fitted to the page; a
diagram too big to print with 6 pt labels is continued over several pages, a part per page."""

from __future__ import annotations

import itertools

from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.writers.latex import LaTeXTranslator

from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.sphinxext.nodes import (
    kerasviz,
    kerasviz_card,
    kerasviz_graph,
    kerasviz_layered,
    kerasviz_name,
    kerasviz_plot,
)
from sphinx_kerasviz.sphinxext.pictures import (
    Tile,
    latex_image,
    latex_parts,
    least_height,
)
from sphinx_kerasviz.sphinxext.table import name_parts
from sphinx_kerasviz.sphinxext.templates import render, render_around

ENVIRONMENTS = {"left": "flushleft", "center": "center", "right": "flushright"}


def continue_diagrams(app: Sphinx, doctree: nodes.document, _docname: str) -> None:
    """``doctree-resolved``, LaTeX only: a figure in a directive's output keeps its place (no
    ``wrapfigure``: what follows it stays below it), and a diagram too big to print with labels
    of 6 pt becomes its parts, the first where it was, the others right after it."""
    if app.builder.format != "latex":
        return
    for figure in doctree.findall(nodes.figure):
        if isinstance(figure.parent, kerasviz):
            figure["align"] = "center"  # the picture inside keeps its own :align:
    for node in list(doctree.findall(kerasviz_graph)):
        try:
            found = latex_parts(app.builder, node)
        except KerasvizError:
            continue  # drawn whole then, or warned about once by the writer
        if found:
            split(node, found)


def split(node: kerasviz_graph, parts: list[list[Tile]]) -> None:
    """``node`` shows ``parts[0]``; copies of it showing the other parts follow it, or follow
    its figure, whose caption says which part it shows."""
    count = len(parts)
    figure = node.parent if isinstance(node.parent, nodes.figure) else None
    if figure is not None and count > 1:
        caption = figure.next_node(nodes.caption)
        if caption is not None:
            caption += nodes.Text(f" (part 1 of {count})")
    node["tiles"], node["part"], node["parts"] = parts[0], 1, count
    anchor = figure if figure is not None else node
    following = []
    for number, tiles in enumerate(parts[1:], start=2):
        part = node.copy()
        part["ids"], part["tiles"], part["part"] = [], tiles, number
        part["figure_ids"] = figure["ids"] if figure is not None else []
        following.append(part)
    anchor.parent.insert(anchor.parent.index(anchor) + 1, following)


def visit_name(self: LaTeXTranslator, node: kerasviz_name) -> None:
    """The name with ``\\allowbreak{}`` at each break opportunity but after an underscore
    (its ``\\_`` already is one)."""
    parts = name_parts(node.astext())
    self.body.append(self.encode(parts[0]))
    for previous, part in itertools.pairwise(parts):
        self.body.append(("" if previous.endswith("_") else r"\allowbreak{}") + self.encode(part))
    raise nodes.SkipNode


def visit_wrapper(self: LaTeXTranslator, node: kerasviz) -> None:
    head, tail = render_around(
        self.builder, node, "wrapper.tex.jinja", model_name=node["model_name"]
    )
    node.kerasviz_tail = tail
    # A figure stays where it is (float H), so the table after it is printed after it.
    node.kerasviz_figure_align = self.elements["figure_align"]
    self.elements["figure_align"] = "H"
    self.body.append(head + self.hypertarget_to(node))


def depart_wrapper(self: LaTeXTranslator, node: kerasviz | kerasviz_card) -> None:
    if hasattr(node, "kerasviz_figure_align"):
        self.elements["figure_align"] = node.kerasviz_figure_align
    self.body.append(node.kerasviz_tail)


def visit_card(self: LaTeXTranslator, node: kerasviz_card) -> None:
    head, tail = render_around(self.builder, node, "card.tex.jinja", **node["card"])
    node.kerasviz_tail = tail
    self.body.append(head + self.hypertarget_to(node))


def visit_graph(
    self: LaTeXTranslator, node: kerasviz_graph | kerasviz_layered | kerasviz_plot
) -> None:
    """A vector PDF of the diagram, the layered view or a plot, fitted to the page."""
    if node.get("tiles"):
        visit_part(self, node)
    path = latex_image(self.builder, node)
    if path is not None:
        width = self.latex_image_length(node["width"]) if node["width"] else None
        in_figure = isinstance(node.parent, nodes.figure)
        try:
            least = least_height(self.builder, node)
        except KerasvizError:
            least = None  # drawn without a layout: as before
        self.body.append(
            render(
                self.builder,
                node,
                "graph.tex.jinja",
                stem=Markup(path.stem),
                suffix=Markup(path.suffix),
                width=Markup(width) if width else None,
                environment=None if in_figure else Markup(ENVIRONMENTS[node["align"]]),
                align=node["align"],
                least=f"{least:.1f}bp" if least else None,
                model_name=node["model_name"],
            )
        )
    raise nodes.SkipNode


def visit_part(self: LaTeXTranslator, node: kerasviz_graph) -> None:
    """One part of a diagram continued over several pages: its tiles side by side, and under
    them which part of which figure (or model) it is, unless its figure's caption says so."""
    in_figure = isinstance(node.parent, nodes.figure)
    figure = None
    if node.get("figure_ids"):
        label = self.hypertarget(node["figure_ids"][0], anchor=False)
        figure = Markup(label.replace(r"\label{", r"\ref{", 1))
    self.body.append(
        render(
            self.builder,
            node,
            "part.tex.jinja",
            tiles=[(Markup(t.path.stem), Markup(t.path.suffix), f"{t.width:.2f}")
                   for t in node["tiles"]],
            part=node["part"],
            parts=node["parts"],
            figure=figure,
            environment=None if in_figure else Markup(ENVIRONMENTS[node["align"]]),
            model_name=node["model_name"],
        )
    )
    raise nodes.SkipNode
