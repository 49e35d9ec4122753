"""The render step every builder shares: a node -> an image file, or a located warning."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.builders import Builder
from sphinx.util import logging

from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.layered_render import render_layered
from sphinx_kerasviz.plotting import render_plot
from sphinx_kerasviz.render import render_dot
from sphinx_kerasviz.sphinxext.nodes import kerasviz_graph, kerasviz_layered, kerasviz_plot

logger = logging.getLogger(__name__)


def draw(
    builder: Builder, node: nodes.Element, fmt: str, outdir: Path, args: tuple[str, ...] = ()
) -> Path:
    """Render a diagram, layered or plot node as ``fmt`` into ``outdir``; raises
    ``KerasvizError``. A file drawn before (its name is a content hash) is not drawn again."""
    if isinstance(node, kerasviz_plot):
        return render_plot(node["plot"], outdir, fmt)
    if isinstance(node, kerasviz_layered):
        return render_layered(node["scene"], outdir, fmt)
    assert isinstance(node, kerasviz_graph)
    return render_graph(builder, [node["dot"], node["safe_dot"]], fmt, outdir, args)


def render_image(
    builder: Builder, node: nodes.Element, fmt: str, outdir: Path, args: tuple[str, ...] = ()
) -> Path | None:
    """:func:`draw`; on failure warn and return None."""
    try:
        return draw(builder, node, fmt, outdir, args)
    except KerasvizError as err:
        warn(node, err)
        return None


def render_graph(
    builder: Builder, attempts: list[str], fmt: str, outdir: Path, args: tuple[str, ...] = ()
) -> Path:
    """Run ``dot`` as the project configures it; raises ``KerasvizError``."""
    config = builder.config
    return render_dot(
        attempts,
        fmt,
        outdir,
        dot=config.graphviz_dot,
        args=(*config.graphviz_dot_args, *args),
        timeout=config.kerasviz_dot_timeout,
    )


def warn(node: nodes.Element, err: KerasvizError) -> None:
    """The located warning of a view left out."""
    logger.warning(
        "%s %s: %s; leaving this view out",
        node.get("directive", "keras-model"),
        node["model_name"],
        err.message,
        location=node,
        type="kerasviz",
        subtype=err.subtype,
    )
