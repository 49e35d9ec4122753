"""Training curves as a plot: one panel per metric (with its ``val_`` twin), best epoch marked.

Pure data in, a :class:`HistoryPlot` out (see :mod:`sphinx_kerasviz.drawing.figures`);
matplotlib is imported only when the plot is drawn. Also the alt text of such a plot.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sphinx_kerasviz.drawing.figures import GRID, MAX_HEIGHT, SMALL
from sphinx_kerasviz.history.data import History, Series

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Okabe-Ito blue and vermilion: told apart with colour blindness, and by line style in grey.
TRAIN, VALIDATION, MARK = "#0072b2", "#d55e00", "#343a40"
#: Metrics where higher is better; every other metric (loss, error, mse...) is best at its min.
_HIGHER = re.compile(r"acc|auc|precision|recall|f1|fbeta|iou|dice|r2|score|pearson|spearman|"
                     r"top_?k|true_positives|true_negatives|specificity|sensitivity")
WIDTH, ROW_HEIGHT, MIN_ROW_HEIGHT = 6.2, 2.3, 1.2


def higher_is_better(name: str) -> bool:
    """True for accuracy-like metrics (accuracy, auc, precision...), False for loss-like ones."""
    base = base_name(name).lower()
    return bool(_HIGHER.search(base)) and not re.search(r"loss|error|entropy", base)


def base_name(name: str) -> str:
    """``val_loss`` -> ``loss``: the panel a series belongs to."""
    return name[4:] if name.startswith("val_") else name


def smooth(values: tuple[float, ...], weight: float) -> tuple[float, ...]:
    """TensorBoard's smoothing: a debiased exponential moving average (NaN passes through)."""
    if weight <= 0:
        return values
    last, count, out = 0.0, 0, []
    for value in values:
        if not math.isfinite(value):
            out.append(value)
            continue
        last = last * weight + (1 - weight) * value
        count += 1
        out.append(last / (1 - weight**count))
    return tuple(out)


@dataclass(frozen=True)
class Best:
    """The best epoch of one series: ``max`` or ``min``, its epoch and value."""

    series: str
    epoch: int
    value: float
    maximum: bool


def best_of(series: Series, maximum: bool | None = None) -> Best | None:
    """The epoch with the best value (the first, on a tie); None if nothing is finite."""
    if maximum is None:
        maximum = higher_is_better(series.name)
    finite = [(e, v) for e, v in zip(series.epochs, series.values, strict=True)
              if math.isfinite(v)]
    if not finite:
        return None
    if maximum:
        epoch, value = max(finite, key=lambda item: (item[1], -item[0]))
    else:
        epoch, value = min(finite, key=lambda item: (item[1], item[0]))
    return Best(series.name, epoch, value, maximum)


@dataclass(frozen=True)
class Curve:
    """One series as drawn: the logged values, and the smoothed ones (None when not smoothed)."""

    name: str
    epochs: tuple[int, ...]
    values: tuple[float, ...]
    smoothed: tuple[float, ...] | None = None

    @property
    def validation(self) -> bool:
        return self.name.startswith("val_")


@dataclass(frozen=True)
class Panel:
    """One metric: its training curve and its ``val_`` twin, whichever were logged."""

    metric: str
    curves: tuple[Curve, ...]


@dataclass(frozen=True)
class HistoryPlot:
    """Small multiples of the training curves, one legend above them (never over a curve);
    ``best`` is marked in every panel."""

    panels: tuple[Panel, ...]
    log_y: bool = False
    best: Best | None = None
    size: tuple[float, float] = (WIDTH, ROW_HEIGHT + 0.4)

    def series(self) -> dict[str, tuple[tuple[int, ...], tuple[float, ...]]]:
        """Every plotted series by name: ``(epochs, logged values)``."""
        return {c.name: (c.epochs, c.values) for p in self.panels for c in p.curves}

    def draw(self, figure: Figure) -> None:
        figure.set_layout_engine("constrained", h_pad=0.06, w_pad=0.06)
        columns = 1 if len(self.panels) == 1 else 2
        rows = math.ceil(len(self.panels) / columns)
        epochs = [e for p in self.panels for c in p.curves for e in c.epochs]
        span = min(epochs), max(max(epochs), min(epochs) + 1)
        for index, panel in enumerate(self.panels):
            axes = figure.add_subplot(rows, columns, index + 1)
            _panel(axes, panel, self, span, bottom=index >= len(self.panels) - columns)
        if any(len(panel.curves) > 1 for panel in self.panels):
            handles = {h.get_label(): h for a in figure.axes for h in a.get_lines()
                       if not h.get_label().startswith("_")}
            figure.legend(list(handles.values()), list(handles), loc="outside upper right",
                          ncols=2, frameon=False)


def history_plot(history: History, metrics: tuple[str, ...] | None = None,
                 smoothing: float = 0.0, log_y: bool = False,
                 best: Best | None = None) -> HistoryPlot:
    """The panels of ``metrics`` (a name and its ``val_`` twin; all when None), in order."""
    panels = [
        Panel(name, tuple(
            Curve(s.name, s.epochs, s.values, smooth(s.values, smoothing) if smoothing else None)
            for s in members))
        for name, members in group(history, metrics)
    ]
    rows = math.ceil(len(panels) / (1 if len(panels) == 1 else 2))
    return HistoryPlot(tuple(panels), log_y, best, (WIDTH, round(row_height(rows) * rows + 0.3,
                                                                 2)))


def row_height(rows: int) -> float:
    """A row of panels is :data:`ROW_HEIGHT` tall, lower when there are many rows, so that up
    to six rows fit a page (a LaTeX page shrinks a taller picture, text included)."""
    return max(MIN_ROW_HEIGHT, min(ROW_HEIGHT, (MAX_HEIGHT - 0.3) / rows))


def group(history: History, metrics: tuple[str, ...] | None) -> list[tuple[str, list[Series]]]:
    """``(panel name, series)``: ``loss`` first, then the others in alphabetical order.

    A name in ``metrics`` takes its ``val_`` twin along (``val_loss`` alone takes only itself).
    """
    if metrics is None:
        names = sorted({base_name(n) for n in history.names()}, key=lambda n: (n != "loss", n))
        metrics = tuple(names)
    out = []
    for name in metrics:
        wanted = [name] if name.startswith("val_") else [name, f"val_{name}"]
        members = [s for s in (history.get(n) for n in wanted) if s is not None]
        if members:
            out.append((name, members))
    return out


def _panel(axes: Axes, panel: Panel, plot: HistoryPlot, span: tuple[int, int],
           bottom: bool) -> None:
    from matplotlib.ticker import LogFormatter, MaxNLocator

    for curve in panel.curves:
        colour = VALIDATION if curve.validation else TRAIN
        style = "--" if curve.validation else "-"
        label = "validation" if curve.validation else "training"
        if curve.smoothed is not None:
            axes.plot(curve.epochs, curve.values, style, color=colour, alpha=0.3, lw=0.8,
                      gid=f"kerasviz-raw-{curve.name}")
        axes.plot(curve.epochs, curve.smoothed or curve.values, style, color=colour,
                  label=label, gid=f"kerasviz-series-{curve.name}")
    best = plot.best
    if best is not None:
        axes.axvline(best.epoch, color=MARK, lw=0.8, ls=":", zorder=1)
        if any(c.name == best.series for c in panel.curves):
            axes.plot([best.epoch], [best.value], "o", ms=5, mfc="white", mec=MARK, mew=1.2,
                      gid="kerasviz-best", zorder=5)
            axes.annotate(f"best: epoch {best.epoch}", (best.epoch, best.value),
                          xytext=(4, 6), textcoords="offset points", fontsize=SMALL, color=MARK)
    if plot.log_y:  # plain numbers: the default's superscript exponents print at 70%
        axes.set_yscale("log")
        axes.yaxis.set_major_formatter(LogFormatter())
        axes.yaxis.set_minor_formatter(LogFormatter(labelOnlyBase=False,
                                                    minor_thresholds=(2, 0.5)))
    axes.set_title(panel.metric, loc="left")
    axes.set_xlim(*span)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(True, color=GRID, lw=0.5)
    if bottom:
        axes.set_xlabel("epoch")


def number(value: float) -> str:
    """Four significant digits, as the table and the alt text show values."""
    return f"{value:.4g}" if math.isfinite(value) else "n/a"


def alt_text(plot: HistoryPlot) -> str:
    """``Training history over 30 epochs: loss, accuracy; best val_loss 0.169 at epoch 23.``"""
    epochs = max(e for p in plot.panels for c in p.curves for e in c.epochs)
    text = f"Training history over {epochs} epochs: {', '.join(p.metric for p in plot.panels)}"
    if plot.best:
        text += (f"; best {plot.best.series} {number(plot.best.value)} at epoch "
                 f"{plot.best.epoch}")
    return text + "."
