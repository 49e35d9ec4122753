"""Pictures of explanations as plots of :mod:`sphinx_kerasviz.drawing.figures` (no Keras).

Maps use ``inferno`` (perceptually even, readable in grey print); an overlay draws the map
half-transparent over the input in grey. Classes use the Okabe-Ito colours and a marker each.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from sphinx_kerasviz.drawing.figures import PART, SMALL, WIDTH, frame, in_parts, label_part
from sphinx_kerasviz.explain.data import ActivationMax, Activations, Attribution, Boundary

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, SubFigure

MAP = "inferno"
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442",
             "#000000")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
COLUMNS = 8  # feature maps or images per row
TITLES = {"vanilla": "gradient", "smoothgrad": "SmoothGrad", "gradcam": "Grad-CAM",
          "gradcam++": "Grad-CAM++", "guided": "guided Grad-CAM"}


def class_label(index: int, names: tuple[str, ...]) -> str:
    return names[index] if index < len(names) else f"class {index}"


def amount(value: float, kind: str) -> str:
    """A probability with two decimals (tiny ones in scientific notation), a score in three
    significant digits."""
    if kind.endswith("probability"):
        return f"{value:.2f}" if value >= 0.005 else f"{value:.1e}"
    return f"{value:.3g}"


def is_image(array: np.ndarray) -> bool:
    return array.ndim == 2 or (array.ndim == 3 and array.shape[-1] in (1, 3, 4))


def show_input(ax: Axes, image: np.ndarray) -> None:
    """An image input: grey for one channel, colour for three (stretched to [0, 1])."""
    if image.ndim == 3 and image.shape[-1] == 1:
        image = image[..., 0]
    if image.ndim == 3:
        lo, hi = float(image.min()), float(image.max())
        image = (image[..., :3] - lo) / ((hi - lo) or 1.0)
        ax.imshow(image, interpolation="nearest")
    else:
        ax.imshow(image, cmap="gray", interpolation="nearest")
    bare(ax)


def show_map(ax: Axes, values: np.ndarray, over: np.ndarray | None = None,
             vmin: float | None = None, vmax: float | None = None) -> None:
    """A 2-D map (alone, or half-transparent over the image ``over``)."""
    if over is not None:
        show_input(ax, over)
        height, width = over.shape[:2]
        ax.imshow(values, cmap=MAP, alpha=0.55, interpolation="bilinear",
                  extent=(-0.5, width - 0.5, height - 0.5, -0.5), vmin=vmin, vmax=vmax)
    else:
        ax.imshow(values, cmap=MAP, interpolation="nearest", vmin=vmin, vmax=vmax)
    bare(ax)


def bare(ax: Axes) -> None:
    """An image panel: no ticks, a thin frame (a mostly white image keeps its edge)."""
    ax.set_xticks([])
    ax.set_yticks([])
    frame(ax)


def bars(ax: Axes, values: np.ndarray, color: str = OKABE_ITO[0]) -> None:
    ax.bar(np.arange(len(values)), values, width=0.85, color=color, linewidth=0)
    ax.axhline(0, color="#343a40", linewidth=0.5)
    ax.set_xlim(-0.75, len(values) - 0.25)
    ax.locator_params(axis="y", nbins=3)
    if len(values) > 32:
        ax.locator_params(axis="x", nbins=8)
    else:
        ax.set_xticks(range(0, len(values), 1 if len(values) <= 16 else 2))


# -- activations -----------------------------------------------------------------------------


def map_rows(values: np.ndarray, most: int) -> int:
    """Rows a layer's output takes: its feature maps in rows of :data:`COLUMNS`, else one."""
    if values.ndim == 3:
        return -(-min(values.shape[-1], most) // COLUMNS)
    return 1


@dataclass(frozen=True)
class ActivationsPlot:
    """A band per layer: its feature maps (conv), bars or a heat strip (dense), a heatmap
    (sequences)."""

    size: tuple[float, float]
    result: Activations
    most: int  # feature maps shown per layer
    overlay: bool
    part: str = ""  # "part 2 of 3" when the layers take several plots

    @classmethod
    def of(cls, result: Activations, most: int, overlay: bool,
           part: str = "") -> ActivationsPlot:
        rows = sum(map_rows(layer.values.array, most) for layer in result.layers)
        height = 0.35 * len(result.layers) + 0.8 * rows + PART * bool(part)
        return cls((WIDTH, round(max(height, 1.2), 2)), result, most, overlay, part)

    @classmethod
    def parts(cls, result: Activations, most: int, overlay: bool) -> list[ActivationsPlot]:
        """One plot, or several of whole layers when one would be taller than a page."""
        return in_parts(lambda layers, part: cls.of(replace(result, layers=layers), most,
                                                    overlay, part),
                        [(layer,) for layer in result.layers])

    def draw(self, figure: Figure) -> None:
        label_part(figure, self.part)
        layers = self.result.layers
        ratios = [0.35 + 0.8 * map_rows(layer.values.array, self.most) for layer in layers]
        subfigures = figure.subfigures(len(layers), 1, height_ratios=ratios, squeeze=False)
        source = self.result.input.array
        for sub, layer in zip(subfigures[:, 0], layers, strict=True):
            values = layer.values.array
            shape = "\u00d7".join(str(d) for d in values.shape)
            sub.suptitle(f"{layer.name} ({layer.class_name}, {shape})", x=0.01, ha="left",
                         fontsize=8)
            if values.ndim == 3:
                self.feature_maps(sub, values, source if self.overlay else None)
            elif values.ndim == 1:
                ax = sub.subplots()
                if len(values) <= 64:
                    bars(ax, values)
                    sub.subplots_adjust(bottom=0.25, top=0.8)
                else:
                    show_map(ax, values[None, :])
                    ax.set_aspect("auto")
            else:
                ax = sub.subplots()
                show_map(ax, values.reshape(values.shape[0], -1).T)
                ax.set_aspect("auto")

    def feature_maps(self, sub: SubFigure, values: np.ndarray,
                     source: np.ndarray | None) -> None:
        count = min(values.shape[-1], self.most)
        rows = -(-count // COLUMNS)
        axes = sub.subplots(rows, COLUMNS, squeeze=False)
        for index, ax in enumerate(axes.flat):
            if index >= count:
                ax.set_axis_off()
                continue
            show_map(ax, values[..., index], over=source if source is not None
                     and is_image(source) else None)
            ax.set_title(str(index), fontsize=SMALL, pad=1.5)


# -- saliency and Grad-CAM -------------------------------------------------------------------


@dataclass(frozen=True)
class AttributionPlot:
    """A row per method: the input, the map, and the map over the input (images); a bar per
    input feature (vectors)."""

    size: tuple[float, float]
    result: Attribution
    names: tuple[str, ...] = ()  # class names

    @classmethod
    def of(cls, result: Attribution, names: tuple[str, ...] = ()) -> AttributionPlot:
        image = is_image(result.input.array)
        row = 2.1 if image else 1.3
        return cls((WIDTH if not image else 5.4, round(0.35 + row * len(result.maps), 2)),
                   result, names)

    @property
    def heading(self) -> str:
        """``probability of class 4: 0.98 (predicted)``: what the model gives for the class
        explained; the maps follow the class's score before any softmax or sigmoid."""
        r = self.result
        shown = (f"{r.output_kind} of {class_label(r.class_index, self.names)}: "
                 f"{amount(r.output, r.output_kind)}")
        if r.predicted == r.class_index:
            shown += " (predicted)"
        else:
            shown += f"; predicted: {class_label(r.predicted, self.names)}"
        return shown + (f"; maps at layer {r.layer}" if r.layer else "")

    def draw(self, figure: Figure) -> None:
        source = self.result.input.array
        image = is_image(source)
        axes = figure.subplots(len(self.result.maps), 3 if image else 1, squeeze=False)
        for row, (method, picture) in zip(axes, self.result.maps, strict=True):
            values = picture.array
            if image:
                show_input(row[0], source)
                row[0].set_ylabel(TITLES.get(method, method), fontsize=8)
                show_map(row[1], values, vmin=0)
                show_map(row[2], values, over=source, vmin=0)
                for ax, text in zip(row, ("input", TITLES.get(method, method), "overlay"),
                                    strict=True):
                    ax.set_title(text, fontsize=7.5, pad=2)
            else:
                bars(row[0], values.reshape(-1))
                row[0].set_title(TITLES.get(method, method), loc="left")
                row[0].set_xlabel("input feature")
        figure.suptitle(self.heading, fontsize=8.5)
        figure.tight_layout(pad=0.4)


# -- activation maximization ------------------------------------------------------------------


@dataclass(frozen=True)
class ActivationMaxPlot:
    """The optimised inputs in a grid, and the mean objective over the steps."""

    size: tuple[float, float]
    result: ActivationMax
    names: tuple[str, ...] = ()

    @classmethod
    def of(cls, result: ActivationMax, names: tuple[str, ...] = ()) -> ActivationMaxPlot:
        rows = -(-len(result.units) // COLUMNS)
        return cls((WIDTH, round(0.9 * rows + 1.5, 2)), result, names)

    def label(self, unit: int) -> str:
        if self.result.layer is None:
            return class_label(unit, self.names)
        return f"filter {unit}"

    def draw(self, figure: Figure) -> None:
        images = self.result.images.array
        rows = -(-len(self.result.units) // COLUMNS)
        top, bottom = figure.subfigures(2, 1, height_ratios=[0.9 * rows + 0.1, 1.4])
        axes = top.subplots(rows, COLUMNS, squeeze=False)
        for index, ax in enumerate(axes.flat):
            if index >= len(self.result.units):
                ax.set_axis_off()
                continue
            show_input(ax, images[index])
            ax.set_title(self.label(self.result.units[index]), fontsize=SMALL, pad=2)
        ax = bottom.subplots()
        ax.plot(range(len(self.result.history)), self.result.history, color=OKABE_ITO[0])
        what = "class score" if self.result.layer is None else \
            f"mean activation of {self.result.layer}"
        ax.set_xlabel("step")
        ax.set_ylabel(what if len(what) < 24 else "mean activation")
        ax.locator_params(axis="y", nbins=4)
        bottom.subplots_adjust(left=0.1, right=0.98, bottom=0.3, top=0.95)


# -- decision boundaries ---------------------------------------------------------------------


def class_colors(count: int) -> list[str]:
    if count <= len(OKABE_ITO):
        return list(OKABE_ITO[:count])
    import matplotlib

    cmap = matplotlib.colormaps["tab20"]
    return [matplotlib.colors.to_hex(cmap(i % 20)) for i in range(count)]


@dataclass(frozen=True)
class BoundaryPlot:
    """Regions filled in each class's colour, boundaries drawn, and the points on top."""

    size: tuple[float, float]
    result: Boundary
    names: tuple[str, ...] = ()
    feature_names: tuple[str, str] | None = None

    @classmethod
    def of(cls, result: Boundary, names: tuple[str, ...] = (),
           feature_names: tuple[str, str] | None = None) -> BoundaryPlot:
        return cls((5.4, 4.2), result, names, feature_names)

    def draw(self, figure: Figure) -> None:
        from matplotlib.colors import ListedColormap

        r = self.result
        colors = class_colors(r.count)
        ax = figure.subplots()
        classes = r.classes.array
        levels = np.arange(-0.5, r.count, 1.0)
        ax.contourf(r.xs, r.ys, classes, levels=levels, cmap=ListedColormap(colors),
                    alpha=0.28)
        ax.contour(r.xs, r.ys, classes, levels=levels[1:-1], colors="#212529",
                   linewidths=0.9)
        points = r.points.array
        labels = np.zeros(len(points), dtype=int) if r.labels is None else np.asarray(r.labels)
        for k in sorted(set(labels.tolist())):
            chosen = labels == k
            ax.scatter(points[chosen, 0], points[chosen, 1], s=14,
                       marker=MARKERS[k % len(MARKERS)], color=colors[k % len(colors)],
                       edgecolors="white", linewidths=0.4,
                       label=class_label(k, self.names) if r.labels is not None else "data")
        ax.set_xlim(r.xs[0], r.xs[-1])
        ax.set_ylim(r.ys[0], r.ys[-1])
        names = self.feature_names or r.names
        ax.set_xlabel(names[0])
        ax.set_ylabel(names[1])
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=SMALL,
                  borderaxespad=0)  # beside the plane: never over a point
        if r.filled:
            ax.set_title("held at: " + ", ".join(f"{n} {v:.2f}" for n, v in r.filled),
                         loc="left", fontsize=SMALL)
        figure.tight_layout(pad=0.4)
