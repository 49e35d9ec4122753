"""Measuring drawn matplotlib plots: text sizes as the reader gets them, and overlaps.

A plot is drawn by its own ``draw`` through :func:`sphinx_kerasviz.drawing.figures.drawn` (the
shared look), then laid out (``draw_without_rendering``), so every artist has its final place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import rgb_to_hsv, to_rgb
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from sphinx_kerasviz.drawing.figures import drawn

#: Sphinx's LaTeX text: 6.27 in wide on A4 (narrower than letter's 6.5), 9 in high on letter
#: (shorter than A4's 9.69); a picture is fitted to the width and to 85% of the height.
TEXT_WIDTH, TEXT_HEIGHT = 6.27, 9.0
HTML_FLOOR_PX, PDF_FLOOR_PT = 9.0, 6.0
#: Mathtext super- and subscripts (``$10^{-1}$``, a log axis's default labels) print at 70%.
MATH_SCRIPT, SCRIPT = re.compile(r"\$.*[\^_].*\$"), 0.7


@contextmanager
def laid_out(plot: Any) -> Iterator[Figure]:
    """The plot drawn on a figure of its size, every artist placed."""
    with drawn(plot.draw, plot.size) as figure:
        FigureCanvasAgg(figure)
        figure.draw_without_rendering()
        yield figure


def texts(figure: Figure) -> list[Text]:
    """Every visible, non-empty text of the figure (titles, labels, ticks, legends...)."""
    return [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()
            and t.get_figure(root=True) is figure]


def printed_sizes(plot: Any, figure: Figure) -> tuple[float, float]:
    """The smallest text in CSS pixels (HTML, at the plot's natural width of 96 px per inch)
    and in points in the PDF (fitted to :data:`TEXT_WIDTH` and 85% of :data:`TEXT_HEIGHT`)."""
    width, height = plot.size
    smallest = min(t.get_fontsize() * (SCRIPT if MATH_SCRIPT.search(t.get_text()) else 1)
                   for t in texts(figure))
    scale = min(1.0, TEXT_WIDTH / width, 0.85 * TEXT_HEIGHT / height)
    return smallest * 96 / 72, smallest * scale


def extent(artist: Any, figure: Figure) -> Bbox:
    return artist.get_window_extent(figure.canvas.get_renderer())


def points_inside(box: Bbox, display_points: np.ndarray) -> int:
    """How many display points lie inside ``box``."""
    x, y = display_points[:, 0], display_points[:, 1]
    return int(np.sum((x > box.x0) & (x < box.x1) & (y > box.y0) & (y < box.y1)))


def hue_apart(one: str, other: str) -> float:
    """The distance between two colours' hues, in degrees (0 to 180)."""
    first, second = (rgb_to_hsv(to_rgb(c))[0] * 360 for c in (one, other))
    return min(abs(first - second), 360 - abs(first - second))
