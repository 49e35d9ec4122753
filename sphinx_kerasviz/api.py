"""The Python API for notebooks, scripts and papers: diagrams and summaries outside Sphinx.

>>> view = graph_view(model, rankdir="LR", wrap=12, max_width="6in")   # doctest: +SKIP
>>> view.save("model.pdf")                                             # doctest: +SKIP
>>> print(summary_table(model).to_markdown())                          # doctest: +SKIP
"""

from __future__ import annotations

import re
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx_kerasviz.drawing.figures import file_format
from sphinx_kerasviz.drawing.graphviz import render_file
from sphinx_kerasviz.drawing.layered import save_scene, svg_text
from sphinx_kerasviz.drawing.standalone import interactive_page
from sphinx_kerasviz.files import publish, temp_beside
from sphinx_kerasviz.model.description import ModelDescription
from sphinx_kerasviz.model.reader import read_model, read_object
from sphinx_kerasviz.model.target import parse_target
from sphinx_kerasviz.options import (
    POINTS,
    SPECS,
    Options,
    make_options,
    parse_inches,
    parse_value,
)
from sphinx_kerasviz.views import summary_formats
from sphinx_kerasviz.views.dot import SMALLEST_FONT_PT, fitted_label_pt, to_dot, within_limit
from sphinx_kerasviz.views.layered import Scene, layered_scene
from sphinx_kerasviz.views.summary import Summary, summarize

FORMATS = ("svg", "pdf", "png", "html")
_SPEC_BY_ATTR = {spec.attr: spec for spec in SPECS}
_UNBOUNDED = 10_000.0  # inches: "no limit" on one side of the page


def load(model: Any, options: dict[str, Any], caller: str) -> tuple[ModelDescription, Options]:
    """A description of ``model`` (a keras.Model, a target string, or a description)."""
    values = {}
    for key, value in options.items():
        spec = _SPEC_BY_ATTR.get(key.replace("-", "_"))
        if spec is None:
            raise TypeError(f"{caller}() got an unknown option {key!r}")
        values[spec.name] = parse_value(spec.name, value)
    parsed = make_options(values)
    if isinstance(model, ModelDescription):
        return model, parsed
    if isinstance(model, str):
        result = read_model(parse_target(model), input_shape=parsed.input_shape)
        description, notes = result.model, result.notes
    else:
        description, notes = read_object(model, parsed.input_shape)
    for note in notes:
        warnings.warn(note.message, stacklevel=3)
    return description, parsed


@dataclass(frozen=True)
class GraphView:
    """A diagram: ``save("x.svg" | "x.pdf" | "x.png" | "x.html")``, shown inline by Jupyter.

    ``.html`` writes the interactive diagram as one self-contained page.
    """

    model: ModelDescription
    options: Options
    max_width: float | None = None  # inches
    max_height: float | None = None

    @property
    def size(self) -> tuple[float, float] | None:
        if self.max_width is None and self.max_height is None:
            return None
        return (self.max_width or _UNBOUNDED, self.max_height or _UNBOUNDED)

    def dot(self, *, safe: bool = False, fitted: bool = True) -> str:
        """The DOT text (``fitted``: shrunk to the page size, when one was given)."""
        return to_dot(self.model, self.options, safe=safe, size=self.size if fitted else None)

    def save(self, path: str | Path, *, dpi: int | None = None, dot: str = "dot") -> Path:
        """Write the diagram; the format comes from the suffix (svg, pdf, png at ``dpi``, html:
        the interactive page)."""
        path = Path(path)
        fmt = file_format(path, FORMATS)
        if fmt == "html":
            with temp_beside(path) as tmp:
                tmp.write_text(interactive_page(self.model, self.options, dot), encoding="utf-8")
                publish(tmp, path)
            return path
        args = (f"-Gdpi={dpi}",) if dpi and fmt == "png" else ()
        return render_file([self.dot(), self.dot(safe=True)], fmt, path, dot=dot, args=args)

    def _repr_svg_(self) -> str:
        with tempfile.TemporaryDirectory() as tmp:
            return self.save(Path(tmp) / "graph.svg").read_text()

    def natural_size(self, dot: str = "dot") -> tuple[float, float]:
        """Width and height in points before any fitting to the page."""
        with tempfile.TemporaryDirectory() as tmp:
            path = render_file([self.dot(fitted=False)], "svg", Path(tmp) / "g.svg", dot=dot)
            match = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', path.read_text())
        assert match, "Graphviz SVG without a size"
        return float(match.group(1)), float(match.group(2))

    def smallest_label_pt(self, dot: str = "dot") -> float:
        """The size of the smallest label once fitted to ``max_width`` x ``max_height``."""
        if self.size is None:
            return float(SMALLEST_FONT_PT)
        inch = POINTS["in"]
        return fitted_label_pt(self.natural_size(dot), (self.size[0] * inch, self.size[1] * inch))


def graph_view(
    model: Any, *, max_width: str | float | None = None, max_height: str | float | None = None,
    **options: Any,
) -> GraphView:
    """The architecture diagram of ``model`` with the directive's options (underscored)."""
    description, parsed = load(model, options, "graph_view")
    parsed, note = within_limit(description, parsed)
    if note:
        warnings.warn(note, stacklevel=2)
    return GraphView(description, parsed, parse_inches(max_width), parse_inches(max_height))


@dataclass(frozen=True)
class LayeredView:
    """The layered picture: ``save("x.svg" | "x.pdf" | "x.png" | "x.html")``, shown inline."""

    scene: Scene

    def save(self, path: str | Path) -> Path:
        """Write the picture; the format comes from the suffix."""
        return save_scene(self.scene, Path(path))

    def _repr_svg_(self) -> str:
        return svg_text(self.scene)


#: The options ``layered_view()`` takes (prefixes of their Python names).
LAYERED_KEYS = ("layered_", "input_shape", "palette", "group_repeats")


def layered_view(model: Any, *, colors: dict[str, str] | None = None,
                 **options: Any) -> LayeredView:
    """The layered view of ``model``; options as ``:layered-*:`` with underscores, plus
    ``colors`` mapping layer types (or families) to colours."""
    for key in options:
        if not key.replace("-", "_").startswith(LAYERED_KEYS):
            raise TypeError(f"layered_view() got an option for another view: {key!r}")
    description, parsed = load(model, options, "layered_view")
    return LayeredView(layered_scene(description, parsed, colors))


@dataclass(frozen=True)
class SummaryTable:
    """The summary as data (``rows``, ``totals``) and as Markdown, reST, CSV, LaTeX or HTML."""

    summary: Summary

    @property
    def columns(self) -> tuple[str, ...]:
        return self.summary.columns

    @property
    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "name": row.name,
                "type": row.class_name,
                "output_shape": row.output_shape,
                "params": row.params,
                "connected_to": list(row.connected_to),
                "trainable": row.trainable,
                "level": row.level,
            }
            for row in self.summary.rows
        ]

    @property
    def totals(self) -> dict[str, float]:
        t = self.summary.totals
        return {
            "total": t.total,
            "trainable": t.trainable,
            "non_trainable": t.non_trainable,
            "total_bytes": t.total_bytes,
            "trainable_bytes": t.trainable_bytes,
            "non_trainable_bytes": t.non_trainable_bytes,
        }

    def render(self, fmt: str) -> str:
        """One of ``md``, ``rst``, ``csv``, ``latex``, ``html``."""
        return summary_formats.render(self.summary, fmt)

    def to_markdown(self) -> str:
        return self.render("md")

    def to_rst(self) -> str:
        return self.render("rst")

    def to_csv(self) -> str:
        return self.render("csv")

    def to_latex(self) -> str:
        return self.render("latex")

    def to_html(self) -> str:
        return self.render("html")

    def _repr_html_(self) -> str:
        return self.to_html()


def summary_table(model: Any, **options: Any) -> SummaryTable:
    """The summary of ``model``; ``expand_nested``/``depth`` open nested models."""
    description, parsed = load(model, options, "summary_table")
    return SummaryTable(summarize(description, parsed))
