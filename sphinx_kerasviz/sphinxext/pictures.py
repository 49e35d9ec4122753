"""The picture nodes as files, for each builder: drawn while pages are read, found by the writers.

``sphinx-build -j N`` reads pages in N processes but writes them in one, so Graphviz and
matplotlib share the cores only if they run while reading (:func:`prerender`); when Sphinx
reads in its own process alone, diagrams are drawn in background threads (``dot`` is a process
of its own) while it reads on, and the build waits for them before writing
(:func:`finish_drawing`). The writers then find the files (named by content hashes) and draw
only what is missing; a failure is left to them, since they warn where the picture belongs
(:func:`render_image`).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util import logging

from sphinx_kerasviz.drawing.figures import render_plot
from sphinx_kerasviz.drawing.graphviz import read_layout, render_dot
from sphinx_kerasviz.drawing.layered import render_layered
from sphinx_kerasviz.drawing.overview import labels, overview
from sphinx_kerasviz.drawing.tiles import Box, Layout, media_box, parts, pdf_fonts, tiles
from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.options import POINTS
from sphinx_kerasviz.sphinxext.nodes import (
    PICTURES,
    kerasviz_graph,
    kerasviz_layered,
    kerasviz_plot,
)
from sphinx_kerasviz.views.dot import MIN_PRINT_PT, fitted_label_pt

logger = logging.getLogger(__name__)
#: TeX cannot hold a length over 16383pt: Graphviz shrinks larger drawings to 100 inches first
#: (LaTeX then scales every diagram to the page anyway).
PDF_ARGS = ("-Gsize=100,100",)
#: The text area of Sphinx's LaTeX pages, narrowest of A4 and letter (1 in margins), and the
#: 85% of its height a diagram may take.
TEXT_WIDTH_PT = 6.27 * 72
TEXT_HEIGHT_PT = 0.85 * 9 * 72
#: Draw a laid-out DOT file (``dot -Tdot``) as it is: its pieces cost no new layout.
NO_LAYOUT = ("-Kneato", "-n2")
#: The smallest label may print this much over the 6 pt floor (rounding in PDF viewers).
FLOOR_MARGIN = 1.01


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


def image_dir(builder: Builder) -> Path:
    return Path(builder.outdir, builder.imagedir)


@dataclass(frozen=True)
class HtmlPicture:
    """The picture an HTML page shows, and how narrow it may be shown (see ``docs/usage.rst``,
    *Legible at any size*)."""

    path: Path
    #: The display width (CSS px) under which a label would show under 9 px; None with
    #: ``fit: shrink`` or without text.
    min_width: int | None = None
    #: The label-free miniature (:func:`~sphinx_kerasviz.drawing.overview.overview`) of a
    #: diagram or layered view, and its width and height (any units).
    overview: Path | None = None
    size: tuple[float, float] = (1.0, 1.0)


#: A picture whose readable width is above this (CSS px) may pan in a narrow column: it gets an
#: overview. Plots stay under it at their default sizes and never get one.
OVERVIEW_FROM = 480


def html_picture(builder: Builder, node: nodes.Element) -> HtmlPicture:
    """The picture of ``node`` for HTML with its legibility floor; raises ``KerasvizError``."""
    outdir = image_dir(builder)
    path = draw(builder, node, builder.config.kerasviz_output_format, outdir)
    if node.get("fit", builder.config.kerasviz_fit) == "shrink":
        return HtmlPicture(path)
    svg = path if path.suffix == ".svg" else draw(builder, node, "svg", outdir)
    found = labels(svg)
    min_width = found.readable_width()
    if min_width is None or min_width <= OVERVIEW_FROM or isinstance(node, kerasviz_plot):
        return HtmlPicture(path, min_width)
    return HtmlPicture(path, min_width, overview(svg), (found.width, found.height))


def html_image(builder: Builder, node: nodes.Element) -> HtmlPicture | None:
    """:func:`html_picture`; on failure warn and return None."""
    try:
        return html_picture(builder, node)
    except KerasvizError as err:
        warn(node, err)
        return None


def variant_files(builder: Builder, node: nodes.Element) -> list[tuple[str, Path]]:
    """The SVG file of each drawing of an interactive diagram; raises ``KerasvizError``."""
    return [(key, render_graph(builder, [dot, safe_dot], "svg", image_dir(builder)))
            for key, dot, safe_dot in node["interactive"]["variants"]]


def latex_image(builder: Builder, node: nodes.Element) -> Path | None:
    """The vector PDF the LaTeX file includes for ``node`` (or None after a warning); a
    diagram laid out for print and shrunk on request (``fit: shrink``) is checked for
    legibility."""
    path = render_image(builder, node, "pdf", Path(builder.outdir), _pdf_args(node))
    if path is not None and isinstance(node, kerasviz_graph) and node["print_check"] \
            and node.get("fit") == "shrink":
        check_legibility(node, path)
    return path


@dataclass(frozen=True)
class Tile:
    """A piece of a diagram as a PDF of its own, printed ``width`` x ``height`` points."""

    path: Path
    width: float
    height: float


def latex_parts(builder: Builder, node: nodes.Element) -> list[list[Tile]] | None:
    """The parts (pages) of a diagram too big to print whole with labels of 6 pt, each a row
    of tiles; None when it fits (or ``fit: shrink``). Raises ``KerasvizError``. (The layered
    view is cut into pages by its directive, from its scene.)"""
    layout = _print_layout(builder, node) if isinstance(node, kerasviz_graph) else None
    if layout is None:
        return None
    box = (print_width(node["width"]), TEXT_HEIGHT_PT)
    bounds = layout.bounds
    if min(1.0, box[0] / bounds.width, box[1] / bounds.height) * layout.smallest_font \
            >= MIN_PRINT_PT:
        return None
    scale = MIN_PRINT_PT * FLOOR_MARGIN / layout.smallest_font
    grouped = parts(tiles(layout, (box[0] / scale, box[1] / scale)), scale, box[0])
    with ThreadPoolExecutor(os.cpu_count()) as pool:  # one ``dot`` per piece, side by side
        drawn = iter(pool.map(lambda tile: _graph_tile(builder, node, tile, scale),
                              [tile for part in grouped for tile in part]))
        return [[next(drawn) for _ in part] for part in grouped]


def least_height(builder: Builder, node: nodes.Element) -> float | None:
    """The height (points) under which a picture printed whole would have labels under 6 pt
    (None for plots and with ``fit: shrink``). Raises ``KerasvizError``."""
    layout = _print_layout(builder, node)
    if layout is None:
        return None
    return layout.bounds.height * MIN_PRINT_PT * FLOOR_MARGIN / layout.smallest_font


def _print_layout(builder: Builder, node: nodes.Element) -> Layout | None:
    """Where the labels of a diagram are (Graphviz's layout), or a layered view's size and
    smallest text; None for plots, with ``fit: shrink`` and for a picture without text."""
    if node.get("fit") == "shrink":
        return None
    if isinstance(node, kerasviz_graph):
        path = render_graph(builder, [_laid_out(builder, node)], "json", Path(builder.outdir),
                            NO_LAYOUT)
        return read_layout(path.read_text())
    if isinstance(node, kerasviz_layered):
        bounds, smallest = pdf_fonts(draw(builder, node, "pdf", Path(builder.outdir)))
        if smallest is None:
            return None
        return Layout(bounds, smallest, ())
    return None


def _graph_tile(builder: Builder, node: kerasviz_graph, tile: Box, scale: float) -> Tile:
    """``tile`` of the diagram rendered alone (Graphviz's viewport), printed at ``scale``."""
    width, height = tile.width * scale, tile.height * scale
    centre = ((tile.x0 + tile.x1) / 2, (tile.y0 + tile.y1) / 2)
    viewport = f"-Gviewport={width:.2f},{height:.2f},{scale:.5f},{centre[0]:.2f},{centre[1]:.2f}"
    path = render_graph(builder, [_laid_out(builder, node)], "pdf", Path(builder.outdir),
                        (*NO_LAYOUT, viewport))
    return Tile(path, width, height)


def _laid_out(builder: Builder, node: kerasviz_graph) -> str:
    """The diagram's DOT with Graphviz's layout written in (laid out once, drawn per piece)."""
    return render_graph(builder, [node["dot"], node["safe_dot"]], "dot",
                        Path(builder.outdir)).read_text()


def check_legibility(node: kerasviz_graph, pdf: Path) -> None:
    """Warn when fitting the diagram to the page would print its labels under 6 pt."""
    box = media_box(pdf.read_bytes())
    if box is None:
        return
    label = fitted_label_pt((box.width, box.height), (print_width(node["width"]), TEXT_HEIGHT_PT))
    if label < MIN_PRINT_PT:
        logger.warning(
            "keras-model %s: labels print at %.2f pt in the PDF (under %g pt); try :wrap: N, "
            ":rankdir: LR or leaving nested models collapsed",
            node["model_name"],
            label,
            MIN_PRINT_PT,
            location=node,
            type="kerasviz",
            subtype="legibility",
        )


def print_width(width: str | None) -> float:
    """``:width:`` in points, within the narrowest text width Sphinx's LaTeX gives (A4)."""
    match = re.match(r"^([\d.]+)(%|px|pt|in|cm|mm)?$", width or "")
    if not match:
        return TEXT_WIDTH_PT
    value, unit = float(match.group(1)), match.group(2) or "px"
    points = value * TEXT_WIDTH_PT / 100 if unit == "%" else value * POINTS[unit]
    return min(points, TEXT_WIDTH_PT)


def _draw_html(builder: Builder, node: nodes.Element) -> None:
    if node.get("interactive"):
        variant_files(builder, node)
    else:
        html_picture(builder, node)


def _draw_latex(builder: Builder, node: nodes.Element) -> None:
    if isinstance(node, kerasviz_graph) and latex_parts(builder, node) is not None:
        return  # its pieces are drawn, not the whole
    draw(builder, node, "pdf", Path(builder.outdir), _pdf_args(node))


def _pdf_args(node: nodes.Element) -> tuple[str, ...]:
    return PDF_ARGS if isinstance(node, kerasviz_graph) else ()


DRAWERS: dict[str, Callable[[Builder, nodes.Element], None]] = {
    "html": _draw_html,
    "latex": _draw_latex,
}


#: Diagrams being drawn in the background while Sphinx reads on (:func:`prerender`).
_drawing: list[Future[None]] = []


@functools.cache
def _background() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(os.cpu_count(), "kerasviz-dot")


def prerender(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: draw every picture of ``doctree`` for the current builder, if it shows
    pictures; failures are left to the writer. Without ``-j N`` a diagram is drawn in the
    background (plots and layered views, drawn in Python, are not)."""
    drawer = DRAWERS.get(app.builder.format)
    if drawer is None:
        return
    for node in doctree.findall(lambda node: isinstance(node, PICTURES)):
        if app.parallel <= 1 and isinstance(node, kerasviz_graph):
            _drawing.append(_background().submit(_draw_quietly, drawer, app.builder, node))
        else:
            _draw_quietly(drawer, app.builder, node)


def finish_drawing(_app: Sphinx, _env: object) -> None:
    """``env-updated``: wait for the diagrams still being drawn, before pages are written."""
    while _drawing:
        _drawing.pop(0).result()


def _draw_quietly(drawer: Callable[[Builder, nodes.Element], None], builder: Builder,
                  node: nodes.Element) -> None:
    with contextlib.suppress(KerasvizError):
        drawer(builder, node)
