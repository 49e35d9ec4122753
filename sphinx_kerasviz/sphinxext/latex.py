"""LaTeX: the diagram as vector PDF from ``dot -Tpdf``, scaled to the text width and height."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from markupsafe import Markup
from sphinx.writers.latex import LaTeXTranslator

from sphinx_kerasviz.sphinxext.nodes import kerasviz, kerasviz_graph
from sphinx_kerasviz.sphinxext.render_step import render_graph
from sphinx_kerasviz.sphinxext.templates import render, render_around

ENVIRONMENTS = {"left": "flushleft", "center": "center", "right": "flushright"}
#: TeX cannot hold a length over 16383pt: Graphviz shrinks larger drawings to 100 inches first
#: (LaTeX then scales every diagram to the page anyway).
PDF_ARGS = ("-Gsize=100,100",)


def visit_wrapper(self: LaTeXTranslator, node: kerasviz) -> None:
    head, tail = render_around(
        self.builder, node, "wrapper.tex.jinja", model_name=node["model_name"]
    )
    node.kerasviz_tail = tail
    self.body.append(head + self.hypertarget_to(node))


def depart_wrapper(self: LaTeXTranslator, node: kerasviz) -> None:
    self.body.append(node.kerasviz_tail)


def visit_graph(self: LaTeXTranslator, node: kerasviz_graph) -> None:
    path = render_graph(self.builder, node, "pdf", Path(self.builder.outdir), PDF_ARGS)
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
