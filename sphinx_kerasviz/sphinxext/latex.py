"""LaTeX: the diagram as vector PDF from ``dot -Tpdf``, scaled to the text width and height."""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from markupsafe import Markup
from sphinx.builders import Builder
from sphinx.util import logging
from sphinx.writers.latex import LaTeXTranslator

from sphinx_kerasviz.sphinxext.nodes import (
    kerasviz,
    kerasviz_card,
    kerasviz_graph,
    kerasviz_layered,
    kerasviz_plot,
)
from sphinx_kerasviz.sphinxext.render_step import draw, render_image
from sphinx_kerasviz.sphinxext.templates import render, render_around
from sphinx_kerasviz.views.dot import MIN_PRINT_PT, fitted_label_pt

ENVIRONMENTS = {"left": "flushleft", "center": "center", "right": "flushright"}
#: TeX cannot hold a length over 16383pt: Graphviz shrinks larger drawings to 100 inches first
#: (LaTeX then scales every diagram to the page anyway).
PDF_ARGS = ("-Gsize=100,100",)
#: The text area of Sphinx's LaTeX pages, narrowest of A4 and letter (1 in margins), and the
#: 85% of its height a diagram may take.
TEXT_WIDTH_PT = 6.27 * 72
TEXT_HEIGHT_PT = 0.85 * 9 * 72
_POINTS = {"px": 0.75, "pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4}
_MEDIA_BOX = re.compile(rb"/MediaBox \[ *0 0 ([\d.]+) ([\d.]+) *\]")
logger = logging.getLogger(__name__)


def check_legibility(node: kerasviz_graph, pdf: Path) -> None:
    """Warn when fitting the diagram to the page would print its labels under 6 pt."""
    match = _MEDIA_BOX.search(pdf.read_bytes())
    if not match:
        return
    natural = (float(match.group(1)), float(match.group(2)))
    label = fitted_label_pt(natural, (_print_width(node["width"]), TEXT_HEIGHT_PT))
    if label < MIN_PRINT_PT:
        logger.warning(
            "keras-model %s: labels print at %.2f pt in the PDF (under %g pt); try :wrap: N, "
            ":rankdir: LR or leaving nested models collapsed",
            node["model_name"],
            label,
            MIN_PRINT_PT,
            location=node,
            type="kerasviz",
            subtype="legibility",
        )


def _print_width(width: str | None) -> float:
    """``:width:`` in points, within the narrowest text width Sphinx's LaTeX gives (A4)."""
    match = re.match(r"^([\d.]+)(%|px|pt|in|cm|mm)?$", width or "")
    if not match:
        return TEXT_WIDTH_PT
    value, unit = float(match.group(1)), match.group(2) or "px"
    points = value * TEXT_WIDTH_PT / 100 if unit == "%" else value * _POINTS[unit]
    return min(points, TEXT_WIDTH_PT)


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


def dot_args(node: nodes.Element) -> tuple[str, ...]:
    return PDF_ARGS if isinstance(node, kerasviz_graph) else ()


def prerender(builder: Builder, node: nodes.Element) -> None:
    """Draw the PDF :func:`visit_graph` will include for ``node``; raises ``KerasvizError``."""
    draw(builder, node, "pdf", Path(builder.outdir), dot_args(node))


def visit_graph(
    self: LaTeXTranslator, node: kerasviz_graph | kerasviz_layered | kerasviz_plot
) -> None:
    """A vector PDF of the diagram, the layered view or a plot, fitted to the page."""
    dot = isinstance(node, kerasviz_graph)
    path = render_image(self.builder, node, "pdf", Path(self.builder.outdir), dot_args(node))
    if path is not None and dot and node["print_check"]:
        check_legibility(node, path)
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
