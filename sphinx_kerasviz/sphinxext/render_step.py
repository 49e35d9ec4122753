"""The one render step every builder shares: DOT text on a node -> an image file, or a warning."""

from __future__ import annotations

from pathlib import Path

from sphinx.builders import Builder
from sphinx.util import logging

from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.render import render_dot
from sphinx_kerasviz.sphinxext.nodes import kerasviz_graph

logger = logging.getLogger(__name__)


def render_graph(
    builder: Builder, node: kerasviz_graph, fmt: str, outdir: Path, args: tuple[str, ...] = ()
) -> Path | None:
    """Render ``node`` as ``fmt`` into ``outdir``; on failure warn at the node, return None."""
    config = builder.config
    try:
        return render_dot(
            [node["dot"], node["safe_dot"]],
            fmt,
            outdir,
            dot=config.graphviz_dot,
            args=(*config.graphviz_dot_args, *args),
        )
    except KerasvizError as err:
        logger.warning(
            "keras-model %s: %s; showing the table only",
            node["model_name"],
            err.message,
            location=node,
            type="kerasviz",
            subtype=err.subtype,
        )
        return None
