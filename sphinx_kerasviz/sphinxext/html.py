"""HTML (and dirhtml, singlehtml, epub): the wrapper and the diagram from Jinja templates."""

from __future__ import annotations

import posixpath
from pathlib import Path

from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.writers.html5 import HTML5Translator

from sphinx_kerasviz.drawing.graphviz import inline_svg
from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.sphinxext.nodes import (
    PICTURES,
    kerasviz,
    kerasviz_card,
    kerasviz_graph,
    kerasviz_layered,
    kerasviz_name,
    kerasviz_plot,
)
from sphinx_kerasviz.sphinxext.pictures import html_image, variant_files, warn
from sphinx_kerasviz.sphinxext.table import name_parts
from sphinx_kerasviz.sphinxext.templates import render, render_around

TEMPLATES = {kerasviz_layered: "layered", kerasviz_plot: "plot"}


def visit_wrapper(self: HTML5Translator, node: kerasviz) -> None:
    head, tail = render_around(
        self.builder,
        node,
        "wrapper.html.jinja",
        classes=node["classes"],
        ids=node["ids"],
        model_name=node["model_name"],
    )
    node.kerasviz_tail = tail
    self.body.append(head)


def depart_wrapper(self: HTML5Translator, node: kerasviz | kerasviz_card) -> None:
    self.body.append(node.kerasviz_tail)


def visit_card(self: HTML5Translator, node: kerasviz_card) -> None:
    head, tail = render_around(self.builder, node, "card.html.jinja", classes=node["classes"],
                               ids=node["ids"], **node["card"])
    node.kerasviz_tail = tail
    self.body.append(head)


def visit_name(self: HTML5Translator, node: kerasviz_name) -> None:
    """The name with ``<wbr />`` at each break opportunity."""
    self.body.append("<wbr />".join(self.encode(part) for part in name_parts(node.astext())))
    raise nodes.SkipNode


def visit_graph(
    self: HTML5Translator, node: kerasviz_graph | kerasviz_layered | kerasviz_plot
) -> None:
    """The diagram, the layered view (with tooltips) or a plot, each in its own template."""
    if node.get("interactive"):
        visit_interactive(self, node)
    picture = html_image(self.builder, node)
    if picture is not None:
        template = TEMPLATES.get(type(node), "graph")
        self.body.append(
            render(
                self.builder,
                node,
                f"{template}.html.jinja",
                src=_image_src(self.builder, picture.path),
                alt=node["alt"],
                width=node["width"],
                align=node["align"],
                fmt=self.builder.config.kerasviz_output_format,
                model_name=node["model_name"],
                min_width=picture.min_width,
                overview=picture.overview and _image_src(self.builder, picture.overview),
                aspect="{:g} / {:g}".format(*picture.size),
            )
        )
    raise nodes.SkipNode


def _image_src(builder: Builder, path: Path) -> str:
    return posixpath.join(builder.imgpath, path.name)


def figure_widths(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: in HTML a captioned picture's ``:width:`` is its figure's, which
    the picture fills, so the caption wraps to it and a percentage is one of the column."""
    if app.builder.format != "html":
        return
    for picture in doctree.findall(lambda n: isinstance(n, PICTURES)):
        if isinstance(picture.parent, nodes.figure) and picture.get("width"):
            picture.parent["width"] = picture["width"]
            picture["width"] = "100%"


def visit_interactive(self: HTML5Translator, node: kerasviz_graph) -> None:
    """The interactive diagram: every drawing inline (the default one shown), and the data."""
    number = getattr(self, "kerasviz_count", 0) + 1
    self.kerasviz_count = number  # ids unique on the page, the same from build to build
    try:
        drawings = [
            (key, Markup(inline_svg(svg.read_text("utf-8"), f"kerasviz-{number}-{key}")))
            for key, svg in variant_files(self.builder, node)
        ]
    except KerasvizError as err:
        warn(node, err)
        raise nodes.SkipNode from None
    self.body.append(
        render(
            self.builder,
            node,
            "interactive.html.jinja",
            uid=f"kerasviz-{number}",
            default=drawings[0][1],
            variants=drawings,
            data=Markup(node["interactive"]["data"]),
            alt=node["alt"],
            align=node["align"],
            model_name=node["model_name"],
        )
    )
    raise nodes.SkipNode
