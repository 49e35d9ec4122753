"""Matplotlib plots as plain data: saved deterministically (SVG, PDF, PNG), content-addressed.

A *plot* is a frozen dataclass of plain data (tuples, floats, strings: picklable, with a
deterministic ``repr``) that has ``size`` (width, height in inches) and ``draw(figure)``, which
draws on a matplotlib ``Figure``. It never imports Keras.

How a directive shows one (see ``sphinxext/plot_directive.py``)::

    from sphinx_kerasviz.sphinxext.nodes import kerasviz_plot

    node = kerasviz_plot(plot=MyPlot(size=(6.0, 3.0), ...), alt="...", width=None,
                         align="center", model_name="short label for warnings",
                         directive="keras-weights")
    self.set_source_info(node)

Every builder then renders it: HTML an ``<img>`` of an SVG (or PNG, ``kerasviz_output_format``)
in ``<div class="kerasviz-plot align-...">``, LaTeX a vector PDF, text the alt text. A failing
``draw`` becomes one located warning. :class:`~.sphinxext.plot_directive.PlotDirective` gives a
directive the wrapper, the numbered figure for ``:caption:``/``:name:``, file paths and warnings.
Outside Sphinx: :func:`save_plot` (format from the suffix) and :func:`render_plot`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.files import content_name, publish, temp_beside

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FORMATS = ("svg", "pdf", "png")
#: The width of a plot in inches: Sphinx's LaTeX text width (6.27 in on A4, 6.5 in on letter)
#: takes it at 98% or more, and HTML shows it at 6.4 x 96 = 614 CSS pixels when the column is
#: that wide.
WIDTH = 6.4
#: The smallest text of a plot, in points: 9.3 CSS pixels in HTML at its natural size and 6.9 pt
#: in the PDF, above the legibility floor (9 px, 6 pt). Every text of a plot uses at least this.
SMALL = 7.0
#: Plots draw their frames and secondary lines in these greys.
FRAME, GRID = "#6c757d", "#dee2e6"
#: The tallest plot, in inches: a LaTeX page (9 in of text on letter paper) fits a picture to
#: 85% of its text height, so a taller one would print its text under 6 pt.
MAX_HEIGHT = 7.5
PART = 0.2  # inches added for the label of a part
#: One look for every matplotlib picture: text stays text, fonts are embedded, no text under
#: :data:`SMALL`, and fixed ids in the SVG (``svg.hashsalt``) so the bytes never change.
RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "kerasviz",
    "pdf.fonttype": 42,
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.titlesize": 8.5,
    "axes.labelsize": 8,
    "xtick.labelsize": SMALL,
    "ytick.labelsize": SMALL,
    "legend.fontsize": SMALL,
    "axes.linewidth": 0.6,
    "lines.linewidth": 1.2,
    "axes.edgecolor": "#343a40",
    "axes.labelcolor": "#212529",
    "text.color": "#212529",
    "xtick.color": "#343a40",
    "ytick.color": "#343a40",
    "axes.spines.top": False,
    "axes.spines.right": False,
}
#: No dates, no software versions: the same picture gives the same bytes.
METADATA: dict[str, dict[str, None]] = {
    "svg": {"Date": None},
    "pdf": {"CreationDate": None, "ModDate": None},
    "png": {"Software": None},
}
PNG_DPI = 144


@runtime_checkable
class Plot(Protocol):
    """What :func:`save_plot` draws: plain data with a size in inches and a ``draw`` method."""

    size: tuple[float, float]

    def draw(self, figure: Figure) -> None: ...


P = TypeVar("P", bound=Plot)
T = TypeVar("T")


def in_parts(make: Callable[[tuple[T, ...], str], P], groups: Iterable[Sequence[T]]) -> list[P]:
    """``make(everything, "")``, or when that would be taller than :data:`MAX_HEIGHT`, several
    plots of whole groups (layers), in order, each made with its label ``part 2 of 3``."""
    parts: list[tuple[T, ...]] = [()]
    for group in groups:
        if parts[-1] and make((*parts[-1], *group), "part").size[1] > MAX_HEIGHT:
            parts.append(())
        parts[-1] = (*parts[-1], *group)
    if len(parts) == 1:
        return [make(parts[0], "")]
    return [make(part, f"part {index} of {len(parts)}")
            for index, part in enumerate(parts, start=1)]


def label_part(figure: Figure, part: str) -> None:
    """``part 2 of 3`` at the top right of a plot that continues another."""
    if part:
        figure.suptitle(part, x=0.99, ha="right", fontsize=SMALL, color=FRAME)


def render_plot(plot: Plot, outdir: Path, fmt: str) -> Path:
    """Render ``plot`` into ``outdir`` under its content-hash name (kept if already there)."""
    path = outdir / content_name(repr(plot) + fmt, fmt)  # everything drawn, and the format
    return render_once(path, lambda path: save_plot(plot, path))


def render_once(path: Path, save: Callable[[Path], Path]) -> Path:
    """``path`` if it exists (names are content hashes), else what ``save(path)`` writes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return path if path.is_file() else save(path)


def save_plot(plot: Plot, path: Path) -> Path:
    """Write ``plot`` to ``path`` (svg, pdf or png from the suffix); raises ``KerasvizError``."""
    fmt = file_format(path)
    with temp_beside(path) as tmp:
        try:
            save_figure(plot.draw, plot.size, tmp, fmt)
        except Exception as exc:
            raise KerasvizError("render", f"drawing the plot failed: {exc}") from None
        publish(tmp, path)
    return path


def file_format(path: Path, formats: tuple[str, ...] = FORMATS) -> str:
    """The format a file name asks for; ``KerasvizError('option')`` if it is not one of ours."""
    fmt = path.suffix.lstrip(".").lower()
    if fmt not in formats:
        names = ", ".join(f".{f}" for f in formats[:-1]) + f" or .{formats[-1]}"
        raise KerasvizError("option", f"cannot write {path.name!r}: use {names}")
    return fmt


def save_figure(
    draw: Callable[[Figure], None], size: tuple[float, float], path: Path, fmt: str
) -> None:
    """Draw a new figure of ``size`` inches with the shared look and save it to ``path``."""
    with drawn(draw, size) as figure:
        figure.savefig(path, format=fmt, metadata=METADATA[fmt],
                       dpi=PNG_DPI if fmt == "png" else 72, transparent=False,
                       facecolor="white")


@contextmanager
def drawn(draw: Callable[[Figure], None], size: tuple[float, float]) -> Iterator[Figure]:
    """A new figure of ``size`` inches drawn by ``draw``; the shared look holds inside."""
    import matplotlib  # imported on first use: the extension starts without it
    from matplotlib.figure import Figure

    with matplotlib.rc_context(RC):
        figure = Figure(figsize=size, dpi=72)
        draw(figure)
        yield figure


def frame(ax: Axes) -> None:
    """A thin grey frame round an image panel, so that a white image keeps its edge."""
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color(FRAME)
        spine.set_linewidth(0.6)
