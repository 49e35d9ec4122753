"""The doctree nodes. They hold plain strings only (DOT text, alt text), never Keras objects."""

from __future__ import annotations

from docutils import nodes


class kerasviz(nodes.container):
    """The wrapper around one directive's views; ``classes`` starts with ``kerasviz``."""


class kerasviz_card(nodes.container):
    """A model card: ``card`` holds what its template's header shows (plain strings)."""


class kerasviz_layered(nodes.General, nodes.Element):
    """The layered view: ``scene`` (plain geometry), ``alt``, ``width``, ``align``."""


class kerasviz_graph(nodes.General, nodes.Element):
    """The diagram: ``dot`` (DOT text), ``safe_dot`` (retry layout), ``alt``, ``width``.

    ``print_check`` asks the LaTeX builder to warn when the printed labels would be too small.
    """


class kerasviz_plot(nodes.General, nodes.Element):
    """A matplotlib picture: ``plot`` (see :mod:`sphinx_kerasviz.drawing.figures`), ``alt``,
    ``width``, ``align``, ``model_name`` (a short label for warnings) and optionally
    ``directive`` (the directive named in warnings; ``keras-model`` when left out).
    """


class kerasviz_rows(nodes.General, nodes.Element):
    """A table's header and rows as plain strings (``columns``, ``widths``, ``kinds``,
    ``rows``), in place of its ``tgroup`` until the page is written: a summary of a thousand
    layers is then one node, not tens of thousands, while Sphinx reads and transforms pages."""


class kerasviz_name(nodes.inline):
    """A name in a table cell that may break after an underscore, a slash or a dot before a
    letter (``<wbr>`` in HTML, ``\\allowbreak`` in LaTeX); other builders write its text."""


#: The nodes that are one picture file each.
PICTURES = (kerasviz_graph, kerasviz_layered, kerasviz_plot)
