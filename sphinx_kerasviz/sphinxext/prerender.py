"""Drawing a page's pictures while the page is read.

``sphinx-build -j N`` reads pages in N processes but writes them in one, so Graphviz and
matplotlib share the cores only if they run here. The writers then find the files (named by
content hashes) and draw only what is missing; a failure is left to them, since they warn where
the picture belongs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder

from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.sphinxext import html, latex
from sphinx_kerasviz.sphinxext.nodes import PICTURES

DRAWERS: dict[str, Callable[[Builder, nodes.Element], None]] = {
    "html": html.prerender,
    "latex": latex.prerender,
}


def prerender(app: Sphinx, doctree: nodes.document) -> None:
    """Draw every picture of ``doctree`` for the current builder, if it shows pictures."""
    drawer = DRAWERS.get(app.builder.format)
    if drawer is None:
        return
    for node in doctree.findall(lambda node: isinstance(node, PICTURES)):
        with contextlib.suppress(KerasvizError):
            drawer(app.builder, node)
