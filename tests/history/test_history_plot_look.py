"""What the history plot shows, measured on the drawn figure: legends beside the curves (never
over a point of them), integer epochs on axes that span the run, text above the legibility floor.
The log is the docs' ``history.csv``, written by a real 30-epoch training."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from matplotlib.legend import Legend

from sphinx_kerasviz.drawing.figures import MAX_HEIGHT
from sphinx_kerasviz.history.plot import best_of, history_plot
from sphinx_kerasviz.history.reader import read_history

from support.plot_checks import (
    HTML_FLOOR_PX,
    PDF_FLOOR_PT,
    extent,
    laid_out,
    points_inside,
    printed_sizes,
)

LOG = Path(__file__).parents[2] / "docs" / "_static" / "training" / "history.csv"


@pytest.fixture(scope="module")
def plots() -> list:
    history = read_history(LOG)
    best = best_of(history.get("val_loss"))
    return [history_plot(history, ("loss",), best=best), history_plot(history, best=best),
            history_plot(history, ("loss", "accuracy"), smoothing=0.6, log_y=True)]


def test_one_legend_above_the_panels_covers_no_point(plots: list) -> None:
    for plot in plots:
        with laid_out(plot) as figure:
            legends = figure.findobj(Legend)
            assert legends
            for legend in legends:
                box = extent(legend, figure)
                for ax in figure.axes:  # outside every panel: a legend of the figure
                    assert not box.overlaps(extent(ax, figure))
                    for line in ax.get_lines():
                        shown = ax.transData.transform(np.column_stack(line.get_data()))
                        assert points_inside(box, shown) == 0, line.get_gid()


def test_epoch_ticks_are_integers_and_the_axis_spans_the_run(plots: list) -> None:
    for plot in plots:
        with laid_out(plot) as figure:
            for ax in figure.axes:
                lo, hi = ax.get_xlim()
                assert (lo, hi) == (1, 30)
                ticks = [t.get_position()[0] for t in ax.get_xticklabels()
                         if lo <= t.get_position()[0] <= hi]
                assert ticks and all(float(t).is_integer() for t in ticks)
                labels = [t.get_text() for t in ax.get_xticklabels()]
                assert all(text.isdigit() for text in labels if text), labels


def test_every_text_is_above_the_legibility_floor(plots: list) -> None:
    for plot in plots:
        with laid_out(plot) as figure:
            html, pdf = printed_sizes(plot, figure)
        assert html >= HTML_FLOOR_PX and pdf >= PDF_FLOOR_PT, (html, pdf)


def test_many_metrics_fit_a_page_and_print_above_the_floor(tmp_path: Path) -> None:
    """Eight metrics, four rows of panels: at full row height the plot would be taller than a
    page, which shrinks it (text included) to fit; the rows are lower instead."""
    rows = LOG.read_text().splitlines()
    extra = ("precision", "recall", "auc", "mae", "top_k", "f1")
    head = rows[0] + "".join(f",{name},val_{name}" for name in extra)
    body = [row + "".join(f",{row.split(',')[1]},{row.split(',')[3]}" for _ in extra)
            for row in rows[1:]]  # each the logged accuracy and val_accuracy
    log = tmp_path / "many.csv"
    log.write_text("\n".join([head, *body]) + "\n")
    plot = history_plot(read_history(log))
    assert len(plot.panels) == 8 and plot.size[1] <= MAX_HEIGHT
    with laid_out(plot) as figure:
        html, pdf = printed_sizes(plot, figure)
        for ax in figure.axes:  # every panel keeps room for its curves
            assert extent(ax, figure).height >= 0.6 * 72
    assert html >= HTML_FLOOR_PX and pdf >= PDF_FLOOR_PT, (html, pdf)
