"""Weight distributions as plain data: histograms and summary statistics, no Keras.

Values are summarised in float64; NaN and infinite values are only counted. A histogram has
``bins`` equal-width bins from ``lo`` to ``hi``: the weight's minimum and maximum, or
``value - 0.5`` and ``value + 0.5`` when every value is the same (what :func:`numpy.histogram`
does), so its counts equal ``numpy.histogram(values, bins)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

#: TensorBoard's distribution basis points as percentiles: the minimum, the percentiles a normal
#: distribution has at -1.5, -1, -0.5, 0, 0.5, 1 and 1.5 standard deviations, the maximum.
PERCENTILES = (0.0, 6.68, 15.87, 30.85, 50.0, 69.15, 84.13, 93.32, 100.0)
DEFAULT_BINS = 30
KINDS = ("kernel", "bias", "other")


@dataclass(frozen=True)
class Distribution:
    """The histogram and statistics of one weight at one moment."""

    lo: float
    hi: float
    counts: tuple[int, ...]
    min: float
    max: float
    mean: float
    std: float  # population standard deviation
    percentiles: tuple[float, ...]  # at :data:`PERCENTILES`
    nonfinite: int = 0  # NaN and infinite values, left out of everything else

    @property
    def size(self) -> int:
        return sum(self.counts) + self.nonfinite

    @property
    def edges(self) -> np.ndarray:
        return np.linspace(self.lo, self.hi, len(self.counts) + 1)


@dataclass(frozen=True)
class WeightInfo:
    """One weight variable: its full path (``dense_1/kernel``), its layer's path and kind."""

    path: str
    shape: tuple[int, ...]
    dtype: str = "float32"
    trainable: bool = True

    @property
    def layer(self) -> str:
        return self.path.rpartition("/")[0] or self.path

    @property
    def name(self) -> str:
        return self.path.rpartition("/")[2]

    @property
    def kind(self) -> str:
        return kind_of(self.name)

    @property
    def size(self) -> int:
        return int(np.prod(self.shape, dtype=np.int64))


def kind_of(name: str) -> str:
    """``kernel`` (also ``recurrent_kernel``, ``depthwise_kernel``...), ``bias`` or ``other``;
    a numbering suffix (``kernel (2)``, a TensorBoard label; ``kernel#2``) is ignored."""
    name = re.sub(r"(?: \(\d+\)|#\d+)$", "", name)
    if name.endswith("kernel"):
        return "kernel"
    return "bias" if name.endswith("bias") else "other"


def distribution(values: object, bins: int = DEFAULT_BINS) -> Distribution:
    """Summarise an array of numbers (any shape) in float64."""
    every = np.asarray(values, dtype=np.float64).ravel()
    flat = every[np.isfinite(every)]
    nonfinite = int(every.size - flat.size)
    if flat.size == 0:
        return Distribution(0.0, 0.0, (0,) * bins, 0.0, 0.0, 0.0, 0.0,
                            (0.0,) * len(PERCENTILES), nonfinite)
    edges = np.histogram_bin_edges(flat, bins)
    counts, _ = np.histogram(flat, edges)
    return Distribution(
        lo=float(edges[0]),
        hi=float(edges[-1]),
        counts=tuple(int(c) for c in counts),
        min=float(flat.min()),
        max=float(flat.max()),
        mean=float(flat.mean()),
        std=float(flat.std()),
        percentiles=tuple(float(p) for p in np.percentile(flat, PERCENTILES)),
        nonfinite=nonfinite,
    )


def layer_matches(layer: str, names: tuple[str, ...]) -> bool:
    """Whether a layer path (``encoder/hidden``) is named in ``names`` by path or last part."""
    return layer in names or layer.rpartition("/")[2] in names


def model_weights(variables: list[Any], trainable: set[int]) -> list[tuple[WeightInfo, Any]]:
    """Each Keras variable with its :class:`WeightInfo` (``trainable`` holds the ids of the
    trainable ones); a path seen before gets ``#2``, ``#3``..."""
    seen: dict[str, int] = {}
    result = []
    for variable in variables:
        path = str(getattr(variable, "path", None) or variable.name)
        seen[path] = seen.get(path, 0) + 1
        if seen[path] > 1:
            path = f"{path}#{seen[path]}"
        info = WeightInfo(path, tuple(int(d) for d in variable.shape),
                          str(getattr(variable.dtype, "name", variable.dtype)),
                          id(variable) in trainable)
        result.append((info, variable))
    return result
