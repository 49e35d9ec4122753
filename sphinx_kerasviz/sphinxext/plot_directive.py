"""The base of the directives that show a matplotlib plot (``keras-history``, ``keras-weights``,
the explain directives).

A subclass declares its own options next to :data:`PLOT_OPTIONS`, builds a plot object (see
:mod:`sphinx_kerasviz.drawing.figures`) and returns ``[self.plot_wrapper("history", shown,
node, ...)]``; every failure is one located warning (:class:`~.base.KerasvizDirective`).
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.typing import OptionSpec

from sphinx_kerasviz.drawing.figures import Plot
from sphinx_kerasviz.options import Options, make_options, parse_value
from sphinx_kerasviz.sphinxext.base import KerasvizDirective
from sphinx_kerasviz.sphinxext.nodes import kerasviz, kerasviz_plot

#: The options every plot directive takes, parsed as ``keras-model`` parses them.
PLOT_OPTIONS = ("caption", "name", "alt", "align", "width", "fit", "class")


class PlotDirective(KerasvizDirective):
    """A directive whose picture is a plot, shown with :data:`PLOT_OPTIONS`."""

    option_spec: ClassVar[OptionSpec] = {name: directives.unchanged for name in PLOT_OPTIONS}

    def shown(self) -> Options:
        """:data:`PLOT_OPTIONS` parsed as ``keras-model`` parses them, ``:align:``,
        ``:width:`` and ``:fit:`` falling back to ``kerasviz_*``."""
        values = {"align": self.config.kerasviz_align, "width": self.config.kerasviz_width,
                  "fit": self.config.kerasviz_fit}
        values = {k: parse_value(k, v) for k, v in values.items()}  # checked at config-inited
        for name in PLOT_OPTIONS:
            values[name] = self.option(name, lambda v, n=name: parse_value(n, v), values.get(name))
        values["class"] = tuple(values["class"] or ())
        return make_options(values)

    def plot_node(self, plot: Plot, alt: str, shown: Options) -> kerasviz_plot:
        node = kerasviz_plot(plot=plot, alt=shown.alt or alt, width=shown.width,
                             align=shown.align, fit=shown.fit, model_name=self.argument,
                             directive=self.name)
        self.set_source_info(node)
        return node

    def plot_nodes(self, plots: list[Plot], alt: str, shown: Options) -> list[kerasviz_plot]:
        """A node per plot; the parts of a plot too tall for a page say which part in their
        alt text."""
        return [self.plot_node(plot, alt + (f" ({plot.part})" if getattr(plot, "part", "")
                                            else ""), shown) for plot in plots]

    def plot_wrapper(self, kind: str, shown: Options, picture: nodes.Element,
                     *rest: nodes.Node) -> kerasviz:
        """``<div class="kerasviz kerasviz-<kind>">``: the picture (a figure when captioned),
        then ``rest``; ``:name:`` labels the figure, or the wrapper without a caption."""
        wrapper = self.wrapper((f"kerasviz-{kind}", *shown.class_), self.argument)
        if shown.caption:
            picture = self.figure(picture, shown.caption, shown.align)
        else:
            self.add_name(wrapper)
        wrapper += picture
        wrapper.extend(rest)
        return wrapper
