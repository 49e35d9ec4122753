"""A base for directives that show a matplotlib plot (``keras-history``, ``keras-weights``).

A subclass declares its own options next to :data:`PLOT_OPTIONS`, builds a plot object (see
:mod:`sphinx_kerasviz.plotting`) and returns ``[self.wrapper("history", shown.class_, node,
...)]``; every failure goes through :meth:`PlotDirective.warn`, one located warning each.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import OptionSpec

from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.options import parse_value
from sphinx_kerasviz.plotting import Plot
from sphinx_kerasviz.sphinxext.nodes import kerasviz, kerasviz_plot

logger = logging.getLogger(__name__)

#: The options every plot directive takes, parsed as ``keras-model`` parses them.
PLOT_OPTIONS = ("caption", "name", "alt", "align", "width", "class")


@dataclass(frozen=True)
class Shown:
    """How a plot is shown: the parsed :data:`PLOT_OPTIONS`."""

    caption: str | None = None
    name: str | None = None
    alt: str | None = None
    align: str = "center"
    width: str | None = None
    class_: tuple[str, ...] = ()


class PlotDirective(SphinxDirective):
    """One argument (a path or a target), options checked in ``run`` with located warnings."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = False
    option_spec: ClassVar[OptionSpec] = {name: directives.unchanged for name in PLOT_OPTIONS}

    @property
    def label(self) -> str:
        """``keras-history logs/run.csv``: how warnings name this directive."""
        return f"{self.name} {self.arguments[0].strip()}"

    def warn(self, err: KerasvizError) -> None:
        logger.warning("%s: %s", self.label, err.message, location=self.get_location(),
                       type="kerasviz", subtype=err.subtype)

    def option(self, name: str, parse: Any, default: Any) -> Any:
        """Option ``name`` parsed with ``parse`` (raising ``ValueError``); warns and defaults."""
        if name not in self.options:
            return default
        try:
            return parse(self.options[name])
        except (ValueError, KerasvizError) as exc:
            message = getattr(exc, "message", None) or str(exc)
            self.warn(KerasvizError("option", f":{name}: {message}; using the default"))
            return default

    def shown(self) -> Shown:
        """The shared options, ``:align:`` and ``:width:`` falling back to ``kerasviz_*``."""
        values = {"align": self.config.kerasviz_align, "width": self.config.kerasviz_width}
        values = {k: parse_value(k, v) for k, v in values.items()}  # checked at config-inited
        for name in PLOT_OPTIONS:
            values[name] = self.option(name, lambda v, n=name: parse_value(n, v), values.get(name))
        values["class_"] = tuple(values.pop("class") or ())
        return Shown(**values)

    def input_shape(self) -> Any:
        """``:input-shape:``, else ``kerasviz_input_shapes`` for this target, else None."""
        shape = self.option("input-shape", lambda v: parse_value("input-shape", v), None)
        if shape is None and self.arguments:
            conf_shape = self.config.kerasviz_input_shapes.get(self.arguments[0].strip())
            shape = None if conf_shape is None else parse_value("input-shape", conf_shape)
        return shape

    def source_file(self, argument: str) -> Path:
        """A path relative to the document, or to the source directory when it starts with /."""
        _rel, absolute = self.env.relfn2path(argument.strip(), self.env.docname)
        return Path(absolute)

    def plot_node(self, plot: Plot, alt: str, shown: Shown) -> kerasviz_plot:
        node = kerasviz_plot(plot=plot, alt=shown.alt or alt, width=shown.width,
                             align=shown.align, model_name=self.arguments[0].strip(),
                             directive=self.name)
        self.set_source_info(node)
        return node

    def wrapper(self, kind: str, shown: Shown, picture: nodes.Element,
                *rest: nodes.Node) -> kerasviz:
        """``<div class="kerasviz kerasviz-<kind>">``: the picture (a figure when captioned),
        then ``rest``; ``:name:`` labels the figure, or the wrapper without a caption."""
        wrapper = kerasviz(classes=["kerasviz", f"kerasviz-{kind}", *shown.class_],
                           model_name=self.arguments[0].strip())
        self.set_source_info(wrapper)
        if shown.caption:
            picture = self.figure(picture, shown)
        else:
            self.add_name(wrapper)
        wrapper += picture
        wrapper.extend(rest)
        return wrapper

    def figure(self, picture: nodes.Element, shown: Shown) -> nodes.figure:
        """A numbered figure of ``picture`` with the caption; ``:name:`` is its label."""
        figure = nodes.figure("", picture, align=shown.align)
        self.set_source_info(figure)
        inline, _messages = self.parse_inline(shown.caption or "", lineno=self.lineno)
        caption = nodes.caption(shown.caption, "", *inline)
        self.set_source_info(caption)
        figure += caption
        self.add_name(figure)
        return figure
