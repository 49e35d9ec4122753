"""LaTeX: the wrapper and card frames, and each picture as a vector PDF fitted to the page."""

from __future__ import annotations

from docutils import nodes
from markupsafe import Markup
from sphinx.writers.latex import LaTeXTranslator

from sphinx_kerasviz.sphinxext.nodes import (
    kerasviz,
    kerasviz_card,
    kerasviz_graph,
    kerasviz_layered,
    kerasviz_plot,
)
from sphinx_kerasviz.sphinxext.pictures import latex_image
from sphinx_kerasviz.sphinxext.templates import render, render_around

ENVIRONMENTS = {"left": "flushleft", "center": "center", "right": "flushright"}


def visit_wrapper(self: LaTeXTranslator, node: kerasviz) -> None:
    head, tail = render_around(
        self.builder, node, "wrapper.tex.jinja", model_name=node["model_name"]
    )
    node.kerasviz_tail = tail
    self.body.append(head + self.hypertarget_to(node))


def depart_wrapper(self: LaTeXTranslator, node: kerasviz | kerasviz_card) -> None:
    self.body.append(node.kerasviz_tail)


def visit_card(self: LaTeXTranslator, node: kerasviz_card) -> None:
    head, tail = render_around(self.builder, node, "card.tex.jinja", **node["card"])
    node.kerasviz_tail = tail
    self.body.append(head + self.hypertarget_to(node))


def visit_graph(
    self: LaTeXTranslator, node: kerasviz_graph | kerasviz_layered | kerasviz_plot
) -> None:
    """A vector PDF of the diagram, the layered view or a plot, fitted to the page."""
    path = latex_image(self.builder, node)
    if path is not None:
        width = self.latex_image_length(node["width"]) if node["width"] else None
        in_figure = isinstance(node.parent, nodes.figure)
        self.body.append(
            render(
                self.builder,
                node,
                "graph.tex.jinja",
                stem=Markup(path.stem),
                suffix=Markup(path.suffix),
                width=Markup(width) if width else None,
                environment=None if in_figure else Markup(ENVIRONMENTS[node["align"]]),
                model_name=node["model_name"],
            )
        )
    raise nodes.SkipNode
