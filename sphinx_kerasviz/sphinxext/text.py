"""Text, man and texinfo: the diagram becomes its one-line description (or nothing)."""

from __future__ import annotations

from docutils import nodes
from sphinx.writers.text import TextTranslator

from sphinx_kerasviz.sphinxext.nodes import kerasviz_graph


def visit_graph_text(self: TextTranslator, node: kerasviz_graph) -> None:
    self.new_state(0)
    self.add_text(f"[{node['alt']}]")
    self.end_state()
    raise nodes.SkipNode


def skip(self: nodes.NodeVisitor, node: nodes.Element) -> None:
    raise nodes.SkipNode


def through(self: nodes.NodeVisitor, node: nodes.Element) -> None:
    """Nothing of its own: the children are written as usual."""
