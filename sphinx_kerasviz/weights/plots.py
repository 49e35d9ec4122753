"""Pictures of weight distributions as plots of :mod:`sphinx_kerasviz.drawing.figures` (no Keras).

:class:`WeightsPlot` shows each weight once (now); :class:`WeightsOverTimePlot` shows each
weight at every recorded epoch. Both lay weights out in a grid: a row per layer (more rows when
a layer has several weights of a kind), a column per kind (kernel, bias, other).
:func:`layer_parts` splits a deep model's weights into several plots no taller than a page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from sphinx_kerasviz.drawing.figures import PART, SMALL, WIDTH, P, in_parts, label_part
from sphinx_kerasviz.weights.data import KINDS, Distribution, WeightInfo

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: A colour per kind, none of them the blue and vermilion of training and validation in the
#: history plots: Tol's dark green, Okabe-Ito's reddish purple, grey; apart in colour-blind
#: vision and in grey print (dark, light, middle).
COLORS = {"kernel": "#117733", "bias": "#cc79a7", "other": "#666666"}
TINTS = {"kernel": "#b8d6c2", "bias": "#f0d7e5", "other": "#d9d9d9"}  # the fills, opaque
RIDGE = 0.9  # a ridge's height where ridges are one apart: filled ridges never overlap
MAX_RIDGES = 8  # epochs drawn by an over-time ridgeline (round numbers)

Item = tuple[WeightInfo, tuple[Distribution, ...]]
Cell = tuple[int, int, Item]  # row, column, weight


def layer_parts(make: Callable[[tuple[Item, ...], str], P], items: tuple[Item, ...]) -> list[P]:
    """The plots of ``items`` (see :func:`~sphinx_kerasviz.drawing.figures.in_parts`), each
    part whole layers."""
    layers: dict[str, list[Item]] = {}
    for item in items:
        layers.setdefault(item[0].layer, []).append(item)
    return in_parts(make, layers.values())


def grid(items: tuple[Item, ...]) -> tuple[int, int, list[Cell]]:
    """Rows, columns and cells: each layer starts a row, its kernels first, then biases, then
    the rest, wrapping after at most four columns."""
    layers: dict[str, list[Item]] = {}
    for item in items:
        layers.setdefault(item[0].layer, []).append(item)
    columns = min(4, max(len(group) for group in layers.values()))
    cells: list[Cell] = []
    row = 0
    for group in layers.values():
        group.sort(key=lambda item: KINDS.index(item[0].kind))  # stable: model order kept
        for index, item in enumerate(group):
            cells.append((row + index // columns, index % columns, item))
        row += -(-len(group) // columns)
    return row, columns, cells


def short(path: str, model: str) -> str:
    """A weight or layer path without the model's name in front (Sequential models add it)."""
    return path.removeprefix(f"{model}/") or path


def title(info: WeightInfo, model: str, columns: int = 2) -> str:
    """``dense_1/kernel (16x3)``, shortened from the left to fit a panel's width."""
    shape = "\u00d7".join(str(d) for d in info.shape) or "scalar"
    text = f"{short(info.path, model)} ({shape})"
    most = 84 // columns - 2
    return text if len(text) <= most else "\u2026" + text[1 - most:]


def finite(d: Distribution) -> int:
    return d.size - d.nonfinite


def constant(d: Distribution) -> bool:
    """Every finite value the same (an initial bias of zeros, a frozen scale of ones)."""
    return d.min == d.max


def stats(d: Distribution) -> str:
    """What a panel says under its axis: ``mean 0.012 · std 0.1``, or ``all 16 values 0``."""
    if not finite(d):
        text = "no finite values"
    elif constant(d):
        text = f"all {finite(d)} values {d.min:.3g}" if finite(d) > 1 else f"value {d.min:.3g}"
    else:
        text = f"mean {d.mean:.3g} \u00b7 std {d.std:.3g}"
    return text + (f" \u00b7 {d.nonfinite} NaN or inf" if d.nonfinite else "")


def x_range(distributions: Iterable[Distribution]) -> tuple[float, float]:
    """Limits that show every value; around a single value, a small range centred on it."""
    spans = [(d.min, d.max) for d in distributions if finite(d)] or [(0.0, 0.0)]
    lo, hi = min(s[0] for s in spans), max(s[1] for s in spans)
    pad = (hi - lo) * 0.03 or max(abs(lo) * 0.1, 0.05)
    return lo - pad, hi + pad


def draw_histogram(ax: Axes, d: Distribution, color: str, fill: str, base: float = 0.0,
                   height: float | None = None, **more: Any) -> None:
    """The filled histogram on ``base`` (scaled to ``height`` when given); a constant weight
    (every value the same) is a spike at its value, a triangle on top."""
    counts = np.asarray(d.counts, dtype=float)
    if height is not None:
        counts = counts * height / (counts.max() or 1)
    if constant(d):
        top = base + counts.max()
        ax.vlines(d.min, base, top, color=color, linewidth=2, **more)
        ax.plot([d.min], [top], "v", color=color, markersize=5, clip_on=False, **more)
        return
    ax.stairs(base + counts, d.edges, baseline=base, fill=True, facecolor=fill,
              edgecolor=color, linewidth=0.9, **more)


def value_ticks(ax: Axes, distributions: list[Distribution]) -> None:
    """When every weight is constant, the axis is marked at their values only."""
    if all(constant(d) for d in distributions):
        values = sorted({d.min for d in distributions if finite(d)})
        ax.set_xticks(values, [f"{v:.3g}" for v in values])


@dataclass(frozen=True)
class WeightsPlot:
    """The current weights of ``model``: a histogram per weight, or ridgelines per kind."""

    size: tuple[float, float]
    model: str
    style: str  # "histogram" or "ridgeline"
    items: tuple[Item, ...]  # each weight with one distribution
    part: str = ""  # "part 2 of 3" when the weights take several plots

    @classmethod
    def of(cls, model: str, style: str, items: tuple[Item, ...], part: str = "") -> WeightsPlot:
        if style == "ridgeline":
            height = sum(0.75 + 0.3 * len(group) for group in by_kind(items).values())
        else:
            height = 0.3 + 1.45 * grid(items)[0]
        return cls((WIDTH, round(height + PART * bool(part), 2)), model, style, items, part)

    def draw(self, figure: Figure) -> None:
        label_part(figure, self.part)
        if self.style == "ridgeline":
            groups = by_kind(self.items)
            axes = figure.subplots(len(groups), 1, squeeze=False,
                                   height_ratios=[0.75 + 0.3 * len(g) for g in groups.values()])
            for ax, (kind, group) in zip(axes[:, 0], groups.items(), strict=True):
                ridgeline(ax, group, kind, self.model)
        else:
            rows, columns, cells = grid(self.items)
            axes = figure.subplots(rows, columns, squeeze=False)
            for ax in axes.flat:
                ax.set_axis_off()
            for row, column, (info, series) in cells:
                histogram(axes[row, column], info, series[0], self.model, columns)
        figure.tight_layout(pad=1.0, h_pad=0.6)  # room for a wider fallback font


def by_kind(items: tuple[Item, ...]) -> dict[str, list[Item]]:
    groups: dict[str, list[Item]] = {kind: [] for kind in KINDS}
    for item in items:
        groups[item[0].kind].append(item)
    return {kind: group for kind, group in groups.items() if group}


def histogram(ax: Axes, info: WeightInfo, d: Distribution, model: str, columns: int) -> None:
    """A weight's histogram, its statistics under the axis (never over the bars)."""
    ax.set_axis_on()
    draw_histogram(ax, d, COLORS[info.kind], TINTS[info.kind], gid=f"kerasviz-weight-{info.path}")
    ax.set_xlim(*x_range([d]))
    ax.set_title(title(info, model, columns), loc="left")
    ax.set_xlabel(stats(d))
    ax.locator_params(axis="x", nbins=8 // columns + 1)
    value_ticks(ax, [d])
    ax.locator_params(axis="y", nbins=3)


def ridge(ax: Axes, d: Distribution, kind: str, base: int, limits: tuple[float, float],
          gid: str) -> None:
    """A filled ridge of :data:`RIDGE` height on ``base``; a constant weight's spike has its
    value written beside it (on the side with more room)."""
    draw_histogram(ax, d, COLORS[kind], TINTS[kind], base=base, height=RIDGE, gid=gid)
    if constant(d):
        right = d.min < sum(limits) / 2
        ax.annotate(stats(d), (d.min, base + RIDGE / 2), xytext=(6 if right else -6, 0),
                    textcoords="offset points", ha="left" if right else "right",
                    va="center", fontsize=SMALL, color=COLORS[kind])


def ridgeline(ax: Axes, items: list[Item], kind: str, model: str) -> None:
    """One filled ridge per weight (its histogram scaled to its own peak), the first on top;
    a constant weight is a spike with its value written beside it."""
    count = len(items)
    labels = []
    lo, hi = x_range(series[0] for _, series in items)
    for index, (info, series) in enumerate(items):
        ridge(ax, series[0], kind, count - 1 - index, (lo, hi), f"kerasviz-ridge-{info.path}")
        name = short(info.layer, model) if info.name == kind else short(info.path, model)
        labels.append(name if len(name) <= 32 else "\u2026" + name[-31:])
    ax.set_yticks(range(count - 1, -1, -1), labels)
    ax.set_ylim(-0.1, count - 1 + RIDGE + 0.35)
    ax.set_xlim(lo, hi)
    ax.set_title(kind, loc="left")
    ax.locator_params(axis="x", nbins=6)
    value_ticks(ax, [series[0] for _, series in items])
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)


@dataclass(frozen=True)
class WeightsOverTimePlot:
    """Each weight over the recorded ``epochs``: percentile bands, or a ridge per epoch."""

    size: tuple[float, float]
    model: str
    style: str  # "bands" or "ridgeline"
    epochs: tuple[int, ...]
    items: tuple[Item, ...]  # each weight with one distribution per epoch
    part: str = ""

    @classmethod
    def of(cls, model: str, style: str, epochs: tuple[int, ...], items: tuple[Item, ...],
           part: str = "") -> WeightsOverTimePlot:
        per_row = 1.9 if style == "ridgeline" else 1.45
        height = 0.3 + per_row * grid(items)[0] + PART * bool(part)
        return cls((WIDTH, round(height, 2)), model, style, epochs, items, part)

    def draw(self, figure: Figure) -> None:
        label_part(figure, self.part)
        rows, columns, cells = grid(self.items)
        axes = figure.subplots(rows, columns, squeeze=False)
        for ax in axes.flat:
            ax.set_axis_off()
        for row, column, item in cells:
            ax = axes[row, column]
            ax.set_axis_on()
            if self.style == "ridgeline":
                epoch_ridges(ax, item, self.epochs)
            else:
                bands(ax, item, self.epochs)
            ax.set_title(title(item[0], self.model, columns), loc="left")
            axis = "x" if self.style == "ridgeline" else "y"
            ax.locator_params(axis=axis, nbins=8 // columns + 1)
        figure.tight_layout(pad=1.0, h_pad=0.6)  # room for a wider fallback font


def bands(ax: Axes, item: Item, epochs: tuple[int, ...]) -> None:
    """TensorBoard's distributions: nested bands between the percentiles, the median as a line."""
    from matplotlib.ticker import MaxNLocator

    info, series = item
    color = COLORS[info.kind]
    p = np.array([d.percentiles for d in series])  # (epochs, 9)
    for low, alpha in ((0, 0.16), (1, 0.26), (2, 0.38), (3, 0.52)):
        ax.fill_between(epochs, p[:, low], p[:, 8 - low], color=color, alpha=alpha,
                        linewidth=0)
    ax.plot(epochs, p[:, 4], color=color, linewidth=1.1)
    ax.set_xlabel("epoch")
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax.margins(x=0)


def epoch_ridges(ax: Axes, item: Item, epochs: tuple[int, ...]) -> None:
    """TensorBoard's offset histograms: a filled ridge per epoch at round epoch numbers, the
    first at the top; ridges are apart, so none hides another."""
    info, series = item
    shown = round_epochs(epochs, MAX_RIDGES)
    count = len(shown)
    limits = x_range(series[i] for i in shown)
    for order, index in enumerate(shown):
        ridge(ax, series[index], info.kind, count - 1 - order, limits,
              f"kerasviz-ridge-{info.path}-{epochs[index]}")
    ax.set_yticks(range(count - 1, -1, -1), [str(epochs[i]) for i in shown])
    ax.set_ylim(-0.1, count - 1 + RIDGE + 0.35)
    ax.set_xlim(*limits)
    value_ticks(ax, [series[i] for i in shown])
    ax.set_ylabel("epoch")
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)


def round_epochs(epochs: tuple[int, ...], most: int) -> list[int]:
    """Indices of at most ``most`` recorded epochs at round numbers (0, 5, 10...: matplotlib's
    integer tick choice), the first recorded epoch always among them."""
    from matplotlib.ticker import MaxNLocator

    if len(epochs) <= most:
        return list(range(len(epochs)))
    wanted = MaxNLocator(nbins=most - 1, integer=True).tick_values(epochs[0], epochs[-1])
    return sorted({0} | {int(np.argmin(np.abs(np.asarray(epochs) - w))) for w in wanted
                         if epochs[0] <= w <= epochs[-1]})
