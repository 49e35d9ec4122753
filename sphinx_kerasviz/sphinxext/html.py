"""HTML (and dirhtml, singlehtml, epub): the wrapper and the diagram from Jinja templates."""

from __future__ import annotations

import posixpath
from pathlib import Path

from docutils import nodes
from markupsafe import Markup
from sphinx.builders import Builder
from sphinx.writers.html5 import HTML5Translator

from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.render import inline_svg
from sphinx_kerasviz.sphinxext.nodes import (
    kerasviz,
    kerasviz_card,
    kerasviz_graph,
    kerasviz_layered,
    kerasviz_plot,
)
from sphinx_kerasviz.sphinxext.render_step import draw, render_graph, render_image, warn
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


def visit_graph(
    self: HTML5Translator, node: kerasviz_graph | kerasviz_layered | kerasviz_plot
) -> None:
    """The diagram, the layered view (with tooltips) or a plot, each in its own template."""
    if node.get("interactive"):
        visit_interactive(self, node)
    fmt = self.builder.config.kerasviz_output_format
    path = render_image(self.builder, node, fmt, image_dir(self.builder))
    if path is not None:
        template = TEMPLATES.get(type(node), "graph")
        self.body.append(
            render(
                self.builder,
                node,
                f"{template}.html.jinja",
                src=posixpath.join(self.builder.imgpath, path.name),
                alt=node["alt"],
                width=node["width"],
                align=node["align"],
                fmt=fmt,
                model_name=node["model_name"],
            )
        )
    raise nodes.SkipNode


def image_dir(builder: Builder) -> Path:
    return Path(builder.outdir, builder.imagedir)


def variant_files(builder: Builder, node: nodes.Element) -> list[tuple[str, Path]]:
    """The SVG file of each drawing of an interactive diagram; raises ``KerasvizError``."""
    return [(key, render_graph(builder, [dot, safe_dot], "svg", image_dir(builder)))
            for key, dot, safe_dot in node["interactive"]["variants"]]


def prerender(builder: Builder, node: nodes.Element) -> None:
    """Draw the files :func:`visit_graph` will show for ``node``; raises ``KerasvizError``."""
    if node.get("interactive"):
        variant_files(builder, node)
    else:
        draw(builder, node, builder.config.kerasviz_output_format, image_dir(builder))


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
