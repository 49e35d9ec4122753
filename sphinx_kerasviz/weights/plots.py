"""Pictures of weight distributions as plots of :mod:`sphinx_kerasviz.drawing.figures` (no Keras).

:class:`WeightsPlot` shows each weight once (now); :class:`WeightsOverTimePlot` shows each
weight at every recorded epoch. Both lay weights out in a grid: a row per layer (more rows when
a layer has several weights of a kind), a column per kind (kernel, bias, other).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from sphinx_kerasviz.weights.data import KINDS, Distribution, WeightInfo

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Okabe-Ito colours, one per kind: distinct in colour-blind vision and in grey print.
COLORS = {"kernel": "#0072B2", "bias": "#D55E00", "other": "#009E73"}
TINTS = {"kernel": "#b3d4e8", "bias": "#f2cfb3", "other": "#b3e2d5"}  # the fills, opaque
WIDTH = 6.4  # inches: the text width of Sphinx's LaTeX page
MAX_RIDGES = 24  # epochs drawn by an over-time ridgeline (evenly spread, first and last kept)

Item = tuple[WeightInfo, tuple[Distribution, ...]]
Cell = tuple[int, int, Item]  # row, column, weight


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


def x_range(distributions: Iterable[Distribution]) -> tuple[float, float]:
    """Limits that show every value (a constant weight does not widen them to +-0.5)."""
    spans = [(d.min, d.max) for d in distributions if d.size > d.nonfinite] or [(0.0, 0.0)]
    lo, hi = min(s[0] for s in spans), max(s[1] for s in spans)
    pad = (hi - lo) * 0.03 or max(abs(lo) * 0.1, 0.05)
    return lo - pad, hi + pad


def draw_histogram(ax: Axes, d: Distribution, color: str, base: float = 0.0,
                   height: float | None = None, fill: str | None = None,
                   **line: Any) -> None:
    """The histogram on ``base`` (scaled to ``height`` when given); a constant weight (every
    value the same) is a spike at its value."""
    counts = np.asarray(d.counts, dtype=float)
    if height is not None:
        counts = counts * height / (counts.max() or 1)
    if d.min == d.max:
        ax.vlines(d.min, base, base + counts.max(), color=color, linewidth=1.6, **line)
        return
    if fill:
        ax.stairs(base + counts, d.edges, baseline=base, fill=True, color=fill, linewidth=0,
                  **line)
    ax.stairs(base + counts, d.edges, baseline=base, color=color, linewidth=0.9, **line)


@dataclass(frozen=True)
class WeightsPlot:
    """The current weights of ``model``: a histogram per weight, or ridgelines per kind."""

    size: tuple[float, float]
    model: str
    style: str  # "histogram" or "ridgeline"
    items: tuple[Item, ...]  # each weight with one distribution

    @classmethod
    def of(cls, model: str, style: str, items: tuple[Item, ...]) -> WeightsPlot:
        if style == "ridgeline":
            height = sum(0.75 + 0.3 * len(group) for group in by_kind(items).values())
        else:
            height = 0.3 + 1.35 * grid(items)[0]
        return cls((WIDTH, round(height, 2)), model, style, items)

    def draw(self, figure: Figure) -> None:
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
        figure.tight_layout(pad=0.4, h_pad=0.6)


def by_kind(items: tuple[Item, ...]) -> dict[str, list[Item]]:
    groups: dict[str, list[Item]] = {kind: [] for kind in KINDS}
    for item in items:
        groups[item[0].kind].append(item)
    return {kind: group for kind, group in groups.items() if group}


def histogram(ax: Axes, info: WeightInfo, d: Distribution, model: str, columns: int) -> None:
    ax.set_axis_on()
    color = COLORS[info.kind]
    draw_histogram(ax, d, color, fill=TINTS[info.kind])
    ax.set_xlim(*x_range([d]))
    ax.set_title(title(info, model, columns), loc="left")
    ax.text(0.99, 0.97, f"mean {d.mean:.3g}\nstd {d.std:.3g}", transform=ax.transAxes,
            ha="right", va="top", fontsize=7,
            bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 1})
    ax.locator_params(axis="x", nbins=8 // columns + 1)
    ax.locator_params(axis="y", nbins=3)


def ridgeline(ax: Axes, items: list[Item], kind: str, model: str) -> None:
    """One ridge per weight (its histogram scaled to its own peak), the first one on top."""
    count = len(items)
    labels = []
    for index, (info, series) in enumerate(items):
        draw_histogram(ax, series[0], COLORS[kind], base=count - 1 - index, height=1.6,
                       fill=TINTS[kind], zorder=index)
        name = short(info.layer, model) if info.name == kind else short(info.path, model)
        labels.append(name if len(name) <= 32 else "\u2026" + name[-31:])
    ax.set_yticks(range(count - 1, -1, -1), labels)
    ax.set_ylim(-0.15, count + 0.75)
    ax.set_xlim(*x_range(series[0] for _, series in items))
    ax.set_title(kind, loc="left")
    ax.locator_params(axis="x", nbins=6)
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

    @classmethod
    def of(cls, model: str, style: str, epochs: tuple[int, ...],
           items: tuple[Item, ...]) -> WeightsOverTimePlot:
        per_row = 1.9 if style == "ridgeline" else 1.45
        height = 0.3 + per_row * grid(items)[0]
        return cls((WIDTH, round(height, 2)), model, style, epochs, items)

    def draw(self, figure: Figure) -> None:
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
        figure.tight_layout(pad=0.4, h_pad=0.6)


def bands(ax: Axes, item: Item, epochs: tuple[int, ...]) -> None:
    """TensorBoard's distributions: nested bands between the percentiles, the median as a line."""
    info, series = item
    color = COLORS[info.kind]
    p = np.array([d.percentiles for d in series])  # (epochs, 9)
    for low, alpha in ((0, 0.16), (1, 0.26), (2, 0.38), (3, 0.52)):
        ax.fill_between(epochs, p[:, low], p[:, 8 - low], color=color, alpha=alpha,
                        linewidth=0)
    ax.plot(epochs, p[:, 4], color=color, linewidth=1.1)
    ax.set_xlabel("epoch")
    ticks = [epochs[i] for i in spread(len(epochs), 6)]
    ax.set_xticks(ticks, [str(t) for t in ticks])
    ax.margins(x=0)


def epoch_ridges(ax: Axes, item: Item, epochs: tuple[int, ...]) -> None:
    """TensorBoard's offset histograms: a ridge per epoch, the first epoch at the back (top)."""
    info, series = item
    shown = spread(len(epochs), MAX_RIDGES)
    for order, index in enumerate(shown):
        draw_histogram(ax, series[index], COLORS[info.kind], base=len(shown) - 1 - order,
                       height=2.2, fill="white", zorder=order,
                       alpha=0.45 + 0.55 * order / max(len(shown) - 1, 1))
    ticks = spread(len(shown), 7)
    ax.set_yticks([len(shown) - 1 - t for t in ticks], [str(epochs[shown[t]]) for t in ticks])
    ax.set_ylim(-0.2, len(shown) + 1.3)
    ax.set_xlim(*x_range(series[i] for i in shown))
    ax.set_ylabel("epoch")
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)


def spread(count: int, most: int) -> list[int]:
    """At most ``most`` indices out of ``range(count)``, evenly spread, first and last kept."""
    if count <= most:
        return list(range(count))
    return sorted({round(i * (count - 1) / (most - 1)) for i in range(most)})
